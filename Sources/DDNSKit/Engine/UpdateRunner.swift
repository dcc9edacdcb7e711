import Synchronization

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
    /// The cache could not be written: the next run would send these updates again.
    public var cacheWriteFailed = false

    /// 0 when every host is current or was updated; 1 when any failed, is held, was not
    /// sent because a stop signal came, or the cache could not be written.
    public var exitCode: Int32 { failed.isEmpty && held.isEmpty && !cacheWriteFailed && !interrupted ? 0 : 1 }
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

    public init(
        http: any HTTPTransport,
        log: Log,
        now: @escaping @Sendable () -> Int,
        detect: @escaping @Sendable ([HostConfig]) -> [String: HostAddresses],
        protocolNamed: @escaping @Sendable (String) -> (any DDNSProtocol)? = { ProtocolRegistry.named($0) },
        shouldStop: @escaping @Sendable () -> Bool = { false }
    ) {
        self.http = http
        self.log = log
        self.now = now
        self.detect = detect
        self.protocolNamed = protocolNamed
        self.shouldStop = shouldStop
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

    public init(cachePath: String) { self.cachePath = cachePath }
}

/// One update cycle: read the cache, detect, decide, send the groups concurrently, record
/// the results, write the cache. ddclient's `update_nics` with bounded concurrency.
public struct UpdateRunner: Sendable {
    public var environment: RunEnvironment

    public init(environment: RunEnvironment) { self.environment = environment }

    private var log: Log { environment.log }

    public func runCycle(_ config: Configuration, options: CycleOptions) -> CycleSummary {
        let now = environment.now()
        var summary = CycleSummary()
        let contents = CacheFile.read(path: options.cachePath)
        for warning in contents.warnings { log.warning(warning) }
        for problem in FilePermissions.check(options.cachePath) { log.warning(problem.description) }
        let loaded = contents.entries
        let cache = CacheState(entries: loaded, layout: CacheLayout(stamp: contents.stamp))

        if config.hosts.isEmpty {
            log.warning("no hosts configured in \(config.file)")
        }
        let detected = config.hosts.isEmpty ? [:] : environment.detect(config.hosts)

        // Decide, host by host, in file order.
        var targets: [(protocol: any DDNSProtocol, target: UpdateTarget)] = []
        for host in config.hosts {
            let context = [host.protocolName, host.name]
            guard let proto = environment.protocolNamed(host.protocolName) else {
                log.failed("not updated because protocol '\(host.protocolName)' is not supported", context)
                summary.failed.append(host.name)
                continue
            }
            let wanted = detected[host.name] ?? HostAddresses()
            if wanted.ipv4 == nil && wanted.ipv6 == nil {
                log.failed("unable to determine IP address; not updated", context)
                summary.failed.append(host.name)
                continue
            }
            let decision = UpdateDecision.decide(
                UpdateDecision.Input(
                    host: host, entry: cache.entry(host.name), wantIPv4: wanted.ipv4, wantIPv6: wanted.ipv6,
                    now: now, force: options.force, trackedOptions: proto.forceUpdateIfChanged,
                    configModified: options.configModified, verbose: log.verbosity >= .verbose))
            for warning in decision.warnings { log.warning(warning, context) }
            if decision.shouldUpdate {
                log.info(decision.reason, context)
                targets.append((proto, UpdateTarget(host: host, ipv4: wanted.ipv4, ipv6: wanted.ipv6)))
            } else if decision.isHold {
                log.failed(decision.reason, context)
                summary.held.append(host.name)
            } else {
                if decision.isWarning {
                    log.warning(decision.reason, context)
                } else {
                    log.info(decision.reason, context)
                }
                if !decision.cacheChanges.isEmpty {
                    cache.update(host.name) { $0.fields.merge(decision.cacheChanges) { $1 } }
                }
                summary.skipped.append(host.name)
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
            return summary
        }

        let context = UpdateContext(http: environment.http, log: log, now: environment.now)
        let shouldStop = environment.shouldStop
        let writeEachGroup = options.writeCacheAfterEachGroup
        let cachePath = options.cachePath
        let jobs = groups.map { (key: $0.targets[0].host.values["server"] ?? $0.protocol.name, item: $0) }
        let outcomes = WorkerPool.run(
            jobs, limit: max(1, options.maxConcurrency), perKeyLimit: max(1, options.maxPerServer)
        ) { group -> GroupOutcome in
            if shouldStop() { return GroupOutcome(group: group, results: nil) }
            markAttempt(group, in: cache, now: now)
            let results = group.protocol.update(group.targets, context: context)
            let outcome = GroupOutcome(group: group, results: results)
            if writeEachGroup {
                record(outcome, into: cache, now: environment.now(), before: loaded)
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
            if !writeEachGroup { record(outcome, into: cache, now: environment.now(), before: loaded) }
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
        return summary
    }

    /// Records the attempt just before sending, as ddclient does: a group that is never sent
    /// (stop signal) keeps its old times.
    private func markAttempt(_ group: Group, in cache: CacheState, now: Int) {
        for target in group.targets {
            cache.update(target.name) { entry in
                entry[CacheKey.atime] = String(now)
                for key in [
                    "status-ipv4", "status-ipv6", CacheKey.wtime, CacheKey.warnedMinInterval,
                    CacheKey.warnedMinErrorInterval, CacheKey.hold, "message-ipv4", "message-ipv6",
                ] {
                    entry.fields[key] = nil
                }
                for option in group.protocol.forceUpdateIfChanged {
                    entry.fields[option] = target.host.values[option]
                }
                entry[CacheKey.protocol] = group.protocol.name
                entry[CacheKey.server] = target.host.values["server"].flatMap { CacheFile.isSafeValue($0) ? $0 : nil }
            }
        }
    }

    /// Applies a group's results to the cache and logs them.
    private func record(_ outcome: GroupOutcome, into cache: CacheState, now: Int, before: [String: CacheEntry]) {
        let protocolName = outcome.group.protocol.name
        let results = outcome.results ?? []
        for target in outcome.group.targets {
            let context = [protocolName, target.name]
            guard let result = results.first(where: { $0.host == target.name }) else {
                log.failed("the provider gave no result for this host; assuming failure", context)
                cache.update(target.name) { entry in
                    for family in AddressFamily.allCases where (family == .ipv4 ? target.ipv4 : target.ipv6) != nil {
                        entry[family.statusKey] = "unknown"
                    }
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
            cache.update(target.name) { entry in
                for (family, outcome, wanted) in [
                    (AddressFamily.ipv4, result.ipv4, target.ipv4), (.ipv6, result.ipv6, target.ipv6),
                ] {
                    guard let outcome else { continue }
                    entry[family.messageKey] = URLEncoding.encode(String(log.mask(outcome.message).prefix(300)))
                    switch outcome.kind {
                    case .success:
                        let address = outcome.address ?? wanted
                        entry[family.addressKey] = address
                        entry[family.statusKey] = "good"
                        entry[CacheKey.mtime] = String(now)
                        log.success(
                            "\(family) address set to \(address ?? "?")\(outcome.message.isEmpty || outcome.message.hasPrefix("address set to") ? "" : ": \(outcome.message)")",
                            context)
                    case .failure, .permanentFailure:
                        let token = Self.cacheToken(outcome.status)
                        entry[family.statusKey] = token
                        if outcome.kind == .permanentFailure { entry[CacheKey.hold] = token }
                        log.failed("updating \(family) address to \(wanted ?? "?") failed: \(outcome.message)", context)
                    }
                }
                if let wait = result.waitUntil { entry[CacheKey.wtime] = String(wait) }
            }
        }
    }

    /// A status token safe to store raw in the cache.
    static func cacheToken(_ status: String) -> String {
        let cleaned = String(
            status.prefix(40).map { $0.isASCII && ($0.isLetter || $0.isNumber || "!_.-".contains($0)) ? $0 : "_" })
        return cleaned.isEmpty ? "failed" : cleaned
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
        for (index, item) in targets.enumerated() {
            let proto = item.protocol
            var key = proto.name
            if proto.groupBy.isEmpty || proto.maxHostsPerRequest <= 1 {
                key += "\u{0}#\(index)"
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

/// The cache during a cycle, shared by the worker threads.
final class CacheState: Sendable {
    private let storage: Mutex<[String: CacheEntry]>
    /// Written back as read: switching back to ddclient sends nothing.
    let layout: CacheLayout

    init(entries: [String: CacheEntry], layout: CacheLayout = .ddswift) {
        storage = Mutex(entries)
        self.layout = layout
    }

    var entries: [String: CacheEntry] { storage.withLock { $0 } }

    func entry(_ host: String) -> CacheEntry? { storage.withLock { $0[host] } }

    /// Puts back `entry` (nil: no entry) for `host`.
    func restore(_ host: String, to entry: CacheEntry?) {
        storage.withLock { $0[host] = entry }
    }

    func update(_ host: String, _ change: (inout CacheEntry) -> Void) {
        storage.withLock { entries in
            var entry = entries[host] ?? CacheEntry(host: host)
            change(&entry)
            entries[host] = entry
        }
    }

    /// Writes the cache; false (and a FAILED line) when it cannot: the updates happened, but
    /// a run that does not remember them sends them again.
    func write(to path: String, now: Int, log: Log) -> Bool {
        storage.withLock { entries in
            do {
                try CacheFile.write(entries, to: path, now: now, layout: layout)
                return true
            } catch {
                log.failed("cannot write the cache: \(error); the next run will send these updates again")
                return false
            }
        }
    }
}
