import DDNSFakeProvider
import Foundation
import Testing

@testable import DDNSKit

/// Findings of the second hostile audit: each failed before its fix. Every test runs the real
/// binary against a loopback provider.
@Suite struct HostileAuditTests {
    static let password = "SuperSecretPassw0rd1234"

    func config(_ server: FakeHTTPServer, _ directory: String) -> String {
        """
        ssl=no
        cache=\(directory)/c.cache
        use=ip, ip=198.51.100.7
        protocol=dyndns2, server=\(server.hostAndPort), login=bob, password='\(Self.password)'
        h.example.com
        """
    }

    @Test(
        "a reply cut in the middle of an echoed password shows none of it: not in the log, the cache or -status",
        arguments: [90, 100, 104, 110])
    func cutSecretIsMasked(padding: Int) throws {
        let reply = "badauth \(String(repeating: "A", count: padding)) \(Self.password)\n"
        let server = try FakeHTTPServer { _ in .text(reply) }
        defer { server.stop() }
        let directory = temporaryDirectory()
        let path = try writeConfig(config(server, directory), in: directory)
        let run = try runDDSwift(["-file", path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("said: AAAA"), "\(run.stderr)")
        let cache = try String(contentsOfFile: directory + "/c.cache", encoding: .utf8)
        let status = try runDDSwift(["--status", "-file", path])
        let json = try runDDSwift(["--status", "--json", "-file", path])
        // Not even the first four characters of the password, in any of them.
        for text in [run.stderr, URLEncoding.decode(cache), status.stdout, json.stdout] {
            #expect(!text.contains(String(Self.password.prefix(4))), "\(text)")
        }
    }

    @Test("a consecutive-failure count at Int.max in the cache does not crash the next failure; it stays at the top")
    func failureCountOverflow() throws {
        let server = try FakeHTTPServer { _ in .text("911\n") }
        defer { server.stop() }
        let directory = temporaryDirectory()
        let path = try writeConfig(config(server, directory), in: directory)
        try "failures-ipv4=9223372036854775807,status-ipv4=failed,ipv4=198.51.100.6 h.example.com\n".write(
            toFile: directory + "/c.cache", atomically: false, encoding: .utf8)
        let run = try runDDSwift(["-file", path, "-force"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(server.requests.count == 1)
        let entry = try #require(try CacheFile.read(path: directory + "/c.cache").entries["h.example.com"])
        #expect(entry.failures(.ipv4) == Int.max)
    }

    @Test("a reply with terminal escapes reaches neither the log nor -status as control characters")
    func controlCharactersNeutralised() throws {
        let server = try FakeHTTPServer { _ in .text("badauth \u{1B}[2J\u{1B}]0;pwned\u{07} FAKE\r\n") }
        defer { server.stop() }
        let directory = temporaryDirectory()
        let path = try writeConfig(config(server, directory), in: directory)
        let run = try runDDSwift(["-file", path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("?[2J?]0;pwned? FAKE"), "\(run.stderr)")
        // A cache message with a line break and escapes (written by someone else) stays on its line.
        let cache = try String(contentsOfFile: directory + "/c.cache", encoding: .utf8)
        try cache.replacingOccurrences(of: "message-ipv4=", with: "message-ipv4=%1B%5B2J%0AFAKE%20LINE%0D")
            .write(toFile: directory + "/c.cache", atomically: false, encoding: .utf8)
        let status = try runDDSwift(["--status", "-file", path])
        for text in [run.stderr, status.stdout] {
            #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "\(text.debugDescription)")
        }
        #expect(!status.stdout.contains("\nFAKE LINE"), "\(status.stdout)")
        #expect(status.stdout.contains("?[2J?FAKE LINE?"), "\(status.stdout)")
    }

    @Test("server= with a port above 65535 is refused at load time with file:line; nothing is sent")
    func serverPortRange() throws {
        let directory = temporaryDirectory()
        for port in ["65536", "99999999999999999999", "0"] {
            let path = try writeConfig(
                "ssl=no\nuse=ip, ip=198.51.100.7\nprotocol=dyndns2, server=127.0.0.1:\(port), login=u, password=p\nh.example.com\n",
                in: directory)
            let run = try runDDSwift(["-file", path, "-cache", directory + "/c.cache"])
            #expect(run.status == 2, "\(run.stderr)")
            // Not sent to the default server instead (with the login meant for this one).
            #expect(!run.stderr.contains("members.dyndns.org") && !run.stderr.contains("SUCCESS"), "\(run.stderr)")
            #expect(
                run.stderr.contains(
                    "ddswift.conf:3: server: '127.0.0.1:\(port)' is not a host name (with an optional :port from 1 to 65535)"
                ),
                "\(run.stderr)")
        }
        #expect(OptionValue.isFQDNWithPort("[::1]:8053") && !OptionValue.isFQDNWithPort("[::1]:70000"))
    }

    @Test(
        "excerpt cuts between words; a secret with a space in it is masked up to the cut; a shown notify target stays readable"
    )
    func excerptBoundaries() throws {
        #expect("abc def ghijkl".excerpt(9) == "abc def …")
        #expect("short".excerpt(9) == "short")
        #expect(String(repeating: "x", count: 50).excerpt(40) == "…", "one long word is not shown in part")
        let log = Log(sinks: [])
        log.register(secret: "pass word here")
        log.register(secret: "https://hc-ping.com/0f3c-uuid")
        #expect(log.mask(("xxxxx pass word here").excerpt(12)) == "xxxxx ********…")
        #expect(log.mask("notify target 1 (https://hc-ping.com/…)") == "notify target 1 (https://hc-ping.com/…)")
    }

    @Test("custom's url= that is not an http(s) URL also skips its host: it says where the request goes")
    func invalidCustomURLSkipsHost() throws {
        let config = try ConfigLoader.parse(
            text:
                "protocol=custom, url=ftp://nic.example.net/update, success=good, login=u, password=p h.example.com\n",
            file: "t.conf", format: .conf)
        #expect(config.hosts.isEmpty, "\(config.hosts)")
        #expect(config.diagnostics.contains { $0.severity == .error && $0.description.hasPrefix("t.conf:1: url:") })
    }
}
