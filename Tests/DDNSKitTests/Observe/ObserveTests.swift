import DDNSFakeProvider
import Foundation
import Testing

@testable import DDNSKit

/// Metrics, notifications, JSON logs, backoff and router-style status, with the real binary
/// against loopback fakes.
@Suite struct ObserveTests {
    func config(_ server: FakeHTTPServer, _ directory: String, _ extra: String = "", ip: String = "198.51.100.20")
        -> String
    {
        """
        ssl=no, cache=\(directory)/c, min-interval=0, min-error-interval=60
        \(extra)
        use=ip, ip=\(ip)
        protocol=dyndns2, server=\(server.hostAndPort), login=bob, password=Secret-pw-1 a.example.com
        """
    }

    /// A minimal check of Prometheus' text exposition format: HELP and TYPE before a family's
    /// samples, valid names, label syntax, numeric values. Returns the samples by name+labels.
    static func parseExposition(_ text: String) throws -> [String: Double] {
        var samples: [String: Double] = [:]
        var typed = Set<String>()
        let name = /[a-zA-Z_:][a-zA-Z0-9_:]*/
        for line in text.split(separator: "\n") {
            if line.hasPrefix("# HELP ") { continue }
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                #expect(parts.count == 4 && ["gauge", "counter", "untyped"].contains(parts[3]), "\(line)")
                typed.insert(String(parts[2]))
                continue
            }
            let match = try #require(
                line.wholeMatch(
                    of:
                        /([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*"(,[a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*")*)\})? (\S+)/
                ),
                "not a sample line: \(line)")
            #expect(String(match.1).wholeMatch(of: name) != nil)
            #expect(typed.contains(String(match.1)), "\(match.1) has no TYPE before it")
            samples[String(match.1) + (match.2.map(String.init) ?? "")] = try #require(Double(String(match.7)))
        }
        return samples
    }

    @Test(
        "metrics-file: Prometheus text written atomically after each cycle, per host and family, with the cycle's figures"
    )
    func metricsFile() throws {
        let server = try dyndnsServer()
        defer { server.stop() }
        let directory = temporaryDirectory()
        let metrics = directory + "/ddswift.prom"
        let path = try writeConfig(config(server, directory, "metrics-file=\(metrics)"), in: directory)
        #expect(try runDDSwift(["-file", path]).status == 0)
        let text = try String(contentsOfFile: metrics, encoding: .utf8)
        let samples = try Self.parseExposition(text)
        #expect(samples["ddswift_host_up{family=\"ipv4\",host=\"a.example.com\"}"] == 1)
        #expect(samples["ddswift_host_consecutive_failures{family=\"ipv4\",host=\"a.example.com\"}"] == 0)
        #expect(
            samples[
                "ddswift_host_info{address=\"198.51.100.20\",family=\"ipv4\",host=\"a.example.com\",protocol=\"dyndns2\",status=\"good\"}"
            ] == 1, "\(text)")
        #expect(samples["ddswift_cycle_requests"] == 1)
        #expect(samples["ddswift_cycle_hosts{outcome=\"updated\"}"] == 1)
        #expect(samples["ddswift_detection_success{family=\"any\",source=\"use=ip ip=198.51.100.20\"}"] == 1, "\(text)")
        #expect(
            (samples["ddswift_host_last_success_timestamp_seconds{family=\"ipv4\",host=\"a.example.com\"}"] ?? 0)
                > 1.7e9)
        #expect(!text.contains("Secret-pw-1"))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.contains("prom") } == [
                "ddswift.prom"
            ])
    }

    @Test(
        "notify: a webhook gets each event as JSON after the cache is written; notify-cmd gets it in the environment; no secret"
    )
    func webhookAndCommand() throws {
        let provider = try dyndnsServer()
        let hook = try FakeHTTPServer { _ in .text("ok") }
        defer {
            provider.stop()
            hook.stop()
        }
        let directory = temporaryDirectory()
        try "#!/bin/sh\nenv | grep '^DDSWIFT_' | sort >> \(directory)/cmd.out\necho --- >> \(directory)/cmd.out\n"
            .write(
                toFile: directory + "/cmd", atomically: false, encoding: .utf8)
        chmod(directory + "/cmd", 0o755)
        let path = try writeConfig(
            config(provider, directory, "notify=\(hook.baseURL)/hook, notify-cmd=\(directory)/cmd"), in: directory)
        #expect(try runDDSwift(["-file", path]).status == 0)
        let posted = try #require(hook.requests.first)
        #expect(
            hook.requests.count == 1 && posted.method == "POST" && posted.header("Content-Type") == "application/json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(posted.body)) as? [String: Any])
        #expect(object["event"] as? String == "updated")
        #expect(object["host"] as? String == "a.example.com")
        #expect(object["address"] as? String == "198.51.100.20")
        #expect(object["family"] as? String == "ipv4")
        #expect(!posted.bodyText.contains("Secret-pw-1"))
        let environment = try String(contentsOfFile: directory + "/cmd.out", encoding: .utf8)
        #expect(environment.contains("DDSWIFT_EVENT=updated") && environment.contains("DDSWIFT_HOST=a.example.com"))
        #expect(!environment.contains("Secret-pw-1"))
        // Nothing to report on the next run (skipped is not in notify-events by default).
        #expect(try runDDSwift(["-file", path]).status == 0)
        #expect(hook.requests.count == 1)
    }

    @Test("a notify endpoint that hangs or fails delays the run by at most 5 s and never fails the update")
    func hangingEndpoint() throws {
        let provider = try dyndnsServer()
        let hanging = try FakeHTTPServer { _ in .hangForever }
        let failing = try FakeHTTPServer { _ in .text("no", status: 500) }
        defer {
            provider.stop()
            hanging.stop()
            failing.stop()
        }
        let directory = temporaryDirectory()
        let path = try writeConfig(
            config(provider, directory, "notify='\(hanging.baseURL)/a,\(failing.baseURL)/b'"), in: directory)
        let started = Date()
        let run = try runDDSwift(["-file", path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(Date().timeIntervalSince(started) < 9)
        #expect(provider.requests.count == 1)
        #expect(try CacheFile.read(path: directory + "/c").entries["a.example.com"]?.status(.ipv4) == "good")
        #expect(run.stderr.contains("notification not delivered"), "\(run.stderr)")
        // A webhook URL's path is its token: never in the log; the target is named by its number
        // and origin.
        #expect(!run.stderr.contains(failing.baseURL + "/b") && !run.stderr.contains(hanging.baseURL + "/a"))
        #expect(run.stderr.contains("notify target 2 (\(failing.baseURL)/…) answered 500"), "\(run.stderr)")
    }

    @Test("healthchecks ping URLs: /start when a cycle starts, the URL after a good cycle, /fail after a failed one")
    func healthchecks() throws {
        let provider = try dyndnsServer { request in
            request.basicAuth == "bob:Secret-pw-1" ? "good 198.51.100.20" : "badauth"
        }
        let checks = try FakeHTTPServer { _ in .text("OK") }
        defer {
            provider.stop()
            checks.stop()
        }
        let directory = temporaryDirectory()
        let ping = "\(checks.baseURL)/ping/0f3c"
        let path = try writeConfig(config(provider, directory, "notify=\(ping)"), in: directory)
        #expect(try runDDSwift(["-file", path]).status == 0)
        let deadline = Date().addingTimeInterval(3)
        while !checks.requests.contains(where: { $0.path == "/ping/0f3c/start" }) && Date() < deadline {
            usleep(20_000)
        }
        #expect(Set(checks.requests.map(\.path)) == ["/ping/0f3c/start", "/ping/0f3c"])
        checks.clearRequests()
        _ = try writeConfig(
            config(provider, directory, "notify=\(ping)", ip: "198.51.100.21").replacingOccurrences(
                of: "Secret-pw-1", with: "wrong-pw"), in: directory)
        #expect(try runDDSwift(["-file", path]).status == 1)
        #expect(checks.requests.contains { $0.path == "/ping/0f3c/fail" && $0.bodyText.contains("failed 1") })
    }

    @Test("-notify-test sends one test event to every target and says whether it arrived")
    func notifyTest() throws {
        let hook = try FakeHTTPServer { _ in .text("ok") }
        defer { hook.stop() }
        let directory = temporaryDirectory()
        let path = try writeConfig(
            "notify=\(hook.baseURL)/x\nprotocol=dyndns2, login=u, password=p a.example.com\n", in: directory)
        let run = try runDDSwift(["-file", path, "-notify-test"])
        #expect(run.status == 0 && run.stdout.contains("delivered to 1 target"), "\(run.stdout)\(run.stderr)")
        #expect(hook.requests.first?.bodyText.contains("\"event\":\"test\"") == true)
        hook.setHandler { _ in .text("down", status: 503) }
        #expect(try runDDSwift(["-file", path, "-notify-test"]).status == 1)
        let none = try writeConfig("protocol=dyndns2, login=u, password=p a.example.com\n", in: directory)
        #expect(try runDDSwift(["-file", none, "-notify-test"]).status == 2)
    }

    @Test("-log-format=json: one JSON object per line with level, host, protocol, family, event; secrets masked")
    func jsonLog() throws {
        let server = try dyndnsServer { _ in "badauth Secret-pw-1" }
        defer { server.stop() }
        let directory = temporaryDirectory()
        let path = try writeConfig(config(server, directory), in: directory)
        let run = try runDDSwift(["-file", path, "-log-format=json"])
        #expect(run.status == 1)
        let lines = run.stderr.split(separator: "\n")
        #expect(!lines.isEmpty)
        var sawFailure = false
        for line in lines {
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
            #expect(object["time"] is Int && object["level"] is String && object["message"] is String)
            if object["level"] as? String == "failed", object["host"] as? String == "a.example.com" {
                sawFailure = true
                #expect(object["protocol"] as? String == "dyndns2")
                #expect(object["family"] as? String == "ipv4")
                #expect(object["event"] as? String == "failed")
            }
        }
        #expect(sawFailure)
        #expect(!run.stderr.contains("Secret-pw-1"))
    }

    /// The wait is the run's own rule: min-error-interval after one failure, doubled (plus a
    /// fixed jitter under 20%) after each further one, counted from the last attempt.
    @Test("-status says when a host waiting out its backoff is tried next; nothing for a held or a current host")
    func statusNextAttempt() throws {
        let server = try dyndnsServer { _ in "911" }
        defer { server.stop() }
        let directory = temporaryDirectory()
        let path = try writeConfig(config(server, directory), in: directory)
        #expect(try runDDSwift(["-file", path]).status == 1)
        let entry = try #require(try CacheFile.read(path: directory + "/c").entries["a.example.com"])
        let attempted = try #require(entry.atime)
        let status = try runDDSwift(["-file", path, "-status"])
        #expect(
            status.stdout.contains("  next try:    \(formatLocalTime(attempted + 60, style: .short)) (in "),
            "\(status.stdout)")
        #expect(status.stdout.contains("(backoff after a failure; -force tries now)"))
        func nextAttempt() throws -> Any? {
            let json = try runDDSwift(["-file", path, "-status", "-json"])
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            return try #require((object["hosts"] as? [[String: Any]])?.first)["nextAttempt"]
        }
        #expect(try nextAttempt() as? Int == attempted + 60)
        // A second failure (forced: the first backoff still runs) doubles the wait, plus jitter.
        #expect(try runDDSwift(["-file", path, "-force"]).status == 1)
        let second = try #require(try CacheFile.read(path: directory + "/c").entries["a.example.com"])
        let wait = try #require(try nextAttempt() as? Int) - second.atime!
        #expect((120..<144).contains(wait), "\(wait)")
        #expect(
            try runDDSwift(["-file", path, "-status"]).stdout.contains("(backoff after 2 failures in a row; -force"))
        // Recovered: no next try to wait for.
        server.setHandler { request in .text("good \(request.queryValue("myip") ?? "")\n") }
        #expect(try runDDSwift(["-file", path, "-force"]).status == 0)
        #expect(try nextAttempt() is NSNull)
        #expect(!(try runDDSwift(["-file", path, "-status"]).stdout.contains("next try:")))
        // Held after a permanent refusal: -status says held, not when it is tried.
        server.setHandler { _ in .text("badauth\n") }
        #expect(try runDDSwift(["-file", path, "-force"]).status == 1)
        let held = try runDDSwift(["-file", path, "-status"]).stdout
        #expect(held.contains("held:") && !held.contains("next try:"), "\(held)")
    }

    @Test("router-style status: the last failure and a suggested action from the failure's kind, in text and JSON")
    func statusSuggestedActions() throws {
        let server = try dyndnsServer { _ in "badauth" }
        defer { server.stop() }
        let directory = temporaryDirectory()
        let path = try writeConfig(config(server, directory), in: directory)
        #expect(try runDDSwift(["-file", path]).status == 1)
        let status = try runDDSwift(["-file", path, "-status"])
        #expect(status.stdout.contains("last failure:"), "\(status.stdout)")
        #expect(status.stdout.contains("Suggested actions: check the login and password"), "\(status.stdout)")
        let json = try runDDSwift(["-file", path, "-status", "-json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let host = try #require((object["hosts"] as? [[String: Any]])?.first)
        let v4 = try #require(host["ipv4"] as? [String: Any])
        #expect(v4["failure"] as? String == "refusedCredentials")
        #expect((v4["suggestedAction"] as? String)?.contains("check the login") == true)
        #expect(v4["consecutiveFailures"] as? Int == 1)

        let unreachable = try writeConfig(
            "ssl=no, cache=\(directory)/u\nuse=ip, ip=198.51.100.22\nprotocol=dyndns2, server=127.0.0.1:9, login=bob, password=pw a.example.com\n",
            in: directory, name: "u.conf")
        #expect(try runDDSwift(["-file", unreachable]).status == 1)
        #expect(
            try runDDSwift(["-file", unreachable, "-status"]).stdout.contains(
                "Suggested actions: nothing answers at server="))
    }

    @Test(
        "backoff: consecutive retryable failures double the wait from min-error-interval (with jitter), capped at max-interval"
    )
    func backoff() {
        let host = HostConfig(
            name: "a.example.com", values: ["min-error-interval": "60", "max-interval": "600", "use": "ip"])
        func wait(_ failures: Int) -> Int {
            let entry = CacheEntry(host: host.name, fields: ["failures-ipv4": String(failures)])
            guard case .seconds(let seconds)? = UpdateDecision.backoff(host, entry: entry, family: .ipv4) else {
                return -1
            }
            return seconds
        }
        #expect(wait(1) == 60)
        #expect((120..<144).contains(wait(2)))
        #expect((240..<288).contains(wait(3)))
        #expect(wait(10) == 600)
        #expect(wait(2) == wait(2))  // the jitter is fixed per host and count, not random
    }

    @Test("a retryable failure is retried only after the backed-off wait; 429 with Retry-After is honoured")
    func backoffEndToEnd() throws {
        let server = try dyndnsServer { _ in "911" }
        defer { server.stop() }
        let directory = temporaryDirectory()
        let path = try writeConfig(config(server, directory), in: directory)
        #expect(try runDDSwift(["-file", path]).status == 1)
        // Within min-error-interval: skipped, and the run exits 1 (the host is not current).
        let waiting = try runDDSwift(["-file", path])
        #expect(waiting.status == 1 && waiting.stderr.contains("since the previous attempt, which failed"))
        #expect(server.requests.count == 1)
        let entry = try #require(try CacheFile.read(path: directory + "/c").entries["a.example.com"])
        #expect(entry["failures-ipv4"] == "1")

        let limited = try FakeHTTPServer { _ in .text("slow down", status: 429, headers: [("Retry-After", "3600")]) }
        defer { limited.stop() }
        let other = temporaryDirectory()
        let limitedPath = try writeConfig(config(limited, other), in: other)
        let started = Int(Date().timeIntervalSince1970)
        #expect(try runDDSwift(["-file", limitedPath]).status == 1)
        let wait = try #require(try CacheFile.read(path: other + "/c").entries["a.example.com"]?.wtime)
        #expect(wait >= started + 3600 && wait <= started + 3700)
        // An HTTP date: 2026-10-21 07:28:00 UTC is 1792567680; at most a day ahead is taken.
        #expect(RetryAfterRecorder.parse("Wed, 21 Oct 2026 07:28:00 GMT", now: 1_792_567_000) == 1_792_567_680)
        #expect(RetryAfterRecorder.parse("Wed, 21 Oct 2026 07:28:00 GMT", now: 1_700_000_000) == 1_700_086_400)
        #expect(RetryAfterRecorder.parse("soon", now: 1) == nil)
        // Review finding: out-of-range fields overflowed the day arithmetic and crashed the run.
        for hostile in [
            "Wed, 21 Oct 99999999999999 07:28:00 GMT", "Wed, 9223372036854775807 Oct 2026 07:28:00 GMT",
            "Wed, 21 Oct 2026 9223372036854775807:28:00 GMT", "Wed, 21 Oct 2026 24:00:00 GMT",
        ] {
            #expect(RetryAfterRecorder.parse(hostile, now: 1_792_567_000) == nil)
        }
    }
}
