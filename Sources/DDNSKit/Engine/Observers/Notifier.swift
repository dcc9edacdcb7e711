/// `notify=URL` (several: `notify='URL,URL'`) and `notify-cmd=PROGRAM`: tell someone what the
/// cycle did. A webhook gets one JSON object per event (POST); a healthchecks-style ping URL
/// (hc-ping.com, or a path with `/ping/`) gets one ping per cycle instead: the URL itself
/// after a good cycle, `URL/fail` after a failed one (and `URL/start` when a cycle starts).
/// `notify-cmd` runs once per event with the event in environment variables. Which events:
/// `notify-events` (default `updated,recovered,failed,held,mismatch`; a mismatch comes from the
/// verifier, after its `verify-delay`). Everything is sent after the cache is written,
/// concurrently, each request within 5 s and each command within 10 s; a failure is a warning
/// and never changes the exit code. No secret is in an event.
public struct Notifier: CycleObserver {
    public var urls: [String]
    public var command: String?
    public var events: Set<CycleEvent.Kind>
    public var http: any HTTPTransport

    public static let defaultEvents = "updated,recovered,failed,held,mismatch"

    public init(urls: [String], command: String?, events: Set<CycleEvent.Kind>, http: any HTTPTransport) {
        self.urls = urls
        self.command = command
        self.events = events
        self.http = http
    }

    /// From the configuration's `notify`, `notify-cmd` and `notify-events`; nil when none is set.
    /// The client is made only when something is configured (`http` is not evaluated otherwise).
    public static func configured(_ config: Configuration, http: @autoclosure () -> any HTTPTransport) -> Notifier? {
        let urls = OptionTable.listItems(config.global("notify") ?? "")
        let command = config.global("notify-cmd").flatMap { $0.isEmpty ? nil : $0 }
        guard !urls.isEmpty || command != nil else { return nil }
        let kinds = OptionTable.listItems(config.global("notify-events") ?? defaultEvents).compactMap {
            CycleEvent.Kind(rawValue: $0.lowercased())
        }
        return Notifier(urls: urls, command: command, events: Set(kinds), http: http())
    }

    static func isHealthcheck(_ url: String) -> Bool {
        url.contains("://hc-ping.com/") || url.contains("/ping/")
    }

    /// A cycle starts: healthchecks-style URLs get `/start` (each within 5 s), on a thread
    /// beside the cycle so that a hanging ping never delays an update. The cycle's own ping
    /// waits for it (``join``), so `/start` cannot arrive after it.
    public func cycleStarting() -> BackgroundJob? {
        let pings = urls.filter(Self.isHealthcheck)
        guard !pings.isEmpty else { return nil }
        let http = self.http
        return BackgroundJob {
            _ = WorkerPool.map(pings, limit: 4) { url in
                try? http.send(HTTPRequest(url: Self.trimmed(url) + "/start"))
            }
        }
    }

    public func cycleFinished(_ report: CycleReport, log: Log) {
        guard !report.dryRun else { return }
        let selected = report.events.filter { events.contains($0.kind) }
        let failing = Self.stillFailing(report)
        _ = send(
            selected, failed: report.failed || !failing.isEmpty, summary: Self.summary(report, stillFailing: failing),
            log: log)
    }

    /// Hosts whose last attempt failed and that this cycle did not send (waiting out their
    /// backoff, or held): a check that turned green then would hide a stale name.
    static func stillFailing(_ report: CycleReport) -> [String] {
        report.configuration.hosts.map(\.name).filter { host in
            guard let entry = report.cache[host] else { return false }
            // A family counts while its last attempt failed: an attempt without it (IPv6 no
            // longer wanted) clears its status, and then its old failure no longer matters.
            return AddressFamily.allCases.contains { family in
                entry.failure(family) != nil && entry.status(family).map { $0 != "good" } == true
            } || !(entry[CacheKey.hold] ?? "").isEmpty
        }
    }

    /// All notifications of a cycle start within this many seconds (each then has its own 5 s
    /// or 10 s): a cycle with many events and a hanging endpoint stays bounded.
    public var budgetSeconds = 10.0

    /// `-notify-test`: one `test` event to every target; true when all accepted it.
    public func sendTest(log: Log, now: Int) -> Bool {
        let event = CycleEvent(
            .checked, host: "ddswift-notify-test", protocolName: "-", message: "a test event from -notify-test",
            time: now)
        return send([event], failed: false, summary: "a test ping from -notify-test", log: log, kind: "test")
    }

    /// Events found after the cycle (the verifier's mismatches), to the webhooks and
    /// `notify-cmd` that asked for them; healthchecks-style URLs heard about the cycle already.
    public func sendAfterCycle(_ events: [CycleEvent], log: Log) {
        let selected = events.filter { self.events.contains($0.kind) }
        guard !selected.isEmpty else { return }
        _ = send(selected, failed: false, summary: "", log: log, pings: false)
    }

    /// Sends everything concurrently; logs each failure; true when none failed.
    private func send(
        _ events: [CycleEvent], failed: Bool, summary: String, log: Log, kind: String? = nil, pings: Bool = true
    ) -> Bool {
        enum Job: Sendable {
            case post(String, CycleEvent)
            case ping(String)
            case run(String, CycleEvent)

            var isPing: Bool {
                if case .ping = self { return true }
                return false
            }
        }
        // The healthchecks pings first, and outside the budget: a hanging webhook with many
        // events must not keep a check from hearing about the cycle.
        var jobs: [Job] =
            pings ? urls.filter(Self.isHealthcheck).map { .ping(failed ? Self.trimmed($0) + "/fail" : $0) } : []
        for url in urls where !Self.isHealthcheck(url) {
            jobs += events.map { .post(url, $0) }
        }
        if let command { jobs += events.map { .run(command, $0) } }
        guard !jobs.isEmpty else { return true }
        let http = self.http
        let urls = self.urls
        let deadline = monotonicSeconds() + budgetSeconds
        let dropped = LockedList<Int>()
        let results = WorkerPool.map(jobs, limit: 8) { job -> String? in
            if !job.isPing, monotonicSeconds() > deadline {
                dropped.add(1)
                return nil
            }
            func shown(_ url: String) -> String { Self.shown(url, among: urls) }
            switch job {
            case .post(let url, let event):
                var request = HTTPRequest(
                    method: .post, url: url, headers: [HTTPHeader("Content-Type", "application/json")],
                    body: Array(Self.json(event, kind: kind).utf8))
                request.verifyTLS = true
                return Self.check(shown(url), http: http, request)
            case .ping(let url):
                return Self.check(
                    shown(url), http: http, HTTPRequest(method: .post, url: url, body: Array(summary.utf8)))
            case .run(let command, let event):
                let output = CommandRunner.run(command, timeout: 10, environment: Self.environment(event, kind: kind))
                if output.timedOut { return "notify-cmd '\(command)' did not finish within 10 s" }
                if output.status != 0 { return "notify-cmd '\(command)' exited with status \(output.status ?? -1)" }
                return nil
            }
        }
        for problem in results.compactMap({ $0 }) { log.warning("notification not delivered: \(problem)") }
        let late = dropped.all.count
        if late > 0 {
            log.warning(
                "\(late) notification\(late == 1 ? "" : "s") not sent: the cycle's \(formatSeconds(budgetSeconds)) for notifications were spent"
            )
        }
        return late == 0 && results.allSatisfy { $0 == nil }
    }

    /// `shown`: the target as the operator may see it (its path and query are credentials).
    private static func check(_ shown: String, http: any HTTPTransport, _ request: HTTPRequest) -> String? {
        do {
            let response = try http.send(request)
            return response.isSuccess ? nil : "\(shown) answered \(response.status)"
        } catch {
            // The error names the URL as the client redacts it, path included (a credential
            // here): say it by the target's shown name.
            return
                "\(shown): \("\(error)".replacingAll(request.url, with: "it").replacingAll(request.redactedURL, with: "it"))"
        }
    }

    /// `notify target 2 (https://hc-ping.com/…)`: which target, without the path or query that
    /// hold its token.
    static func shown(_ url: String, among urls: [String]) -> String {
        let number = (urls.firstIndex(of: url) ?? urls.firstIndex { url.hasPrefix(trimmed($0)) } ?? 0) + 1
        return "notify target \(number) (\(HTTPRequest.redact(url, keepingPath: false)))"
    }

    static func trimmed(_ url: String) -> String { url.hasSuffix("/") ? String(url.dropLast()) : url }

    /// One event as JSON: program, event, host, family, address, protocol, failure, suggested
    /// action, message, time.
    public static func json(_ event: CycleEvent, kind: String? = nil) -> String {
        JSONValue.object([
            ("program", .string(DDSwiftVersion.program)), ("event", .string(kind ?? event.kind.rawValue)),
            ("host", .string(event.host)), ("family", .optional(event.family?.addressKey)),
            ("address", .optional(event.address)), ("protocol", .string(event.protocolName)),
            ("failure", .optional(event.failure?.token)),
            ("suggestedAction", .optional(event.failure?.suggestedAction(message: event.message))),
            ("message", .string(event.message)), ("time", .number(String(event.time))),
        ]).encoded
    }

    /// The event for `notify-cmd`: DDSWIFT_EVENT, _HOST, _FAMILY, _ADDRESS, _PROTOCOL, _FAILURE,
    /// _MESSAGE, _TIME.
    static func environment(_ event: CycleEvent, kind: String?) -> [String: String] {
        [
            "DDSWIFT_EVENT": kind ?? event.kind.rawValue, "DDSWIFT_HOST": event.host,
            "DDSWIFT_FAMILY": event.family?.addressKey ?? "", "DDSWIFT_ADDRESS": event.address ?? "",
            "DDSWIFT_PROTOCOL": event.protocolName, "DDSWIFT_FAILURE": event.failure?.token ?? "",
            "DDSWIFT_MESSAGE": event.message, "DDSWIFT_TIME": String(event.time),
        ]
    }

    static func summary(_ report: CycleReport, stillFailing: [String] = []) -> String {
        let s = report.summary
        return
            "updated \(s.updated.count), skipped \(s.skipped.count), failed \(s.failed.count), held \(s.held.count)"
            + (stillFailing.isEmpty ? "" : "; still failing: \(stillFailing.joined(separator: ", "))")
            + (report.failed
                ? "\n"
                    + report.events.filter { $0.kind == .failed || $0.kind == .held }.map {
                        "\($0.host): \($0.message)"
                    }.joined(separator: "\n") : "")
    }
}
