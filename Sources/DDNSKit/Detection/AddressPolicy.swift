/// What detection may publish: a global address. Private (RFC 1918), CGNAT (100.64.0.0/10),
/// loopback, link-local, unique-local, multicast and reserved addresses found by any source
/// are refused with a warning naming the source and the address; `publish-private=yes` lets
/// private, CGNAT and unique-local through for LAN-only zones. An address the user gives
/// (`ip=`) is published as given. Documentation ranges (192.0.2.0/24, 2001:db8::/32) count as
/// global: the tests use them.
public enum AddressPolicy {
    /// Why `address` must not be published, or nil.
    public static func refusal(_ address: String, allowPrivate: Bool) -> String? {
        if let v4 = IPv4Address(address) {
            if v4.isLoopback { return "a loopback address" }
            if v4.isLinkLocal { return "a link-local address" }
            if v4.octets[0] == 0 { return "an unspecified (0.0.0.0/8) address" }
            if v4.isMulticast { return "a multicast address" }
            if v4.octets[0] >= 240 { return "a reserved address" }
            if v4.isPrivate && !allowPrivate {
                return v4.octets[0] == 100 ? "a carrier-grade NAT (100.64.0.0/10) address" : "a private address"
            }
            return nil
        }
        if let v6 = IPv6Address(address) {
            if v6.isLoopback { return "a loopback address" }
            if v6.isUnspecified { return "the unspecified address" }
            if v6.isLinkLocal || v6.groups[0] & 0xFFC0 == 0xFEC0 { return "a link-local or site-local address" }
            if v6.isMulticast { return "a multicast address" }
            if v6.groups[0..<5].allSatisfy({ $0 == 0 }) && (v6.groups[5] == 0xFFFF || v6.groups[5] == 0) {
                return "an IPv4-mapped or -compatible address"
            }
            if v6.isUniqueLocal && !allowPrivate { return "a unique-local address" }
            return nil
        }
        return "not an address"
    }
}
