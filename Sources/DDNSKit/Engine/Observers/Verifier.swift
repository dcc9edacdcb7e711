/// `verify=yes` (or `drift`): a few seconds after an update (`verify-delay`), ask the zone's
/// authoritative servers (``AuthoritativeLookup``; `verify-server` names one) whether they
/// answer the new address, and keep the answer in the cache for `-status`: verified, not yet
/// (nothing or the old address yet), or mismatch (another address). For every provider, not
/// only nsupdate.
public struct Verifier: CycleObserver {
    /// How long to wait for the cache lock to record the answers (`DDSWIFT_LOCK_WAIT`).
    let lockWait: Double
    /// Who hears of a mismatch (`notify`, `notify-cmd`; event `mismatch`).
    let notifier: Notifier?

    public init(lockWait: Double = DDSwiftCommand.lockWait, notifier: Notifier? = nil) {
        self.lockWait = lockWait
        self.notifier = notifier
    }

    /// `no`, `yes` or `drift` (lower-cased when the file is read).
    static func mode(_ host: HostConfig) -> String { host.values["verify"] ?? "no" }

    public func cycleFinished(_ report: CycleReport, log: Log) {
        guard !report.dryRun else { return }
        // The updates first: a cycle that set nothing (the usual one) looks at no host.
        let updates = report.events.filter { event in
            (event.kind == .updated || event.kind == .recovered) && event.family != nil && event.address != nil
        }
        guard !updates.isEmpty else { return }
        let names = Set(updates.map(\.host))
        let hosts = Dictionary(report.configuration.hosts.filter { names.contains($0.name) }.map { ($0.name, $0) }) {
            first, _ in first
        }
        let wanted = updates.filter { hosts[$0.host].map { ["yes", "drift"].contains(Self.mode($0)) } == true }
        guard !wanted.isEmpty else { return }
        let delay = wanted.compactMap { hosts[$0.host]?.integer("verify-delay") }.max() ?? 5
        // A reload (SIGHUP) meanwhile stays pending for the daemon's loop.
        if delay > 0, !ProcessControl.pauseUnlessStopped(seconds: Double(min(delay, 60))) { return }
        let results = WorkerPool.map(wanted, limit: 8) {
            event -> (CycleEvent, Result<[String], AuthoritativeLookup.Failure>) in
            let server = hosts[event.host]?.values["verify-server"]
            return (event, AuthoritativeLookup.addresses(of: event.host, family: event.family!, server: server))
        }
        let now = ProcessControl.now()
        var verdicts: [(event: CycleEvent, verdict: String, answer: String?)] = []
        var mismatches: [CycleEvent] = []
        for (event, result) in results {
            let family = event.family!
            let context = [event.protocolName, event.host]
            switch result {
            case .success(let answer) where answer.contains(event.address!):
                verdicts.append((event, "yes", nil))
                log.info("verified: the authoritative servers answer \(event.address!) for \(family)", context)
            case .success(let answer) where !answer.isEmpty:
                verdicts.append((event, "mismatch", answer.first))
                let mismatch = CycleEvent(
                    .mismatch, host: event.host, protocolName: event.protocolName, family: family,
                    address: event.address,
                    message:
                        "the authoritative servers answer \(answer.joined(separator: ", ")) for \(family), not \(event.address!)",
                    time: now)
                CycleLog(log: log).receive(mismatch)
                mismatches.append(mismatch)
            case .success:
                verdicts.append((event, "pending", nil))
                log.info("not verified yet: the authoritative servers have no \(family) address for it", context)
            case .failure(let failure):
                verdicts.append((event, "pending", nil))
                log.warning("cannot verify the update: \(failure)", context)
            }
        }
        record(verdicts, in: report.cachePath, now: now, log: log)
        // After the cache lock is released: a hanging webhook must not hold back the next run.
        notifier?.sendAfterCycle(mismatches, log: log)
    }

    /// The verdicts into the cache, for `-status`. The cycle's lock is released by now: this
    /// takes it again for the read-modify-write.
    private func record(
        _ verdicts: [(event: CycleEvent, verdict: String, answer: String?)], in cachePath: String, now: Int, log: Log
    ) {
        let lock: LockFile
        do {
            lock = try LockFile(path: cachePath + ".lock", wait: lockWait)
        } catch {
            log.warning("cannot record the verification in the cache: \(error)")
            return
        }
        defer { withExtendedLifetime(lock) {} }
        let contents: CacheFile.Contents
        do {
            contents = try CacheFile.read(path: cachePath)
        } catch {
            log.warning("cannot record the verification in the cache: \(error)")
            return
        }
        var entries = contents.entries
        for (event, verdict, answer) in verdicts {
            let family = event.family!
            // Another run may have changed the entry since (a -force, a hook): a verdict on
            // the address this cycle set says nothing about another.
            guard var entry = entries[event.host], entry.address(family) == event.address else { continue }
            entry[family.verifiedKey] = verdict
            entry[family.verifiedAtKey] = String(now)
            if let answer {
                entry[family.verifiedAnswerKey] = answer
            } else {
                entry.fields[family.verifiedAnswerKey] = nil
            }
            entries[event.host] = entry
        }
        do {
            try CacheFile.write(entries, to: cachePath, now: now, layout: CacheLayout(stamp: contents.stamp))
        } catch {
            log.warning("cannot record the verification in the cache: \(error)")
        }
    }

    /// Whether a `verify=drift` check of `host` is due (at most once per max(min-interval, 1 h)).
    static func driftDue(_ host: HostConfig, entry: CacheEntry?, now: Int) -> Bool {
        guard mode(host) == "drift", let entry else { return false }
        var spacing = 3600
        if case .seconds(let seconds)? = host.interval("min-interval") { spacing = max(spacing, seconds) }
        if let last = entry.time(CacheKey.driftCheckedAt), now - last < spacing, last <= now { return false }
        return true
    }

    /// `verify=drift`: whether the authoritative answer has left the cached address (changed by
    /// hand at the provider), asked at most once per max(min-interval, 1 h). Returns the reason
    /// to send again, and the time to record as the last check (nil: no check was due).
    static func driftReason(_ host: HostConfig, entry: CacheEntry?, now: Int) -> (reason: String?, checked: Int?) {
        guard driftDue(host, entry: entry, now: now), let entry else { return (nil, nil) }
        for family in AddressFamily.allCases {
            guard let cached = entry.address(family), entry.status(family) == "good" else { continue }
            guard
                case .success(let answer) = AuthoritativeLookup.addresses(
                    of: host.name, family: family, server: host.values["verify-server"]),
                !answer.isEmpty, !answer.contains(cached)
            else { continue }
            return (
                "the authoritative servers answer \(answer.joined(separator: ", ")) for \(family), not \(cached) (changed at the provider?): sending again",
                now
            )
        }
        return (nil, now)
    }
}
