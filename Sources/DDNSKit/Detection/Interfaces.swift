#if canImport(Glibc)
    import Glibc
#endif

/// One address of an interface, with what the kernel says about it.
public struct InterfaceAddress: Sendable, Equatable {
    public var interface: String
    public var address: String
    public var prefixLength: Int
    /// IFA_F_* flags (IPv6): temporary 0x01, dadfailed 0x08, deprecated 0x20, tentative 0x40, permanent 0x80.
    public var flags: UInt32

    public init(interface: String, address: String, prefixLength: Int, flags: UInt32 = 0) {
        self.interface = interface
        self.address = address
        self.prefixLength = prefixLength
        self.flags = flags
    }

    public var isTemporary: Bool { flags & 0x01 != 0 }
    public var isDeprecated: Bool { flags & 0x20 != 0 }
    public var isTentative: Bool { flags & 0x40 != 0 }
    public var isDADFailed: Bool { flags & 0x08 != 0 }
    /// Configured statically (ddclient: `valid_lft forever`).
    public var isPermanent: Bool { flags & 0x80 != 0 }
}

/// Why an interface gave no address.
public enum InterfaceError: Error, Sendable, Equatable, CustomStringConvertible {
    case noSuchInterface(String)
    case noAddress(interface: String, family: AddressFamily)
    case noDefaultRoute(AddressFamily)

    public var description: String {
        switch self {
        case .noSuchInterface(let name): "interface \(name) does not exist"
        case .noAddress(let name, let family): "interface \(name) has no usable \(family) address"
        case .noDefaultRoute(let family): "no \(family) default route, so no default interface"
        }
    }
}

/// Interface addresses from the kernel: `getifaddrs` for IPv4 and interface names,
/// `/proc/net/if_inet6` for IPv6 (it carries the flags `getifaddrs` hides: temporary,
/// deprecated, permanent), `/proc/net/route` and `/proc/net/ipv6_route` for the default route.
public enum Interfaces {
    /// Names of all interfaces.
    public static func names() -> [String] {
        var result: [String] = []
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0 else { return [] }
        defer { freeifaddrs(list) }
        var cursor = list
        while let entry = cursor {
            let name = String(cString: entry.pointee.ifa_name)
            if !result.contains(name) { result.append(name) }
            cursor = entry.pointee.ifa_next
        }
        return result
    }

    /// IPv4 addresses of `interface` (nil when it does not exist).
    public static func ipv4Addresses(of interface: String) -> [InterfaceAddress]? {
        var result: [InterfaceAddress] = []
        var found = false
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0 else { return nil }
        defer { freeifaddrs(list) }
        var cursor = list
        while let entry = cursor {
            defer { cursor = entry.pointee.ifa_next }
            guard String(cString: entry.pointee.ifa_name) == interface else { continue }
            found = true
            guard let address = entry.pointee.ifa_addr, address.pointee.sa_family == sa_family_t(AF_INET) else {
                continue
            }
            let text = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer -> String in
                var addr = pointer.pointee.sin_addr
                var buffer = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
                inet_ntop(AF_INET, &addr, &buffer, socklen_t(buffer.count))
                return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
            var prefix = 32
            if let mask = entry.pointee.ifa_netmask {
                prefix = mask.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                    Int(UInt32(bigEndian: $0.pointee.sin_addr.s_addr).nonzeroBitCount)
                }
            }
            result.append(InterfaceAddress(interface: interface, address: text, prefixLength: prefix))
        }
        return found ? result : (names().contains(interface) ? [] : nil)
    }

    /// IPv6 addresses of `interface` with their flags (nil when it does not exist).
    public static func ipv6Addresses(of interface: String, procFile: String = "/proc/net/if_inet6")
        -> [InterfaceAddress]?
    {
        let all = parseIfInet6(readTextFile(procFile) ?? "")
        let mine = all.filter { $0.interface == interface }
        if mine.isEmpty && !names().contains(interface) { return nil }
        return mine
    }

    /// `/proc/net/if_inet6`: `address(32 hex) ifindex prefixlen scope flags name` per line.
    public static func parseIfInet6(_ text: String) -> [InterfaceAddress] {
        text.split(separator: "\n").compactMap { line in
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 6, fields[0].count == 32 else { return nil }
            var groups: [UInt16] = []
            var hex = fields[0][...]
            for _ in 0..<8 {
                guard let group = UInt16(hex.prefix(4), radix: 16) else { return nil }
                groups.append(group)
                hex = hex.dropFirst(4)
            }
            guard let prefix = Int(fields[2], radix: 16), let flags = UInt32(fields[4], radix: 16) else { return nil }
            return InterfaceAddress(
                interface: String(fields[5]), address: IPv6Address(groups: groups).description, prefixLength: prefix,
                flags: flags)
        }
    }

    /// ddclient's IPv6 choice (reference §4.4): global addresses only, not deprecated,
    /// temporary, tentative or failed; then static (permanent) ones; then the longest prefix;
    /// then the fewest written groups (a short address is likely DHCPv6-assigned).
    public static func selectIPv6(_ candidates: [InterfaceAddress]) -> InterfaceAddress? {
        let usable = candidates.filter { candidate in
            guard let address = IPv6Address(candidate.address), address.isGlobal else { return false }
            return !candidate.isDeprecated && !candidate.isTemporary && !candidate.isTentative && !candidate.isDADFailed
        }
        guard usable.count > 1 else { return usable.first }
        let permanent = usable.filter(\.isPermanent)
        let pool = permanent.isEmpty ? usable : permanent
        return pool.enumerated().min { lhs, rhs in
            if lhs.element.prefixLength != rhs.element.prefixLength {
                return lhs.element.prefixLength > rhs.element.prefixLength
            }
            let lhsGroups = lhs.element.address.split(separator: ":").count
            let rhsGroups = rhs.element.address.split(separator: ":").count
            if lhsGroups != rhsGroups { return lhsGroups < rhsGroups }
            return lhs.offset < rhs.offset
        }?.element
    }

    /// The first IPv4 address of the interface that is not loopback or link-local (ddclient
    /// uses `scope global`).
    public static func selectIPv4(_ candidates: [InterfaceAddress]) -> InterfaceAddress? {
        candidates.first { candidate in
            guard let address = IPv4Address(candidate.address) else { return false }
            return !address.isLoopback && !address.isLinkLocal && !address.isUnspecified
        }
    }

    /// The interface of the default route for `family`.
    public static func defaultInterface(_ family: AddressFamily) -> String? {
        switch family {
        case .ipv4: return parseRoute(readTextFile("/proc/net/route") ?? "")
        case .ipv6: return parseIPv6Route(readTextFile("/proc/net/ipv6_route") ?? "")
        }
    }

    /// `/proc/net/route`: the interface whose destination and mask are 0 (lowest metric first).
    public static func parseRoute(_ text: String) -> String? {
        var best: (String, Int)?
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 8, fields[1] == "00000000", fields[7] == "00000000" else { continue }
            let metric = Int(fields[6]) ?? 0
            if best == nil || metric < best!.1 { best = (String(fields[0]), metric) }
        }
        return best?.0
    }

    /// `/proc/net/ipv6_route`: `dest prefixlen src srclen nexthop metric refcnt use flags iface`;
    /// the default route is `::/0` on an interface other than `lo`.
    public static func parseIPv6Route(_ text: String) -> String? {
        var best: (String, Int)?
        for line in text.split(separator: "\n") {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 10, fields[0] == "00000000000000000000000000000000", fields[1] == "00",
                fields[9] != "lo"
            else { continue }
            let metric = Int(fields[5], radix: 16) ?? 0
            if best == nil || metric < best!.1 { best = (String(fields[9]), metric) }
        }
        return best?.0
    }
}
