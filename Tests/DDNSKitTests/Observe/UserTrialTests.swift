import DDNSFakeProvider
import Foundation
import Testing

@testable import DDNSKit

/// Findings of the last user trial, each a test that failed before its fix.
@Suite struct UserTrialTests {
    @Test(
        "the forms other encoders write a secret in are masked: PHP and Go JSON, lower-case and form encoding, HTML, unpadded base64"
    )
    func moreSecretForms() {
        let log = Log(sinks: [])
        log.register(secret: "Ke y&Secret/42")
        for form in [
            #"Ke y&Secret\/42"#, #"Ke y\u0026Secret/42"#, "Ke%20y%26Secret%2f42", "Ke+y%26Secret%2F42",
            "Ke y&amp;Secret/42", "S2UgeSZTZWNyZXQvNDI",
        ] {
            #expect(log.mask("bad key \(form) here") == "bad key ******** here", "\(form)")
        }
    }

    @Test("503 with Retry-After is honoured like 429: the wait is kept in the cache and the next run sends nothing")
    func retryAfterOn503() throws {
        let server = try FakeHTTPServer { _ in .text("maintenance", status: 503, headers: [("Retry-After", "3600")]) }
        defer { server.stop() }
        let directory = temporaryDirectory()
        let path = try writeConfig(
            """
            ssl=no, min-error-interval=1
            use=ip, ip=198.51.100.7
            protocol=dyndns2, server=\(server.hostAndPort), login=u, password=p h.example.com
            """, in: directory)
        #expect(try runDDSwift(["-file", path, "-cache", directory + "/c"]).status == 1)
        let entry = try #require(try CacheFile.read(path: directory + "/c").entries["h.example.com"])
        #expect((entry.wtime ?? 0) > Int(Date().timeIntervalSince1970) + 3000, "\(entry.fields)")
        // A 5xx is the provider's trouble, not the network's.
        #expect(entry.failure(.ipv4) == .serverError, "\(entry.fields)")
        sleep(2)
        _ = try runDDSwift(["-file", path, "-cache", directory + "/c"])
        #expect(server.requests.count == 1, "the wait was not honoured")
    }

    @Test("verify= with a value that is not no, yes or drift is a warning with file:line")
    func verifyChecked() throws {
        let config = try ConfigLoader.parse(
            text: "verify=drfit\nprotocol=dyndns2, login=u, password=p h.example.com\n", file: "t.conf", format: .conf)
        #expect(
            config.diagnostics.contains {
                $0.description.hasPrefix("t.conf:1: verify: 'drfit' is not one of no, yes, drift")
            }, "\(config.diagnostics)")
    }

    @Test("a notification that gets no answer names its target by number and origin, not by a masked URL")
    func notificationFailureNamesTarget() throws {
        let provider = try dyndnsServer()
        defer { provider.stop() }
        let directory = temporaryDirectory()
        let path = try writeConfig(
            """
            ssl=no, cache=\(directory)/c
            notify=http://127.0.0.1:9/hook/token-123
            use=ip, ip=198.51.100.7
            protocol=dyndns2, server=\(provider.hostAndPort), login=u, password=p h.example.com
            """, in: directory)
        let run = try runDDSwift(["-file", path])
        #expect(run.status == 0)
        #expect(run.stderr.contains("notify target 1 (http://127.0.0.1:9/…): cannot connect to it"), "\(run.stderr)")
        #expect(!run.stderr.contains("token-123") && !run.stderr.contains("(********"), "\(run.stderr)")
    }

    @Test("bidirectional overrides and C1 controls are neutralised in the log and escaped in JSON")
    func bidiAndC1() {
        #expect("a\u{202E}b\u{9B}c".neutralisingControls() == "a?b?c")
        #expect(JSONValue.quote("a\u{202E}b\u{9B}") == #""a\u202eb\u009b""#)
    }

    @Test("-host naming a host the file does not have says so, by name")
    func hostNotInFile() throws {
        let directory = temporaryDirectory()
        let path = try writeConfig(
            "ssl=no\nuse=ip, ip=198.51.100.7\nprotocol=dyndns2, server=127.0.0.1:9, login=u, password=p\nh.example.com\n",
            in: directory)
        let run = try runDDSwift(["-file", path, "-cache", directory + "/c", "-test", "-host", "nothere.example.org"])
        #expect(run.stderr.contains("-host nothere.example.org: not a host of \(path)"), "\(run.stderr)")
    }

    @Test("-status ignores a provider wait more than a day ahead, as a run does")
    func statusIgnoresImpossibleWait() {
        var entry = CacheEntry(host: "h.example.com")
        entry[CacheKey.wtime] = "9223372036854775807"
        entry[AddressFamily.ipv4.addressKey] = "192.0.2.1"
        #expect(!StatusReport.text(["h.example.com": entry], now: 1_800_000_000).contains("waiting:"))
        #expect(StatusReport.json(["h.example.com": entry], now: 1_800_000_000).contains("\"waitUntil\":null"))
        entry[CacheKey.wtime] = "1800000600"
        #expect(StatusReport.text(["h.example.com": entry], now: 1_800_000_000).contains("waiting:"))
    }

    @Test("a provider's own 'failed' is its failure; only a request without an answer is the network's")
    func failedIsNotTheNetwork() {
        #expect(FamilyOutcome.failed("failed", "Cloudflare sent a reply that is not JSON").failure == .serverError)
        let noAnswer = ProviderSupport.transportOutcome(HTTPError.connectionFailed(url: "http://x/", detail: "refused"))
        #expect(noAnswer.failure == .transport && noAnswer.status == "failed")
        #expect(ProviderSupport.transportOutcome(HTTPError.interrupted(url: "http://x/")).failure == .interrupted)
    }
}
