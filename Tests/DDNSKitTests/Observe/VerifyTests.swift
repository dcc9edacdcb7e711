import DDNSFakeProvider
import Foundation
import Testing

@testable import DDNSKit

/// verify=yes/drift against a loopback authoritative DNS responder (verify-server), for an
/// HTTP provider.
@Suite struct VerifyTests {
    func config(_ provider: FakeHTTPServer, _ dns: FakeDNSResponder, _ directory: String, mode: String) -> String {
        """
        ssl=no, cache=\(directory)/c, min-interval=0
        use=ip, ip=198.51.100.20
        protocol=dyndns2, server=\(provider.hostAndPort), login=bob, password=pw, verify=\(mode), verify-server=\(dns.hostAndPort), verify-delay=0 a.example.com
        """
    }

    @Test(
        "verify=yes: -status shows verified, mismatch or not yet, from the authoritative answer",
        arguments: [
            ("198.51.100.20", "verified: the authoritative servers answer it", "yes"),
            ("198.51.100.99", "mismatch: the authoritative servers answer 198.51.100.99", "mismatch"),
            (nil, "not yet: the authoritative servers do not answer it yet", "pending"),
        ] as [(String?, String, String)])
    func verification(answer: String?, shown: String, verdict: String) throws {
        let provider = try dyndnsServer()
        let dns = try FakeDNSResponder(answers: answer.map { ["a.example.com": [.a($0)]] } ?? [:])
        defer {
            provider.stop()
            dns.stop()
        }
        let directory = temporaryDirectory()
        let path = try writeConfig(config(provider, dns, directory, mode: "yes"), in: directory)
        let run = try runDDSwift(["-file", path, "-verbose"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(dns.questions.contains { $0.name == "a.example.com" && $0.type == 1 })
        let status = try runDDSwift(["-file", path, "-status"])
        #expect(status.stdout.contains("IPv4 DNS:    \(shown)"), "\(status.stdout)")
        let json = try runDDSwift(["-file", path, "-status", "-json"])
        #expect(json.stdout.contains("\"verified\":\"\(verdict)\""), "\(json.stdout)")
    }

    /// A mismatch means the update did not take: the operator hears of it like a failure
    /// (webhook and notify-cmd, event `mismatch`, in the default notify-events), once the
    /// verifier has the answer; a healthchecks ping is not sent twice.
    @Test("a verification mismatch is notified: webhook, notify-cmd and the JSON log carry event 'mismatch'")
    func mismatchNotified() throws {
        let provider = try dyndnsServer()
        let dns = try FakeDNSResponder(answers: ["a.example.com": [.a("198.51.100.99")]])
        let hooks = try FakeHTTPServer { _ in .text("ok\n") }
        defer {
            provider.stop()
            dns.stop()
            hooks.stop()
        }
        let directory = temporaryDirectory()
        let events = directory + "/events"
        let notify =
            "notify='\(hooks.baseURL)/hook,\(hooks.baseURL)/ping/abc', notify-cmd='echo $DDSWIFT_EVENT $DDSWIFT_ADDRESS >> \(events)'"
        let path = try writeConfig(notify + "\n" + config(provider, dns, directory, mode: "yes"), in: directory)
        let run = try runDDSwift(["-file", path, "-log-format=json"])
        #expect(run.status == 0, "\(run.stderr)")
        let posted = hooks.requests.filter { $0.path == "/hook" }.map(\.bodyText)
        #expect(posted.count == 2, "\(posted)")  // updated, then mismatch
        let mismatch = try #require(posted.first { $0.contains("\"event\":\"mismatch\"") }, "\(posted)")
        #expect(mismatch.contains("\"address\":\"198.51.100.20\""))
        #expect(mismatch.contains("answer 198.51.100.99 for IPv4, not 198.51.100.20"), "\(mismatch)")
        #expect(hooks.requests.filter { $0.path == "/ping/abc" }.count == 1)  // and /start; not again
        #expect(
            try String(contentsOfFile: events, encoding: .utf8) == "updated 198.51.100.20\nmismatch 198.51.100.20\n")
        #expect(run.stderr.contains("\"event\":\"mismatch\""), "\(run.stderr)")

        // notify-events without it: no mismatch notification.
        try (notify + ", notify-events=updated\n" + config(provider, dns, directory, mode: "yes")).write(
            toFile: path, atomically: false, encoding: .utf8)
        hooks.clearRequests()
        #expect(try runDDSwift(["-file", path, "-force"]).status == 0)
        #expect(
            hooks.requests.filter { $0.path == "/hook" }.map(\.bodyText).allSatisfy {
                $0.contains("\"event\":\"updated\"")
            })
    }

    @Test("the verifier waits verify-delay without the cache lock: a hook's run meanwhile is not turned away")
    func verifyOutsideTheLock() throws {
        let provider = try dyndnsServer()
        let dns = try FakeDNSResponder(answers: ["a.example.com": [.a("198.51.100.20")]])
        defer {
            provider.stop()
            dns.stop()
        }
        let directory = temporaryDirectory()
        let path = try writeConfig(
            config(provider, dns, directory, mode: "yes").replacingOccurrences(
                of: "verify-delay=0", with: "verify-delay=3"),
            in: directory)
        let first = try startDDSwift(["-file", path])
        let deadline = Date().addingTimeInterval(5)
        while provider.requests.isEmpty && Date() < deadline { usleep(20_000) }
        usleep(300_000)
        let second = try runDDSwift(["-file", path], environment: ["DDSWIFT_LOCK_WAIT": "1"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(first.finish().status == 0)
        #expect(try runDDSwift(["-file", path, "-status"]).stdout.contains("verified"))
    }

    @Test("verify=drift: a record changed at the provider is sent again, checked at most once per hour")
    func drift() throws {
        let provider = try dyndnsServer()
        let same = try FakeDNSResponder(answers: ["a.example.com": [.a("198.51.100.20")]])
        let changed = try FakeDNSResponder(answers: ["a.example.com": [.a("198.51.100.77")]])
        defer {
            provider.stop()
            same.stop()
            changed.stop()
        }
        let directory = temporaryDirectory()
        let path = try writeConfig(config(provider, same, directory, mode: "drift"), in: directory)
        #expect(try runDDSwift(["-file", path]).status == 0)
        #expect(provider.requests.count == 1)
        // Someone changes the record at the provider: the authority now answers .77.
        _ = try writeConfig(config(provider, changed, directory, mode: "drift"), in: directory)
        let second = try runDDSwift(["-file", path])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("answer 198.51.100.77 for IPv4, not 198.51.100.20"), "\(second.stderr)")
        #expect(provider.requests.count == 2)
        let asked = changed.questions.count
        #expect(try runDDSwift(["-file", path]).status == 0)
        #expect(provider.requests.count == 2)
        #expect(changed.questions.count == asked)  // no drift check again within the hour
    }
}

@Suite struct AuthoritativeLookupTests {
    @Test("the zone's servers: NS of the name, else of each parent, read from a compressed answer")
    func nameServerWalk() throws {
        // The responder writes NS data uncompressed; the decoder also expands compressed names
        // (DNSMessageTests covers the pointer form).
        var ns: [UInt8] = []
        try DNSName.encode("ns1.example.net.", into: &ns)
        let resolver = try FakeDNSResponder(answers: [
            "example.com": [FakeDNSResponder.Answer(type: 2, class: 1, data: ns)], "a.example.com": [],
        ])
        defer { resolver.stop() }
        let found = AuthoritativeLookup.nameServers(of: "a.example.com", timeout: 2, resolver: resolver.hostAndPort)
        #expect(found == .success(["ns1.example.net"]))
        #expect(resolver.questions.map { $0.name } == ["a.example.com", "example.com"])
        let resolvConf = temporaryDirectory() + "/resolv.conf"
        try "# test\nsearch example.com\nnameserver 192.0.2.53\nnameserver 192.0.2.54\n".write(
            toFile: resolvConf, atomically: false, encoding: .utf8)
        #expect(AuthoritativeLookup.systemResolver(resolvConf) == "192.0.2.53")
    }

    @Test("an NS record with no data (an UPDATE's delete form) decodes, and a name never runs past its record")
    func emptyNS() throws {
        var message: [UInt8] = [0x12, 0x34, 0x81, 0x80, 0, 0, 0, 2, 0, 0, 0, 0]
        try DNSName.encode("example.com", into: &message)
        message += [0, 2, 0, 1, 0, 0, 0, 60, 0, 0]  // NS, RDLENGTH 0
        try DNSName.encode("example.com", into: &message)
        message += [0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 1]
        let decoded = try DNSMessage.decode(message)
        #expect(decoded.answers.count == 2 && decoded.answers[0].data.isEmpty)
        // RDLENGTH 2 but a name that needs more: an error, not the next record's bytes.
        var short: [UInt8] = [0x12, 0x34, 0x81, 0x80, 0, 0, 0, 1, 0, 0, 0, 0]
        try DNSName.encode("example.com", into: &short)
        short += [0, 2, 0, 1, 0, 0, 0, 60, 0, 2, 3] + Array("ns1".utf8) + [0]
        #expect(throws: DNSError.self) { try DNSMessage.decode(short) }
    }

    @Test("an NS record whose target name is a compression pointer is expanded when decoded")
    func compressedNS() throws {
        // Header, question example.com NS, answer: name pointer to 12, NS, target "ns1" + pointer to 12.
        var message: [UInt8] = [0x12, 0x34, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0]
        try DNSName.encode("example.com", into: &message)
        message += [0, 2, 0, 1]
        message += [0xC0, 12, 0, 2, 0, 1, 0, 0, 0, 60, 0, 6, 3] + Array("ns1".utf8) + [0xC0, 12]
        let decoded = try DNSMessage.decode(message)
        var reader = DNSReader(bytes: decoded.answers[0].data)
        #expect(try reader.name().lowercased().hasPrefix("ns1.example.com"))
    }
}
