/// An address family: of an address, a cache field, a detection source or a transfer. Where
/// either family will do (ddclient's legacy `use=`, a transfer libcurl may route either way),
/// the value is `nil`.
public enum AddressFamily: Int, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case ipv4 = 4
    case ipv6 = 6

    public var addressKey: String { self == .ipv4 ? "ipv4" : "ipv6" }
    public var statusKey: String { "status-\(addressKey)" }
    public var messageKey: String { "message-\(addressKey)" }
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
