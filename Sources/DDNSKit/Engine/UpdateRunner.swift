import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// How one cycle went.
public struct CycleSummary: Sendable, Equatable {
    public var updated: [String] = []
    public var skipped: [String] = []
    public var failed: [String] = []
    /// Groups (requests or request sequences) sent to providers.
    public var requestGroups = 0
    /// True when a stop signal arrived and some groups were not sent.
    public var interrupted = false
    /// Addresses set at providers this cycle (IPv4 first, then IPv6), for `postscript`.
    public var updatedAddresses: [String] = []
    /// Hosts not tried because a permanent refusal holds them (badauth, nohost, …).
    public var held: [String] = []
    /// Hosts not tried because they wait out their backoff after a failure.
    public var waiting: [String] = []
    /// The cache could not be written: the next run would send these updates again.
    public var cacheWriteFailed = false
    /// The cache could not be read: nothing was decided or sent.
    public var cacheReadFailed = false
    /// Per host and family, what happened (for the observers).
    public var events: [CycleEvent] = []
    /// The cache as the cycle left it.
    public var cache: [String: CacheEntry] = [:]

    /// 0 when every host is current or was updated; 1 when any failed, is held, waits out its
    /// backoff, was not sent because a stop signal came, or the cache could not be written.
    public var exitCode: Int32 {
        failed.isEmpty && held.isEmpty && waiting.isEmpty && !cacheWriteFailed && !cacheReadFailed && !interrupted
            ? 0 : 1
    }
}

/// What a cycle needs from the outside world; every part can be replaced in tests.
public struct RunEnvironment: Sendable {
    public var http: any HTTPTransport
    public var log: Log
    /// Epoch seconds.
    public var now: @Sendable () -> Int
    /// Finds the addresses for the hosts (each distinct source once).
    public var detect: @Sendable ([HostConfig]) -> [String: HostAddresses]
    /// The protocol called `name`.
    public var protocolNamed: @Sendable (String) -> (any DDNSProtocol)?
    /// Becomes true when SIGTERM/SIGINT arrived: no new group starts.
    public var shouldStop: @Sendable () -> Bool
    /// More receivers of the cycle's events as they happen, after the log and the cache.
    public var eventSinks: [any CycleEventSink]

    public init(
        http: any HTTPTransport,
        log: Log,
        now: @escaping @Sendable () -> Int,
        detect: @escaping @Sendable ([HostConfig]) -> [String: HostAddresses],
        protocolNamed: @escaping @Sendable (String) -> (any DDNSProtocol)? = { ProtocolRegistry.named($0) },
        shouldStop: @escaping @Sendable () -> Bool = { false },
        eventSinks: [any CycleEventSink] = []
    ) {
        self.http = http
        self.log = log
        self.now = now
        self.detect = detect
        self.protocolNamed = protocolNamed
        self.shouldStop = shouldStop
        self.eventSinks = eventSinks
    }
}

/// Settings of one cycle that come from the command line and the globals.
public struct CycleOptions: Sendable {
    public var cachePath: String
    public var force: Bool = false
    /// `-test`: detect and decide, but send nothing and write nothing.
    public var dryRun: Bool = false
    /// Write the cache after each finished group (daemon mode), not only at the end.
    public var writeCacheAfterEachGroup: Bool = false
    public var maxConcurrency: Int = 32
    public var maxPerServer: Int = 4
    /// When the configuration file last changed (lifts a hold after a permanent error).
    public var configModified: Int?
    /// Emit a `checked` event per host and family (only a notifier asking for them reads them).
    public var recordChecked = false

    public init(cachePath: String) { self.cachePath = cachePath }
}

/// One update cycle: read the cache, detect, decide, send the groups concurrently, and emit
/// what happened as events: the log (``CycleLog``) and the cache (``CacheRecorder``) are
/// their first receivers; the cache is written at the end. ddclient's `update_nics` with
/// bounded concurrency.
public struct UpdateRunner: Sendable {
    public var environment: RunEnvironment

    public init(environment: RunEnvironment) { self.environment = environment }

    private var log: Log { environment.log }

    public func runCycle(_ config: Configuration, options: CycleOptions) -> CycleSummary {
        let now = environment.now()
        var summary = CycleSummary()
        let contents: CacheFile.Contents
        do {
            contents = try CacheFile.read(path: options.cachePath)
        } catch {
            log.failed("\(error); nothing is sent (an unread cache would send every host again)")
            summary.cacheReadFailed = true
            return summary
        }
        for warning in contents.warnings { log.warning(warning) }
        for problem in FilePermissions.check(options.cachePath, fix: !options.dryRun) {
            log.warning(problem.description)
        }
        let loaded = contents.entries
        let cache = CacheRecorder(entries: loaded, layout: CacheLayout(stamp: contents.stamp))
        let collected = LockedList<CycleEvent>()
        let events = CycleEvents(sinks: [CycleLog(log: log), cache, collected] + environment.eventSinks)

        if config.hosts.isEmpty {
            log.warning("no hosts configured in \(config.file)")
        }
        let detected = config.hosts.isEmpty ? [:] : environment.detect(config.hosts)
        for host in config.hosts where options.recordChecked {
            for family in AddressFamily.allCases {
                guard let address = family == .ipv4 ? detected[host.name]?.ipv4 : detected[host.name]?.ipv6 else {
                    continue
                }
                events.emit(
                    .init(
                        .checked, host: host.name, protocolName: host.protocolName, family: family, address: address,
                        message: "\(family) address found: \(address)", time: now))
            }
        }

        func decide(_ host: HostConfig, _ proto: any DDNSProtocol, _ wanted: HostAddresses) -> UpdateDecision {
            UpdateDecision.decide(
                UpdateDecision.Input(
                    host: host, entry: cache.entry(host.name), wantIPv4: wanted.ipv4, wantIPv6: wanted.ipv6,
                    now: now, force: options.force, trackedOptions: proto.forceUpdateIfChanged,
                    configModified: options.configModified, verbose: log.verbosity >= .verbose))
        }
        // verify=drift: the due lookups of the hosts that would not be sent run together (each
        // bounded by its own timeout), not one after another in the loop below, where a silent
        // server would hold up every host. A host sent or held anyway is not looked up.
        let driftHosts =
            options.dryRun
            ? []
            : config.hosts.filter { host in
                guard Verifier.driftDue(host, entry: cache.entry(host.name), now: now),
                    let proto = environment.protocolNamed(host.protocolName),
                    case let wanted = detected[host.name] ?? HostAddresses(), wanted.ipv4 != nil || wanted.ipv6 != nil
                else { return false }
                let decision = decide(host, proto, wanted)
                return !decision.shouldUpdate && !decision.isHold
            }
        let driftResults = Dictionary(
            zip(
                driftHosts.map(\.name),
                WorkerPool.map(driftHosts, limit: 8) { host in
                    Verifier.driftReason(host, entry: cache.entry(host.name), now: now)
                }),
            uniquingKeysWith: { first, _ in first })

        // Decide, host by host, in file order.
        var targets: [(protocol: any DDNSProtocol, target: UpdateTarget)] = []
        for host in config.hosts {
            let context = [host.protocolName, host.name]
            guard let proto = environment.protocolNamed(host.protocolName) else {
                let message = "not updated because protocol '\(host.protocolName)' is not supported"
                events.emit(
                    .init(.failed, host: host.name, protocolName: host.protocolName, message: message, time: now))
                summary.failed.append(host.name)
                continue
            }
            let wanted = detected[host.name] ?? HostAddresses()
            if wanted.ipv4 == nil && wanted.ipv6 == nil {
                let message = "unable to determine IP address; not updated"
                events.emit(
                    .init(.failed, host: host.name, protocolName: host.protocolName, message: message, time: now))
                summary.failed.append(host.name)
                continue
            }
            let decision = decide(host, proto, wanted)
            for warning in decision.warnings { log.warning(warning, context) }
            // verify=drift: a current host whose record was changed at the provider is sent again.
            if !decision.shouldUpdate, !decision.isHold, !options.dryRun {
                let drift = driftResults[host.name] ?? (nil, nil)
                if let checked = drift.checked {
                    cache.update(host.name) { $0[CacheKey.driftCheckedAt] = String(checked) }
                }
                if let reason = drift.reason {
                    log.warning(reason, context)
                    targets.append((proto, UpdateTarget(host: host, ipv4: wanted.ipv4, ipv6: wanted.ipv6)))
                    continue
                }
            }
            if decision.shouldUpdate {
                log.info(decision.reason, context)
                targets.append((proto, UpdateTarget(host: host, ipv4: wanted.ipv4, ipv6: wanted.ipv6)))
            } else if decision.isHold {
                let kind = cache.entry(host.name).flatMap { entry in
                    AddressFamily.allCases.lazy.compactMap { entry.failure($0) }.first
                }
                events.emit(
                    .init(
                        .held, host: host.name, protocolName: host.protocolName, failure: kind,
                        message: decision.reason, time: now))
                summary.held.append(host.name)
            } else {
                var skipped = CycleEvent(
                    .skipped, host: host.name, protocolName: host.protocolName, message: decision.reason, time: now)
                skipped.isWarning = decision.isWarning
                skipped.cacheFields = decision.cacheChanges
                events.emit(skipped)
                summary.skipped.append(host.name)
                if decision.isBackoff { summary.waiting.append(host.name) }
            }
        }

        let groups = Self.group(targets)
        if options.dryRun {
            for group in groups {
                let names = group.targets.map(\.name).joined(separator: ",")
                let addresses = [group.targets[0].ipv4, group.targets[0].ipv6].compactMap { $0 }.joined(separator: ",")
                let problems = group.protocol.preflight(group.targets)
                if problems.isEmpty {
                    log.success("would update \(names) to \(addresses) (-test: nothing sent)", [group.protocol.name])
                    summary.updated += group.targets.map(\.name)
                } else {
                    for problem in problems {
                        log.failed("would fail to update \(names): \(problem)", [group.protocol.name])
                    }
                    summary.failed += group.targets.map(\.name)
                }
            }
            summary.events = collected.all
            summary.cache = cache.entries
            return summary
        }

        let shouldStop = environment.shouldStop
        let writeEachGroup = options.writeCacheAfterEachGroup
        let cachePath = options.cachePath
        let jobs = groups.map { (key: $0.targets[0].host.values["server"] ?? $0.protocol.name, item: $0) }
        let outcomes = WorkerPool.run(
            jobs, limit: max(1, options.maxConcurrency), perKeyLimit: max(1, options.maxPerServer)
        ) { group -> GroupOutcome in
            if shouldStop() { return GroupOutcome(group: group, results: nil) }
            cache.markAttempt(group.targets, protocol: group.protocol, now: now)
            // Each group's own view of the transport, to see a Retry-After the provider sends.
            let http = RetryAfterRecorder(environment.http, now: environment.now)
            let context = UpdateContext(http: http, log: log, now: environment.now)
            var results = group.protocol.update(group.targets, context: context)
            if let wait = http.waitUntil {
                for index in results.indices
                where [results[index].ipv4, results[index].ipv6].contains(where: {
                    $0.map { !$0.isSuccess && !$0.isInterrupted } == true
                }) {
                    results[index].waitUntil = max(results[index].waitUntil ?? 0, wait)
                }
            }
            let outcome = GroupOutcome(group: group, results: results)
            if writeEachGroup {
                record(outcome, into: cache, now: environment.now(), before: loaded, events: events)
                _ = cache.write(to: cachePath, now: environment.now(), log: log)
            }
            return outcome
        }
        for outcome in outcomes {
            guard let results = outcome.results else {
                summary.interrupted = true
                continue
            }
            summary.requestGroups += 1
            if !writeEachGroup { record(outcome, into: cache, now: environment.now(), before: loaded, events: events) }
            for target in outcome.group.targets {
                let result = results.first { $0.host == target.name }
                let outcomes = [result?.ipv4, result?.ipv6].compactMap { $0 }
                if outcomes.contains(where: \.isInterrupted) {
                    summary.interrupted = true
                    continue
                }
                if result == nil || outcomes.isEmpty || outcomes.contains(where: { !$0.isSuccess }) {
                    summary.failed.append(target.name)
                } else {
                    summary.updated.append(target.name)
                }
                for address in [target.ipv4, target.ipv6].compactMap({ $0 })
                where !summary.updatedAddresses.contains(address) && outcomes.contains(where: \.isSuccess) {
                    summary.updatedAddresses.append(address)
                }
            }
        }
        if summary.interrupted {
            log.warning("stopping: some updates were not sent because a stop signal arrived")
        }
        summary.updatedAddresses.sort { !$0.contains(":") && $1.contains(":") }
        if cache.entries != loaded || writeEachGroup {
            summary.cacheWriteFailed = !cache.write(to: options.cachePath, now: environment.now(), log: log)
        }
        summary.events = collected.all
        summary.cache = cache.entries
        return summary
    }

    /// Turns a group's results into events (the log and the cache receive them).
    private func record(
        _ outcome: GroupOutcome, into cache: CacheRecorder, now: Int, before: [String: CacheEntry],
        events: CycleEvents
    ) {
        let protocolName = outcome.group.protocol.name
        let results = outcome.results ?? []
        for target in outcome.group.targets {
            let context = [protocolName, target.name]
            guard let result = results.first(where: { $0.host == target.name }) else {
                for (family, wanted) in [(AddressFamily.ipv4, target.ipv4), (.ipv6, target.ipv6)] where wanted != nil {
                    var event = CycleEvent(
                        .failed, host: target.name, protocolName: protocolName, family: family, address: wanted,
                        failure: .malformedReply,
                        message: "the provider gave no result for this host; assuming failure",
                        time: now)
                    event.status = "unknown"
                    event.reply = "no result for this host"
                    events.emit(event)
                }
                continue
            }
            if [result.ipv4, result.ipv6].contains(where: { $0?.isInterrupted == true }) {
                // Abandoned by a stop signal: the entry stays as it was before the attempt, so
                // the next run sends it again at once (no min-error-interval for our own stop).
                log.warning("not updated: a stop signal came before \(protocolName) answered", context)
                cache.restore(target.name, to: before[target.name])
                continue
            }
            for (family, outcome, wanted) in [
                (AddressFamily.ipv4, result.ipv4, target.ipv4), (.ipv6, result.ipv6, target.ipv6),
            ] {
                guard let outcome else { continue }
                var event: CycleEvent
                switch outcome.kind {
                case .success:
                    let address = outcome.address ?? wanted
                    let recovered = cache.entry(target.name)?[family.failuresKey] != nil
                    let said =
                        outcome.message.isEmpty || outcome.message.hasPrefix("address set to")
                        ? "" : ": \(outcome.message)"
                    event = CycleEvent(
                        recovered ? .recovered : .updated, host: target.name, protocolName: protocolName,
                        family: family, address: address,
                        message: log.mask("\(family) address set to \(address ?? "?")\(said)"), time: now)
                case .failure, .permanentFailure:
                    event = CycleEvent(
                        .failed, host: target.name, protocolName: protocolName, family: family, address: wanted,
                        failure: outcome.failure,
                        message: log.mask("updating \(family) address to \(wanted ?? "?") failed: \(outcome.message)"),
                        time: now)
                }
                // A provider may echo a token as its status word: the cache keeps it masked.
                event.status = log.mask(outcome.status)
                event.reply = log.mask(outcome.message)
                event.waitUntil = result.waitUntil
                events.emit(event)
            }
        }
    }

    /// One request (or request sequence) to send.
    struct Group: Sendable {
        var `protocol`: any DDNSProtocol
        var targets: [UpdateTarget]
    }

    private struct GroupOutcome: Sendable {
        var group: Group
        var results: [UpdateResult]?
    }

    /// ddclient's `group_hosts_by`: hosts whose values for the protocol's grouping options are
    /// equal (undefined equals undefined) share a request, in chunks of the protocol's limit.
    static func group(_ targets: [(protocol: any DDNSProtocol, target: UpdateTarget)]) -> [Group] {
        var order: [String] = []
        var buckets: [String: Group] = [:]
        // The key of the previous target: hosts in a row resolved alike share their values
        // dictionary (equal at the cost of a pointer comparison) and so their key.
        var previous: (values: [String: String], name: String, ipv4: String?, ipv6: String?, key: String)?
        for (index, item) in targets.enumerated() {
            let proto = item.protocol
            var key = proto.name
            if proto.groupBy.isEmpty || proto.maxHostsPerRequest <= 1 {
                key += "\u{0}#\(index)"
            } else if let previous, previous.name == proto.name, previous.ipv4 == item.target.ipv4,
                previous.ipv6 == item.target.ipv6, previous.values == item.target.host.values
            {
                key = previous.key
            } else {
                for option in proto.groupBy {
                    let value: String?
                    switch option {
                    case "wantipv4": value = item.target.ipv4
                    case "wantipv6": value = item.target.ipv6
                    default: value = item.target.host.values[option]
                    }
                    key += "\u{0}" + (value.map { "=" + $0 } ?? "-")
                }
                previous = (item.target.host.values, proto.name, item.target.ipv4, item.target.ipv6, key)
            }
            if buckets[key] == nil {
                order.append(key)
                buckets[key] = Group(protocol: proto, targets: [])
            }
            buckets[key]!.targets.append(item.target)
        }
        var groups: [Group] = []
        for key in order {
            let bucket = buckets[key]!
            let size = max(1, bucket.protocol.maxHostsPerRequest)
            var start = 0
            while start < bucket.targets.count {
                groups.append(
                    Group(
                        protocol: bucket.protocol,
                        targets: Array(bucket.targets[start..<min(start + size, bucket.targets.count)])))
                start += size
            }
        }
        return groups
    }
}

/// A group's transport: passes every request on and remembers the latest time a `429` or
/// `503` answer's `Retry-After` asks to wait until (seconds or an HTTP date).
public final class RetryAfterRecorder: HTTPTransport {
    private let base: any HTTPTransport
    private let now: @Sendable () -> Int
    private let latest = Mutex<Int?>(nil)

    init(_ base: any HTTPTransport, now: @escaping @Sendable () -> Int) {
        self.base = base
        self.now = now
    }

    var waitUntil: Int? { latest.withLock { $0 } }

    public func send(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse {
        let response = try base.send(request)
        if response.status == 429 || response.status == 503,
            let value = response.header("Retry-After"),
            let until = Self.parse(value, now: now())
        {
            latest.withLock { $0 = max($0 ?? 0, until) }
        }
        return response
    }

    /// `Retry-After: 120` or `Retry-After: Wed, 21 Oct 2026 07:28:00 GMT`, at most a day ahead.
    public static func parse(_ value: String, now: Int) -> Int? {
        let trimmed = value.drop { $0 == " " }.trimmingSuffix { $0 == " " }
        let limit = UpdateDecision.futureTolerance
        if let seconds = Int(trimmed), seconds >= 0 { return now + min(seconds, limit) }
        // IMF-fixdate: `Wed, 21 Oct 2026 07:28:00 GMT`.
        let words = trimmed.split(separator: " ")
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        guard words.count == 6, words[5] == "GMT", let day = Int(words[1]),
            let month = months.firstIndex(of: String(words[2])).map({ $0 + 1 }), let year = Int(words[3]),
            case let clock = words[4].split(separator: ":").compactMap({ Int($0) }), clock.count == 3,
            (1970...9999).contains(year), (1...31).contains(day), (0..<24).contains(clock[0]),
            (0..<60).contains(clock[1]), (0...60).contains(clock[2])
        else { return nil }
        // Days from civil (Howard Hinnant's algorithm), then seconds.
        let shifted = month <= 2 ? year - 1 : year
        let era = (shifted >= 0 ? shifted : shifted - 399) / 400
        let yearOfEra = shifted - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146097 + dayOfEra - 719468
        let time = days * 86400 + clock[0] * 3600 + clock[1] * 60 + clock[2]
        return time > now ? min(time, now + limit) : nil
    }
}
