import Synchronization

/// What happened to one host (and family) in a cycle. The update cycle emits these as they
/// happen to its sinks (``CycleEventSink``: the log lines, ``CycleLog``, and the cache,
/// ``CacheRecorder``); what the finished cycle produces (mail, postscript, metrics,
/// notifications, verification) is an observer of them (``CycleObserver``). One per file in
/// `Engine/Observers/`.
public struct CycleEvent: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// The host's addresses were found (detection).
        case checked
        /// Nothing to send (current, or waiting for an interval).
        case skipped
        /// The provider set the address.
        case updated
        /// The update failed; retried later.
        case failed
        /// Not tried: a permanent refusal holds the host.
        case held
        /// Updated after one or more failures.
        case recovered
        /// `verify=yes`: after the update, the zone's authoritative servers answer another
        /// address (reported by the verifier, after the cycle).
        case mismatch
    }

    public var kind: Kind
    public var host: String
    public var protocolName: String
    public var family: AddressFamily?
    public var address: String?
    /// Why (failed, held), in the failure's kind.
    public var failure: ProviderFailure?
    /// The sentence the log printed (secrets masked).
    public var message: String
    /// Epoch seconds.
    public var time: Int
    /// The provider's status word as the cache keeps it (`good`, `badauth`, `unknown`).
    public var status: String?
    /// The provider's answer in words (secrets masked), as the cache keeps it.
    public var reply: String?
    /// Epoch seconds before which the provider asked not to be contacted again (`w5m`, 429).
    public var waitUntil: Int?
    /// A skip the operator should see (an interval holds back a change): a warning, not an
    /// info line.
    public var isWarning = false
    /// Fields the decision asks the cache to keep for a skipped host (the warned-once marks).
    public var cacheFields: [String: String] = [:]

    public init(
        _ kind: Kind, host: String, protocolName: String, family: AddressFamily? = nil, address: String? = nil,
        failure: ProviderFailure? = nil, message: String = "", time: Int
    ) {
        self.kind = kind
        self.host = host
        self.protocolName = protocolName
        self.family = family
        self.address = address
        self.failure = failure
        self.message = message
        self.time = time
    }
}

/// Receives a cycle's events as they happen (from the worker threads, in each host's order).
public protocol CycleEventSink: Sendable {
    func receive(_ event: CycleEvent)
}

/// The sinks of one cycle, in order: the log line first, then the cache, then the rest.
struct CycleEvents: Sendable {
    let sinks: [any CycleEventSink]

    func emit(_ event: CycleEvent) {
        for sink in sinks { sink.receive(event) }
    }
}

/// What one address source said in a cycle, and how long it took.
public struct DetectionRecord: Sendable, Equatable {
    public var source: String
    public var family: AddressFamily?
    public var seconds: Double
    /// nil when the source gave no address.
    public var address: String?
}

/// A finished cycle as the observers see it: its events, its summary, what detection did, and
/// the cache as written.
public struct CycleReport: Sendable {
    public var summary: CycleSummary
    public var detections: [DetectionRecord]
    public var startedAt: Int
    public var durationSeconds: Double
    public var configuration: Configuration
    public var dryRun: Bool
    /// The cache file (an observer that records something re-reads and rewrites it, taking
    /// the lock again: observers run after the cycle released it).
    public var cachePath: String = ""

    public var events: [CycleEvent] { summary.events }
    /// The cache after the cycle (what metrics and status describe).
    public var cache: [String: CacheEntry] { summary.cache }

    public var failed: Bool { summary.exitCode != 0 }
}

/// One output of the cycle. Observers run after the cache is written, one after the other;
/// each bounds its own time and never changes the run's exit code.
public protocol CycleObserver: Sendable {
    func cycleFinished(_ report: CycleReport, log: Log)
}

/// Items collected from the worker threads (a cycle's events, what detection said).
final class LockedList<Element: Sendable>: Sendable {
    private let storage = Mutex<[Element]>([])
    func add(_ item: Element) { storage.withLock { $0.append(item) } }
    var all: [Element] { storage.withLock { $0 } }
}

extension LockedList: CycleEventSink where Element == CycleEvent {
    func receive(_ event: CycleEvent) { add(event) }
}
