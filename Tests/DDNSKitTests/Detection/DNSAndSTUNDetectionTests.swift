import DDNSFakeProvider
import Foundation
import Testing

@testable import DDNSKit

/// DNS and STUN detection, several sources in order, agreement, and the IPv6 host id, against
/// loopback responders that answer an address other than 127.0.0.1 (so the answer is read).
@Suite struct DNSAndSTUNDetectionTests {
    let client = CurlHTTPClient(configuration: HTTPClientConfiguration(connectTimeout: 2, totalTimeout: 2))

    func host(_ name: String, _ values: [String: String]) -> HostConfig { detectionHost(name, values) }
    func host(_ values: [String: String]) -> HostConfig { detectionHost("h.example.com", values) }

    func makeDetector(_ sink: MemorySink = MemorySink()) -> IPDetector {
        IPDetector(http: client, log: Log(verbosity: .verbose, sinks: [sink]))
    }

    @Test("dnsv4/dnsv6 QNAME@SERVER: the A answer over IPv4, the AAAA answer over IPv6")
    func addressRecords() throws {
        let v4 = try FakeDNSResponder(answers: ["myip.test": [.a("198.51.100.77"), .aaaa("2001:db8::1")]])
        let v6 = try FakeDNSResponder(host: "::1", answers: ["myip.test": [.a("198.51.100.1"), .aaaa("2001:db8::77")]])
        defer {
            v4.stop()
            v6.stop()
        }
        let result = makeDetector().detect([
            host([
                "usev4": "dnsv4", "dnsv4": "myip.test@\(v4.hostAndPort)", "usev6": "dnsv6",
                "dnsv6": "MyIP.test@\(v6.hostAndPort)",
            ])
        ])
        #expect(result["h.example.com"] == HostAddresses(ipv4: "198.51.100.77", ipv6: "2001:db8::77"))
        #expect(v4.questions.map(\.type) == [1])
        #expect(v6.questions.map(\.type) == [28])
    }

    @Test("the IPv4 question goes over IPv4: a server only on ::1 gives no IPv4 address")
    func familyOfTheQuestion() throws {
        let v6 = try FakeDNSResponder(host: "::1", answers: ["myip.test": [.a("198.51.100.77")]])
        defer { v6.stop() }
        let sink = MemorySink()
        let result = makeDetector(sink).detect([host(["usev4": "dnsv4", "dnsv4": "myip.test@\(v6.hostAndPort)"])])
        #expect(result["h.example.com"]?.ipv4 == nil)
        #expect(v6.questions.isEmpty)
        #expect(sink.lines(at: .warning).contains { $0.contains("over IPv4") }, "\(sink.lines(at: .warning))")
    }

    @Test("answers with another ID or for another question are ignored; a lost query is sent again; TXT after no A")
    func misbehavingServer() throws {
        let server = try FakeDNSResponder(
            answers: ["myip.test": [.a("198.51.100.78")], "txt.test": [.txt("198.51.100.79")]], misbehave: true,
            dropFirst: 1)
        defer { server.stop() }
        let result = makeDetector().detect([
            host("a", ["usev4": "dnsv4", "dnsv4": "myip.test@\(server.hostAndPort)"]),
            host("b", ["usev4": "dnsv4", "dnsv4": "txt.test@\(server.hostAndPort)"]),
        ])
        #expect(result["a"]?.ipv4 == "198.51.100.78")
        #expect(result["b"]?.ipv4 == "198.51.100.79")
        #expect(server.questions.filter { $0.name == "myip.test" || $0.name == "txt.test" }.count >= 3)
    }

    @Test("a TXT answer of class CH, as whoami.cloudflare gives it")
    func chaosTXT() throws {
        let server = try FakeDNSResponder(answers: ["whoami.cloudflare": [.txt("198.51.100.80", class: 3)]])
        defer { server.stop() }
        let source = DNSSource(
            question: "whoami.cloudflare", server: server.hostAndPort, txtClass: DNSClass.chaos, txtFallback: false)
        #expect(source.find(.ipv4, in: DetectionContext(http: client)) == .success("198.51.100.80"))
        #expect(server.questions.first?.type == 16 && server.questions.first?.class == 3)
        #expect(throws: Never.self) { try DNSSource.named("opendns", family: .ipv4).get() }
        #expect(
            (try? DNSSource.named("opnedns", family: .ipv4).get()) == nil
                && "\(DNSSource.named("opnedns", family: .ipv4))".contains("did you mean 'opendns'?"))
    }

    @Test("stunv4/stunv6: XOR-MAPPED-ADDRESS read; a stray answer ignored; a lost request sent again")
    func stun() throws {
        let v4 = try FakeSTUNServer(mapped: "198.51.100.88", strayFirst: true, dropFirst: 1)
        let v6 = try FakeSTUNServer(host: "::1", mapped: "2001:db8:1:2::88", strayFirst: true)
        defer {
            v4.stop()
            v6.stop()
        }
        let result = makeDetector().detect([
            host([
                "usev4": "stunv4", "stunv4": v4.hostAndPort, "usev6": "stunv6", "stunv6": v6.hostAndPort,
                "ipv6-host-id": "::a:b:c:d",
            ])
        ])
        #expect(result["h.example.com"] == HostAddresses(ipv4: "198.51.100.88", ipv6: "2001:db8:1:2:a:b:c:d"))
        #expect(v4.requestCount == 2)
    }

    @Test("several sources: the next is asked only when one fails (or finds a non-global address)")
    func fallback() throws {
        let dns = try FakeDNSResponder(answers: ["myip.test": [.a("198.51.100.90")], "private.test": [.a("10.0.0.1")]])
        let web = try FakeHTTPServer { _ in .text("198.51.100.91") }
        defer {
            dns.stop()
            web.stop()
        }
        let result = makeDetector().detect([
            host("first", ["usev4": "dnsv4,webv4", "dnsv4": "myip.test@\(dns.hostAndPort)", "webv4": web.baseURL]),
            host(
                "missing", ["usev4": "dnsv4,webv4", "dnsv4": "nothere.test@\(dns.hostAndPort)", "webv4": web.baseURL]),
        ])
        #expect(result["first"]?.ipv4 == "198.51.100.90")
        #expect(result["missing"]?.ipv4 == "198.51.100.91")
        #expect(web.requests.count == 1)
        let privateFirst = makeDetector().detect([
            host(["usev4": "dnsv4,webv4", "dnsv4": "private.test@\(dns.hostAndPort)", "webv4": web.baseURL + "/2"])
        ])
        #expect(privateFirst["h.example.com"]?.ipv4 == "198.51.100.91")
    }

    @Test("ifv4='ppp0,ppp1': the secondary WAN interface when the primary has no address")
    func interfaceList() {
        var detector = makeDetector()
        detector.interfaceAddresses = { name, _ in
            name == "ppp1"
                ? .success([InterfaceAddress(interface: name, address: "192.0.2.44", prefixLength: 32)])
                : .failure(.noSuchInterface(name))
        }
        let result = detector.detect([host(["usev4": "ifv4", "ifv4": "ppp0,ppp1"])])
        #expect(result["h.example.com"]?.ipv4 == "192.0.2.44")
    }

    @Test("usev4-agree=2: two sources must find the same address")
    func agreement() throws {
        let dns = try FakeDNSResponder(answers: ["myip.test": [.a("198.51.100.92")]])
        let same = try FakeSTUNServer(mapped: "198.51.100.92")
        let other = try FakeSTUNServer(mapped: "198.51.100.93")
        defer {
            dns.stop()
            same.stop()
            other.stop()
        }
        let sink = MemorySink()
        let result = makeDetector(sink).detect([
            host(
                "agree",
                [
                    "usev4": "dnsv4,stunv4", "dnsv4": "myip.test@\(dns.hostAndPort)", "stunv4": same.hostAndPort,
                    "usev4-agree": "2",
                ]),
            host(
                "differ",
                [
                    "usev4": "dnsv4,stunv4", "dnsv4": "myip.test@\(dns.hostAndPort)", "stunv4": other.hostAndPort,
                    "usev4-agree": "2",
                ]),
        ])
        #expect(result["agree"]?.ipv4 == "198.51.100.92")
        // One source named twice counts once.
        let twice = makeDetector().detect([
            host("twice", ["usev4": "stunv4,stunv4", "stunv4": same.hostAndPort, "usev4-agree": "2"])
        ])
        #expect(twice["twice"]?.ipv4 == nil)
        #expect(result["differ"]?.ipv4 == nil)
        #expect(
            sink.lines(at: .warning).contains { $0.contains("fewer than 2 sources agree") },
            "\(sink.lines(at: .warning))")
    }

    @Test("the real binary: a cron run with usev4=dnsv4 updates with the DNS answer; -query lists the new sources")
    func endToEnd() throws {
        let dns = try FakeDNSResponder(answers: ["myip.test": [.a("198.51.100.95")]])
        let stunServer = try FakeSTUNServer(mapped: "198.51.100.96")
        let provider = try dyndnsServer()
        defer {
            dns.stop()
            stunServer.stop()
            provider.stop()
        }
        let directory = temporaryDirectory()
        let path = try writeConfig(
            """
            ssl=no, cache=\(directory)/c
            usev4=dnsv4, dnsv4=myip.test@\(dns.hostAndPort), stunv4=\(stunServer.hostAndPort)
            protocol=dyndns2, server=\(provider.hostAndPort), login=bob, password=pw a.example.com
            """, in: directory)
        let run = try runDDSwift(["-file", path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(provider.requests.map(\.target) == ["/nic/update?hostname=a.example.com&myip=198.51.100.95"])
        let query = try runDDSwift(["-file", path, "-query", "-usev4=dnsv4,stunv4"])
        #expect(
            query.stdout.contains("usev4=dnsv4 dnsv4=myip.test@\(dns.hostAndPort) address is 198.51.100.95"),
            "\(query.stdout)")
        #expect(
            query.stdout.contains("usev4=stunv4 stunv4=\(stunServer.hostAndPort) address is 198.51.100.96"),
            "\(query.stdout)")
        // ipv6-host-id: -query shows what the host would publish.
        let v6 = try FakeSTUNServer(host: "::1", mapped: "2001:db8:5:6::1")
        defer { v6.stop() }
        let hostID = try runDDSwift([
            "-file", path, "-query", "-usev6=stunv6", "-stunv6=\(v6.hostAndPort)", "-options=ipv6-host-id=::a:b:c:d",
        ])
        #expect(
            hostID.stdout.contains("a.example.com: ipv6-host-id=::a:b:c:d would publish 2001:db8:5:6:a:b:c:d"),
            "\(hostID.stdout)\(hostID.stderr)")
    }

    @Test("lists in YAML (usev4: [dnsv4, webv4]) and quoted in ddclient.conf (ifv4='ppp0,ppp1') mean the same")
    func listsInBothSyntaxes() throws {
        let directory = temporaryDirectory()
        let yaml = try writeConfig(
            "usev4: [dnsv4, webv4]\nifv4:\n  - ppp0\n  - ppp1\nhosts:\n  - host: a.example.com\n    protocol: dyndns2\n    login: u\n    password: p\n",
            in: directory, name: "c.yaml")
        let conf = try writeConfig(
            "usev4='dnsv4,webv4', ifv4='ppp0,ppp1'\nprotocol=dyndns2, login=u, password=p a.example.com\n",
            in: directory, name: "c.conf")
        let fromYAML = try runDDSwift(["-file", yaml, "-print-config=yaml"])
        let fromConf = try runDDSwift(["-file", conf, "-print-config=yaml"])
        #expect(fromYAML.stderr.isEmpty && fromConf.stderr.isEmpty, "\(fromYAML.stderr)\(fromConf.stderr)")
        #expect(fromYAML.stdout.contains("usev4: \"dnsv4,webv4\"") && fromYAML.stdout.contains("ifv4: \"ppp0,ppp1\""))
        #expect(
            fromYAML.stdout.split(separator: "\n").dropFirst() == fromConf.stdout.split(separator: "\n").dropFirst())
        let bad = try writeConfig(
            "usev4='dnsv4,wbev4'\nprotocol=dyndns2, login=u, password=p a.example.com\n", in: directory)
        #expect(
            try runDDSwift(["-file", bad, "-test"]).stderr.contains(
                "'wbev4' is not an IPv4 strategy (did you mean 'webv4'?)"))
    }
}
