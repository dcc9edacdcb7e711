/// An address family: of an address, a cache field, a detection source or a transfer. Where
/// either family will do (ddclient's legacy `use=`, a transfer libcurl may route either way),
/// the value is `nil`.
public enum AddressFamily: Int, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case ipv4 = 4
    case ipv6 = 6

    public var addressKey: String { self == .ipv4 ? "ipv4" : "ipv6" }
    public var statusKey: String { "status-\(addressKey)" }
    public var messageKey: String { "message-\(addressKey)" }
    /// Failed attempts in a row (cleared by a success): the backoff's exponent.
    public var failuresKey: String { "failures-\(addressKey)" }
    /// The kind of the current failure (``ProviderFailure/token``), for the suggested action.
    public var failureKey: String { "failure-\(addressKey)" }
    /// When the family last failed.
    public var failedAtKey: String { "failed-at-\(addressKey)" }
    /// What the authoritative servers said after the last update: yes, mismatch, pending.
    public var verifiedKey: String { "verified-\(addressKey)" }
    public var verifiedAtKey: String { "verified-at-\(addressKey)" }
    /// The address the authoritative servers answered instead (a mismatch).
    public var verifiedAnswerKey: String { "verified-answer-\(addressKey)" }
    public var description: String { self == .ipv4 ? "IPv4" : "IPv6" }
}

/// The addresses of one host, per family (normalised text; nil = not found or not wanted):
/// what detection finds and what a cycle wants to publish.
public struct HostAddresses: Sendable, Equatable {
    public var ipv4: String?
    public var ipv6: String?

    public init(ipv4: String? = nil, ipv6: String? = nil) {
        self.ipv4 = ipv4
        self.ipv6 = ipv6
    }
}
