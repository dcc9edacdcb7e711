/// One host of an update request: its resolved configuration and the addresses to set now.
/// An address is nil when that family is not being updated this run.
public struct UpdateTarget: Sendable, Equatable {
    public var host: HostConfig
    /// Normalised (RFC 5952 for IPv6) address text.
    public var ipv4: String?
    public var ipv6: String?

    public init(host: HostConfig, ipv4: String? = nil, ipv6: String? = nil) {
        self.host = host
        self.ipv4 = ipv4
        self.ipv6 = ipv6
    }

    public var name: String { host.name }

    /// The same host setting only `address` (of whichever family it is).
    public func only(_ address: String) -> UpdateTarget {
        let v6 = address.contains(":")
        return UpdateTarget(host: host, ipv4: v6 ? nil : address, ipv6: v6 ? address : nil)
    }

    /// The same host with one family: IPv4 when it has one, else IPv6 (for providers whose
    /// request carries one address).
    public var oneFamily: UpdateTarget { UpdateTarget(host: host, ipv4: ipv4, ipv6: ipv4 == nil ? ipv6 : nil) }
}

/// What a provider said about one address family of one host.
public struct FamilyOutcome: Sendable, Equatable {
    /// How the engine treats the answer (derived from ``failure``).
    public enum Kind: Sendable, Equatable {
        /// The address is set (`good`, `nochg`, or an equal record found).
        case success
        /// Failed; retry after `min-error-interval`.
        case failure
        /// Failed in a way that repeating cannot fix (`badauth`, `nohost`, `abuse`, …): the
        /// host is not retried until its configuration changes or `-force` is given.
        case permanentFailure
    }

    /// nil on success; otherwise why, which alone decides hold or retry.
    public var failure: ProviderFailure?
    /// The cache token: `good` on success, else the provider's token (`badauth`, `nohost`,
    /// `unknown`, `failed`, or the raw word for an unexpected reply).
    public var status: String
    /// The address now published (on success).
    public var address: String?
    /// A sentence a person can act on, with the provider's own words.
    public var message: String

    public init(failure: ProviderFailure?, status: String, address: String? = nil, message: String) {
        self.failure = failure
        self.status = status
        self.address = address
        self.message = message
    }

    public var kind: Kind {
        guard let failure else { return .success }
        return failure.isPermanent ? .permanentFailure : .failure
    }

    public static func good(_ address: String, message: String? = nil) -> FamilyOutcome {
        FamilyOutcome(failure: nil, status: "good", address: address, message: message ?? "address set to \(address)")
    }

    /// A failure of a known kind, with the provider's token for the cache.
    public static func failed(_ failure: ProviderFailure, token: String, _ message: String) -> FamilyOutcome {
        FamilyOutcome(failure: failure, status: token, message: message)
    }

    /// A failure given as the provider's token and whether it is permanent; the kind is
    /// refined from the token (``ProviderFailure/classify(token:permanent:)``).
    public static func failed(_ status: String, _ message: String, permanent: Bool = false) -> FamilyOutcome {
        FamilyOutcome(
            failure: ProviderFailure.classify(token: status, permanent: permanent), status: status, message: message)
    }

    public var isSuccess: Bool { failure == nil }

    /// The token of a request abandoned after a stop signal (not a provider's answer).
    public static let interrupted = "interrupted"
    public var isInterrupted: Bool { failure == .interrupted }
}

/// The result for one host of a request.
public struct UpdateResult: Sendable, Equatable {
    public var host: String
    /// nil when the family was not attempted.
    public var ipv4: FamilyOutcome?
    public var ipv6: FamilyOutcome?
    /// Epoch seconds before which the provider asked not to be contacted again (`w5m`, 429).
    public var waitUntil: Int?

    public init(host: String, ipv4: FamilyOutcome? = nil, ipv6: FamilyOutcome? = nil, waitUntil: Int? = nil) {
        self.host = host
        self.ipv4 = ipv4
        self.ipv6 = ipv6
        self.waitUntil = waitUntil
    }

    /// The same outcome for every family the target asked for.
    public init(target: UpdateTarget, outcome: (String) -> FamilyOutcome, waitUntil: Int? = nil) {
        self.host = target.name
        self.ipv4 = target.ipv4.map(outcome)
        self.ipv6 = target.ipv6.map(outcome)
        self.waitUntil = waitUntil
    }
}

/// What a provider needs from the run: the HTTP transport, the log and the clock.
public struct UpdateContext: Sendable {
    public var http: any HTTPTransport
    public var log: Log
    /// Current time in epoch seconds (injected for tests).
    public var now: @Sendable () -> Int

    public init(http: any HTTPTransport, log: Log, now: @escaping @Sendable () -> Int) {
        self.http = http
        self.log = log
        self.now = now
    }
}

/// A provider family: what it accepts, how its hosts are grouped, and how it talks.
///
/// The engine decides *whether* a host needs an update; a protocol only decides *how*:
/// it builds the requests for one group and turns the replies into ``UpdateResult``s, one per
/// target, in any order. It logs warnings (such as `nochg`) itself, with the context
/// `[protocol][host]`; the engine logs SUCCESS/FAILED from the results.
public protocol DDNSProtocol: Sendable {
    /// The `protocol=` value.
    var name: String { get }
    /// One line for `-list-protocols`, `-help=NAME` and the man page: the service and how it is spoken to.
    var summary: String { get }
    /// Options of this protocol, and common options whose default or type it overrides
    /// (a `server` default, a larger `min-interval`). Validation of a host uses these.
    var options: [OptionSpec] { get }
    /// Common options this protocol does not use (ddclient: "−login"); set on a host, they warn.
    var unusedCommonOptions: Set<String> { get }
    /// Options whose change since the last attempt forces an update (dyndns2: mx, backupmx,
    /// wildcard); the cache keeps their last values.
    var forceUpdateIfChanged: [String] { get }
    /// Options whose values must be equal for hosts to share one request. The pseudo-options
    /// `wantipv4` and `wantipv6` stand for the addresses being set. Empty: one host per request.
    var groupBy: [String] { get }
    /// The most hosts one request may carry (dyndns2: 20). 1 for ungrouped protocols.
    var maxHostsPerRequest: Int { get }
    /// A sample configuration for `-help=NAME` and the man page.
    var example: String { get }
    /// Whether a host may be a wildcard name (`*.example.com`): true for record APIs and
    /// DNS UPDATE, which write the record by name.
    var acceptsWildcardName: Bool { get }
    /// Whether a host may be written `@.zone`, `@` or `*` (namecheap's apex and wildcard).
    var acceptsApexMarker: Bool { get }

    /// Sends the update for one group and returns one result per target.
    func update(_ targets: [UpdateTarget], context: UpdateContext) -> [UpdateResult]
    /// What would stop ``update(_:context:)`` before it sends anything (an unreadable key
    /// file), checked by `-test` so that a dry run reports what a real run would hit.
    func preflight(_ targets: [UpdateTarget]) -> [String]
}

extension DDNSProtocol {
    public var unusedCommonOptions: Set<String> { [] }
    public var forceUpdateIfChanged: [String] { [] }
    public var groupBy: [String] { [] }
    public var maxHostsPerRequest: Int { 1 }
    public var example: String { "" }
    public var acceptsWildcardName: Bool { false }
    public var acceptsApexMarker: Bool { false }
    public func preflight(_ targets: [UpdateTarget]) -> [String] { [] }
}
