import DDNSFakeProvider
import Foundation
import Synchronization
import Testing

@testable import DDNSKit

/// Findings of the observability audit, each a test that failed before its fix.
@Suite struct ObserveAuditTests {
    /// A finished cycle that updated 40 hosts (one event each).
    static func reportOfFortyUpdates() -> CycleReport {
        var summary = CycleSummary()
        summary.events = (0..<40).map {
            CycleEvent(.updated, host: "h\($0).example.com", protocolName: "dyndns2", family: .ipv4, time: 1)
        }
        return CycleReport(
            summary: summary, detections: [], startedAt: 1, durationSeconds: 0.1,
            configuration: Configuration(file: "t", globals: [:], hosts: []), dryRun: false)
    }

    func config(_ server: FakeHTTPServer, _ directory: String, _ extra: String = "") -> String {
        """
        ssl=no, cache=\(directory)/c, min-interval=0, min-error-interval=60
        \(extra)
        use=ip, ip=198.51.100.20
        protocol=dyndns2, server=\(server.hostAndPort), login=bob, password=Secret-pw-1 a.example.com
        """
    }

    @Test("a healthchecks URL whose /start hangs does not delay the update: the provider has it at once")
    func hangingStartPing() throws {
        let provider = try dyndnsServer()
        let hanging = try FakeHTTPServer { _ in .hangForever }
        defer {
            provider.stop()
            hanging.stop()
        }
        let directory = temporaryDirectory()
        let pings = (1...5).map { "\(hanging.baseURL)/ping/\($0)" }.joined(separator: ",")
        let path = try writeConfig(config(provider, directory, "notify='\(pings)'"), in: directory)
        let started = Date()
        let running = try startDDSwift(["-file", path])
        while provider.requests.isEmpty && Date().timeIntervalSince(started) < 10 { usleep(20_000) }
        #expect(Date().timeIntervalSince(started) < 2, "the update waited for the /start pings")
        // What follows (waiting out the hanging pings) is not this test's subject.
        kill(running.process.processIdentifier, SIGTERM)
        _ = running.finish()
        #expect(provider.requests.count == 1)
    }

    @Test("the metrics file masks secrets: a command source's label carrying the password shows ********")
    func metricsMasked() throws {
        let provider = try dyndnsServer()
        defer { provider.stop() }
        let directory = temporaryDirectory()
        let metrics = directory + "/ddswift.prom"
        let path = try writeConfig(
            """
            ssl=no, cache=\(directory)/c, metrics-file=\(metrics)
            usev4=cmdv4, cmdv4='echo 198.51.100.31 Secret-pw-1'
            protocol=dyndns2, server=\(provider.hostAndPort), login=bob, password=Secret-pw-1 a.example.com
            """, in: directory)
        let run = try runDDSwift(["-file", path])
        #expect(run.status == 0, "\(run.stderr)")
        let text = try String(contentsOfFile: metrics, encoding: .utf8)
        #expect(text.contains("ddswift_detection_success{"), "\(text)")
        #expect(!text.contains("Secret-pw-1") && text.contains("********"), "\(text)")
        // One host updated in one family counts once among the cycle's hosts.
        #expect(text.contains("ddswift_cycle_hosts{outcome=\"updated\"} 1"), "\(text)")
    }

    @Test("a dual-stack host updated in both families is one host in ddswift_cycle_hosts")
    func cycleHostsCountsHosts() throws {
        var summary = CycleSummary()
        summary.events = [
            CycleEvent(.updated, host: "a.example.com", protocolName: "dyndns2", family: .ipv4, time: 1),
            CycleEvent(.updated, host: "a.example.com", protocolName: "dyndns2", family: .ipv6, time: 1),
        ]
        let report = CycleReport(
            summary: summary, detections: [], startedAt: 1, durationSeconds: 0.1,
            configuration: Configuration(file: "t", globals: [:], hosts: []), dryRun: false)
        #expect(MetricsFile.render(report).contains("ddswift_cycle_hosts{outcome=\"updated\"} 1"))
    }

    @Test("metrics-file in a folder that does not exist: a warning, and no folder is made")
    func metricsFolderNotMade() throws {
        let provider = try dyndnsServer()
        defer { provider.stop() }
        let directory = temporaryDirectory()
        let path = try writeConfig(
            config(provider, directory, "metrics-file=\(directory)/missing/ddswift.prom"), in: directory)
        let run = try runDDSwift(["-file", path])
        #expect(run.status == 0)
        #expect(run.stderr.contains("the folder \(directory)/missing does not exist"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory + "/missing"))
    }

    @Test("notify-events with an unknown word, and notify= that is not a URL, are warnings with file:line")
    func notifyValuesChecked() throws {
        let config = try ConfigLoader.parse(
            text: "notify-events='updated,faild'\nnotify=ftp://example.net/x\nlogin=u, password=p a.example.com\n",
            file: "t.conf", format: .conf)
        let lines = config.diagnostics.map(\.description)
        #expect(
            lines.contains {
                $0.hasPrefix(
                    "t.conf:1: notify-events: 'updated,faild' is not a list of checked, skipped, updated, failed, held, recovered"
                )
                    && $0.contains("did you mean 'failed'?")
            }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("t.conf:2: notify: '********' is not a list of http") }, "\(lines)")
        // The valid words are kept (a typo must not bring back the default list).
        #expect(config.global("notify-events") == "updated")
        #expect(lines.contains { $0.hasPrefix("t.conf:1:") && $0.hasSuffix("(ignored: faild)") }, "\(lines)")
    }

    @Test("a refresh after max-interval that failed backs off like any failure; later it is tried again")
    func maxIntervalRefreshBacksOff() throws {
        let host = HostConfig(
            name: "a.example.com",
            values: ["min-interval": "30", "min-error-interval": "300", "max-interval": "3600", "protocol": "dyndns2"])
        var entry = CacheEntry(host: "a.example.com")
        entry[AddressFamily.ipv4.addressKey] = "198.51.100.20"
        entry[AddressFamily.ipv4.statusKey] = "911"
        entry[AddressFamily.ipv4.failuresKey] = "1"
        entry[AddressFamily.ipv4.failureKey] = ProviderFailure.serverError.token
        entry[CacheKey.mtime] = "1000"
        entry[CacheKey.atime] = "9900"
        func decide(now: Int) -> UpdateDecision {
            UpdateDecision.decide(
                .init(
                    host: host, entry: entry, wantIPv4: "198.51.100.20", wantIPv6: nil, now: now, force: false,
                    trackedOptions: [], configModified: nil, verbose: false))
        }
        let soon = decide(now: 10_000)
        #expect(!soon.shouldUpdate, "\(soon.reason)")
        #expect(soon.reason.contains("skipped the refresh after max-interval because it has been less than 5 minutes"))
        #expect(decide(now: 10_300).shouldUpdate)
    }

    @Test("notifications that would start after the cycle's budget are dropped, with one warning")
    func notificationBudget() throws {
        struct SlowTransport: HTTPTransport {
            let sent = LockedList<String>()
            func send(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse {
                sent.add(request.url)
                usleep(300_000)
                return HTTPResponse(status: 200, headers: [], body: [])
            }
        }
        let transport = SlowTransport()
        var notifier = Notifier(
            urls: ["http://127.0.0.1:9/hook"], command: nil, events: [.updated], http: transport)
        notifier.budgetSeconds = 0.5
        let report = Self.reportOfFortyUpdates()
        let lines = MemorySink()
        let started = Date()
        notifier.cycleFinished(report, log: Log(sinks: [lines]))
        // 8 at a time, 0.3 s each: the first round starts at once, and none starts after 0.5 s
        // (so at most three rounds, however slow the machine); the rest are dropped and counted.
        let sent = transport.sent.all.count
        #expect(Date().timeIntervalSince(started) < 2)
        #expect((8...24).contains(sent), "\(sent)")
        #expect(
            lines.text.contains("\(40 - sent) notifications not sent: the cycle's 0.5 s for notifications were spent"),
            "\(lines.text)")
    }

    @Test(
        "a host waiting out its backoff keeps a healthchecks check failing: the next cron run pings /fail, not success")
    func healthchecksStayRedDuringBackoff() throws {
        let provider = try dyndnsServer { _ in "911" }
        let checks = try FakeHTTPServer { _ in .text("OK") }
        defer {
            provider.stop()
            checks.stop()
        }
        let directory = temporaryDirectory()
        let path = try writeConfig(config(provider, directory, "notify=\(checks.baseURL)/ping/abc"), in: directory)
        #expect(try runDDSwift(["-file", path]).status == 1)
        #expect(checks.requests.contains { $0.path == "/ping/abc/fail" })
        checks.clearRequests()
        let second = try runDDSwift(["-file", path])
        #expect(second.status == 1, "waiting out the backoff is not current: \(second.stderr)")
        #expect(provider.requests.count == 1, "the backoff holds the retry")
        #expect(
            checks.requests.contains {
                $0.path == "/ping/abc/fail" && $0.bodyText.contains("still failing: a.example.com")
            },
            "\(checks.requests)")
        #expect(!checks.requests.contains { $0.path == "/ping/abc" })
    }

    @Test("healthchecks pings go first and outside the budget: a hanging webhook with many events cannot silence them")
    func pingsBeforeBudget() throws {
        struct Transport: HTTPTransport {
            let sent = LockedList<String>()
            func send(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse {
                sent.add(request.url)
                if !request.url.contains("/ping/") { usleep(300_000) }
                return HTTPResponse(status: 200, headers: [], body: [])
            }
        }
        let transport = Transport()
        var notifier = Notifier(
            urls: ["http://127.0.0.1:9/hook", "http://127.0.0.1:9/ping/abc"], command: nil, events: [.updated],
            http: transport)
        notifier.budgetSeconds = 0.2
        let report = Self.reportOfFortyUpdates()
        notifier.cycleFinished(report, log: Log(sinks: []))
        // Among the first jobs the workers take (8 at once; a webhook holds its worker 300 ms),
        // not necessarily the very first to arrive: the workers start together.
        #expect(transport.sent.all.prefix(8).contains("http://127.0.0.1:9/ping/abc"), "\(transport.sent.all)")
        #expect(transport.sent.all.count < 41)
    }

    @Test("a family no longer attempted does not keep a healthchecks check failing")
    func oldFailureOfDroppedFamily() throws {
        var entry = CacheEntry(host: "a.example.com")
        entry[AddressFamily.ipv4.statusKey] = "good"
        entry[AddressFamily.ipv6.failureKey] = ProviderFailure.serverError.token
        entry[AddressFamily.ipv6.failuresKey] = "1"
        var summary = CycleSummary()
        summary.cache = ["a.example.com": entry]
        let report = CycleReport(
            summary: summary, detections: [], startedAt: 1, durationSeconds: 0.1,
            configuration: Configuration(
                file: "t", globals: [:], hosts: [HostConfig(name: "a.example.com", values: [:])]), dryRun: false)
        #expect(Notifier.stillFailing(report).isEmpty)
        summary.cache["a.example.com"]?[AddressFamily.ipv6.statusKey] = "911"
        let failing = CycleReport(
            summary: summary, detections: [], startedAt: 1, durationSeconds: 0.1,
            configuration: report.configuration, dryRun: false)
        #expect(Notifier.stillFailing(failing) == ["a.example.com"])
    }

    @Test("the metrics file masks label values only: a password that is a word of a metric name leaves the name alone")
    func metricsMaskLabelsOnly() throws {
        let log = Log(sinks: [])
        log.register(secret: "host")
        var summary = CycleSummary()
        var entry = CacheEntry(host: "a.example.com")
        entry[AddressFamily.ipv4.addressKey] = "192.0.2.1"
        entry[AddressFamily.ipv4.statusKey] = "good"
        summary.cache = ["a.example.com": entry]
        let report = CycleReport(
            summary: summary,
            detections: [
                DetectionRecord(source: "cmdv4=get --token host", family: .ipv4, seconds: 0.1, address: "192.0.2.1")
            ], startedAt: 1, durationSeconds: 0.1,
            configuration: Configuration(
                file: "t", globals: [:], hosts: [HostConfig(name: "a.example.com", values: ["protocol": "dyndns2"])]),
            dryRun: false)
        let text = MetricsFile.render(report, mask: log.mask)
        #expect(text.contains("ddswift_host_up{"), "\(text)")
        #expect(text.contains("source=\"cmdv4=get --token ********\""), "\(text)")
        _ = try ObserveTests.parseExposition(text)
    }
}
