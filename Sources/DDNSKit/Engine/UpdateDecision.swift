/// Whether a host needs an update now, and why: ddclient 4.x's `nic_updateable`, without
/// its 3.10 bugs, plus a hold after a permanent refusal.
///
/// Providers block clients that repeat an unchanged address, so the default answer is "no":
/// an update is sent only when forced, when nothing is known, when an address changed (and
/// the last attempt is not too recent), when `max-interval` is due, or when a tracked
/// setting (`mx`, `wildcard`, …) changed.
public struct UpdateDecision: Sendable, Equatable {
    public enum Verdict: Sendable, Equatable {
        case update
        case skip
    }

    public var verdict: Verdict
    /// A sentence for the log: "update forced via -force", "skipped: address unchanged since …".
    public var reason: String
    /// Skips that a person should see without `-verbose` (min-interval, wait, hold) are warnings.
    public var isWarning: Bool
    /// Cache fields to set even when skipping (`warned-min-interval`).
    public var cacheChanges: [String: String]
    /// What was wrong with the cache entry (a time far in the future), for the log.
    public var warnings: [String] = []
    /// Skipped because a permanent refusal holds the host: the run fails until it is fixed.
    public var isHold = false
    /// Skipped while the host waits out its backoff after a failure: not current either, so
    /// the run exits 1 (as a held host does) while the healthchecks check stays red.
    public var isBackoff = false

    public var shouldUpdate: Bool { verdict == .update }

    static func update(_ reason: String) -> UpdateDecision {
        UpdateDecision(verdict: .update, reason: reason, isWarning: false, cacheChanges: [:])
    }

    static func skip(_ reason: String, warning: Bool = false, changes: [String: String] = [:]) -> UpdateDecision {
        UpdateDecision(verdict: .skip, reason: reason, isWarning: warning, cacheChanges: changes)
    }

    /// Everything the decision looks at; the clock is an input, never read here.
    public struct Input: Sendable {
        public var host: HostConfig
        public var entry: CacheEntry?
        public var wantIPv4: String?
        public var wantIPv6: String?
        public var now: Int
        public var force: Bool
        /// Options whose change forces an update (from the host's protocol).
        public var trackedOptions: [String]
        /// When the configuration file last changed (lifts a hold after a permanent error).
        public var configModified: Int?
        /// Warn about every min-interval skip, not only the first (`-verbose`).
        public var verbose: Bool

        public init(
            host: HostConfig, entry: CacheEntry?, wantIPv4: String?, wantIPv6: String?, now: Int, force: Bool = false,
            trackedOptions: [String] = [], configModified: Int? = nil, verbose: Bool = false
        ) {
            self.host = host
            self.entry = entry
            self.wantIPv4 = wantIPv4
            self.wantIPv6 = wantIPv6
            self.now = now
            self.force = force
            self.trackedOptions = trackedOptions
            self.configModified = configModified
            self.verbose = verbose
        }
    }

    /// How far ahead of the clock a cached time may be (clock steps, another machine's cache)
    /// before it is taken for nonsense: a time in 2100 must not block updates until 2100.
    public static let futureTolerance = 86400

    public static func decide(_ input: Input) -> UpdateDecision {
        let (entry, warnings) = sanitise(input.entry, now: input.now)
        let mtimeUnknown = input.entry?.time(CacheKey.mtime) != nil && entry?.time(CacheKey.mtime) == nil
        var decision = decide(input, entry: entry, mtimeInFuture: mtimeUnknown)
        decision.warnings = warnings
        return decision
    }

    /// The entry with every time more than a day ahead of `now` removed (unknown), and a
    /// warning for each.
    static func sanitise(_ entry: CacheEntry?, now: Int) -> (CacheEntry?, [String]) {
        guard var entry else { return (nil, []) }
        var warnings: [String] = []
        for key in CacheKey.times {
            guard let time = entry.time(key) else { continue }
            let (ahead, overflow) = time.subtractingReportingOverflow(now)
            if overflow || ahead > futureTolerance {
                entry[key] = nil
                warnings.append("the cache's \(key)=\(time) is more than a day in the future; treated as unknown")
            }
        }
        return (entry, warnings)
    }

    private static func decide(_ input: Input, entry: CacheEntry?, mtimeInFuture: Bool) -> UpdateDecision {
        let host = input.host
        let now = input.now
        if input.force { return .update("update forced via the 'force' option") }
        guard let entry else {
            return .update("update forced because the time of the previous update (or attempt) is unknown")
        }
        if let wait = entry.wtime, wait > now {
            var waiting = UpdateDecision.skip(
                "cannot update until after \(formatLocalTime(wait, style: .short)): the provider asked to wait",
                warning: true)
            // After a failure (429, w5m) the host is not current; a wait after a success is.
            waiting.isBackoff = AddressFamily.allCases.contains { entry.status($0).map { $0 != "good" } ?? false }
            return waiting
        }
        if let hold = entry[CacheKey.hold], !hold.isEmpty {
            let changedSince = input.configModified.map { modified in modified > (entry.atime ?? 0) } ?? false
            if !changedSince {
                var held = UpdateDecision.skip(
                    "not retried after '\(hold)' until the configuration changes (or -force is given)", warning: true)
                held.isHold = true
                return held
            }
        }
        if mtimeInFuture {
            // Refreshing is the only way to replace the impossible time with a real one.
            return .update("update forced because the cached time of the previous update is in the future")
        }
        if entry.mtime != nil, expired(entry.mtime, host.interval("max-interval"), now: now) {
            // A refresh that failed backs off like any other failure; without this, every run
            // would send it again while the provider keeps failing.
            if let waiting = backingOff(input, entry: entry, what: "the refresh after max-interval") {
                return waiting
            }
            let interval = host.interval("max-interval").map(describe) ?? "max-interval"
            return .update("update forced because it has been \(interval) since the previous update")
        }
        for (family, wanted) in [(AddressFamily.ipv4, input.wantIPv4), (.ipv6, input.wantIPv6)] {
            guard let wanted else { continue }
            let previous = entry.address(family)
            guard previous != wanted else { continue }
            let from = previous ?? "<nothing>"
            if entry.status(family) == "good" {
                if !expired(entry.mtime, host.interval("min-interval"), now: now) {
                    let warnedBefore = entry.time(CacheKey.warnedMinInterval) != nil
                    let interval = host.interval("min-interval").map(describe) ?? "min-interval"
                    return .skip(
                        "skipped update from \(from) to \(wanted) because it has been less than \(interval) since the previous update",
                        warning: !warnedBefore || input.verbose,
                        changes: [CacheKey.warnedMinInterval: String(now)])
                }
            } else if let waiting = backoffSkip(
                input, entry: entry, family: family, what: "update from \(from) to \(wanted)")
            {
                return waiting
            }
            return .update("\(family) address changed from \(from) to \(wanted)")
        }
        var changed: [String] = []
        for option in input.trackedOptions {
            if let cached = entry[option], let configured = host.values[option], cached != configured {
                changed.append(option)
            }
        }
        if !changed.isEmpty {
            if let waiting = backingOff(input, entry: entry, what: "the update for changed options") {
                return waiting
            }
            return .update("update forced because options changed: \(changed.joined(separator: ", "))")
        }
        var parts: [String] = []
        if let v4 = input.wantIPv4 { parts.append("IPv4 address is already \(v4)") }
        if let v6 = input.wantIPv6 { parts.append("IPv6 address is already \(v6)") }
        let since = entry.mtime.map { " (set \(formatLocalTime($0, style: .short)))" } ?? ""
        return .skip("skipped: \(parts.joined(separator: " and "))\(since)")
    }

    /// A skip while a wanted family's last attempt failed and its backoff has not passed.
    private static func backingOff(_ input: Input, entry: CacheEntry, what: String) -> UpdateDecision? {
        for (family, wanted) in [(AddressFamily.ipv4, input.wantIPv4), (.ipv6, input.wantIPv6)]
        where wanted != nil && entry.failure(family) != nil && entry.status(family) != "good" {
            if let waiting = backoffSkip(input, entry: entry, family: family, what: what) { return waiting }
        }
        return nil
    }

    /// The skip of `what` while `family`'s last failure is within its backoff, or nil.
    private static func backoffSkip(_ input: Input, entry: CacheEntry, family: AddressFamily, what: String)
        -> UpdateDecision?
    {
        let wait = backoff(input.host, entry: entry, family: family)
        guard !expired(entry.atime, wait, now: input.now) else { return nil }
        let warnedBefore = entry.time(CacheKey.warnedMinErrorInterval) != nil
        let interval = wait.map(describe) ?? "min-error-interval"
        // ddclient's rule waits min-error-interval after any attempt whose status for this
        // family is not good, also when there is none yet (IPv6 newly wanted); only a status
        // says the attempt failed, and only then is the host in backoff (exit 1, still failing).
        let failed = entry.status(family) != nil
        let status = entry.status(family).map { ", which failed ('\($0)')" } ?? ""
        var waiting = UpdateDecision.skip(
            "skipped \(what) because it has been less than \(interval) since the previous attempt\(status)",
            warning: !warnedBefore || input.verbose,
            changes: [CacheKey.warnedMinErrorInterval: String(input.now)])
        waiting.isBackoff = failed
        return waiting
    }

    /// How long to wait after a failed attempt: `min-error-interval` after the first failure,
    /// then doubling with each consecutive failure (plus up to 20% jitter, fixed per host and
    /// count so that hosts failing together do not retry together), at most `max-interval`.
    static func backoff(_ host: HostConfig, entry: CacheEntry, family: AddressFamily) -> Interval? {
        guard case .seconds(let base)? = host.interval("min-error-interval") else {
            return host.interval("min-error-interval")
        }
        let failures = max(1, entry.failures(family))
        guard failures > 1, base > 0 else { return .seconds(base) }
        let doublings = min(failures - 1, 30)
        let (grown, overflow) = base.multipliedReportingOverflow(by: 1 << doublings)
        var wait = overflow ? Int.max / 2 : grown
        // FNV-1a of "host#failures": a jitter fraction in [0, 0.2).
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(host.name)#\(failures)".utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        wait += Int(Double(wait) * Double(hash % 1000) / 5000)
        if case .seconds(let cap)? = host.interval("max-interval"), cap > 0 { wait = min(wait, max(cap, base)) }
        return .seconds(wait)
    }

    /// ddclient's `interval_expired`: never for `inf`; always when the time or interval is unknown.
    static func expired(_ time: Int?, _ interval: Interval?, now: Int) -> Bool {
        switch interval {
        case .infinite: return false
        case .seconds(let seconds)?:
            guard let time, seconds > 0 else { return true }
            let (elapsed, overflow) = now.subtractingReportingOverflow(time)
            return overflow ? now > time : elapsed > seconds
        case nil: return true
        }
    }

    static func describe(_ interval: Interval) -> String {
        switch interval {
        case .infinite: return "forever"
        case .seconds(let seconds):
            if seconds % 86400 == 0 { return "\(seconds / 86400) day\(seconds == 86400 ? "" : "s")" }
            if seconds % 3600 == 0 { return "\(seconds / 3600) hour\(seconds == 3600 ? "" : "s")" }
            if seconds % 60 == 0 { return "\(seconds / 60) minute\(seconds == 60 ? "" : "s")" }
            return "\(seconds) seconds"
        }
    }
}
