import Synchronization

/// The cache during a cycle, shared by the worker threads: read at the start, changed by the
/// cycle's events (an update sets the address, a failure counts and may hold), and written
/// when the cycle (or, in a daemon, each group) ends.
public final class CacheRecorder: CycleEventSink {
    private let storage: Mutex<[String: CacheEntry]>
    /// Written back as read: switching back to ddclient sends nothing.
    let layout: CacheLayout

    public init(entries: [String: CacheEntry], layout: CacheLayout = .ddswift) {
        storage = Mutex(entries)
        self.layout = layout
    }

    public var entries: [String: CacheEntry] { storage.withLock { $0 } }

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

    public func receive(_ event: CycleEvent) {
        switch event.kind {
        case .checked, .held, .mismatch:
            return
        case .skipped:
            guard !event.cacheFields.isEmpty else { return }
            update(event.host) { $0.fields.merge(event.cacheFields) { $1 } }
        case .updated, .recovered, .failed:
            // A failure found before anything was sent (no address, unknown protocol) has no
            // family and changes nothing.
            guard let family = event.family, let status = event.status else { return }
            update(event.host) { entry in
                entry[family.messageKey] = URLEncoding.encode(String((event.reply ?? "").prefix(300)))
                if event.kind == .failed {
                    let token = Self.cacheToken(status)
                    entry[family.statusKey] = token
                    if event.failure?.isPermanent == true { entry[CacheKey.hold] = token }
                    // Counted from a file: a count at the top of the range stays there.
                    let (next, overflow) = entry.failures(family).addingReportingOverflow(1)
                    entry[family.failuresKey] = String(overflow ? Int.max : next)
                    entry[family.failureKey] = event.failure?.token
                    entry[family.failedAtKey] = String(event.time)
                } else {
                    entry[family.addressKey] = event.address
                    entry[family.statusKey] = "good"
                    entry[CacheKey.mtime] = String(event.time)
                    entry.fields[family.failuresKey] = nil
                    entry.fields[family.failureKey] = nil
                }
                if let wait = event.waitUntil { entry[CacheKey.wtime] = String(wait) }
            }
        }
    }

    /// Records the attempt just before sending, as ddclient does: a group that is never sent
    /// (stop signal) keeps its old times.
    func markAttempt(_ targets: [UpdateTarget], protocol proto: any DDNSProtocol, now: Int) {
        for target in targets {
            update(target.name) { entry in
                entry[CacheKey.atime] = String(now)
                for key in [
                    "status-ipv4", "status-ipv6", CacheKey.wtime, CacheKey.warnedMinInterval,
                    CacheKey.warnedMinErrorInterval, CacheKey.hold, "message-ipv4", "message-ipv6",
                ] {
                    entry.fields[key] = nil
                }
                for option in proto.forceUpdateIfChanged {
                    entry.fields[option] = target.host.values[option]
                }
                // The settings ddclient 3.x compares (dyndns2's `static`), as configured, so
                // that rolling back to it does not see a change.
                for option in CacheLayout.ddclient3Settings[proto.name]?.keys.sorted() ?? []
                where entry.fields[option] == nil {
                    entry.fields[option] = target.host.values[option]
                }
                entry[CacheKey.protocol] = proto.name
                entry[CacheKey.server] = target.host.values["server"].flatMap { CacheFile.isSafeValue($0) ? $0 : nil }
            }
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

    /// A status token safe to store raw in the cache.
    static func cacheToken(_ status: String) -> String {
        let cleaned = String(
            status.prefix(40).map { $0.isASCII && ($0.isLetter || $0.isNumber || "!_.-".contains($0)) ? $0 : "_" })
        return cleaned.isEmpty ? "failed" : cleaned
    }
}
