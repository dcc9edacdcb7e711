#if canImport(Glibc)
    import Glibc
#endif

/// The daemon's ear on the kernel: a netlink socket subscribed to address and route changes
/// (RTM_NEWADDR/RTM_DELADDR, RTM_NEWROUTE/RTM_DELROUTE of the main table's default route), so
/// that a new WAN address starts a cycle at once instead of at the next interval. Changes to
/// loopback, link-local and multicast addresses are ignored, and so are the kernel's repeated
/// RTM_NEWADDR for an address it already has (each IPv6 router advertisement refreshes a SLAAC
/// address's lifetimes): only an address that appears or goes counts.
public final class AddressWatch {
    private let fd: Int32
    /// The addresses the interfaces have, as far as the watch knows.
    private var known: Set<String>

    /// A change a netlink message announces.
    public enum Change: Sendable, Equatable {
        case added(String)
        case removed(String)
        case defaultRoute
    }

    /// Opens the socket; nil when the kernel refuses (the daemon then relies on its interval).
    public init?() {
        let fd = socket(
            AF_NETLINK, Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { return nil }
        // struct sockaddr_nl { u16 family; u16 pad; u32 pid; u32 groups } (linux/netlink.h),
        // groups RTMGRP_IPV4_IFADDR | RTMGRP_IPV4_ROUTE | RTMGRP_IPV6_IFADDR | RTMGRP_IPV6_ROUTE.
        let groups: UInt32 = 0x10 | 0x40 | 0x100 | 0x400
        var address = [UInt8](repeating: 0, count: 12)
        withUnsafeBytes(of: UInt16(AF_NETLINK)) { address.replaceSubrange(0..<2, with: $0) }
        withUnsafeBytes(of: groups) { address.replaceSubrange(8..<12, with: $0) }
        let bound = address.withUnsafeBytes {
            bind(fd, $0.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(12))
        }
        guard bound == 0 else {
            close(fd)
            return nil
        }
        self.fd = fd
        var addresses = Set<String>()
        for name in Interfaces.names() {
            for address in (Interfaces.ipv4Addresses(of: name) ?? []) + (Interfaces.ipv6Addresses(of: name) ?? []) {
                addresses.insert(address.address)
            }
        }
        known = addresses
    }

    deinit { close(fd) }

    /// Waits up to `seconds` for netlink messages; true when one of them is a relevant change.
    public func waitForChange(seconds: Double) -> Bool {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&entry, 1, Int32(max(0, seconds) * 1000)) > 0 else { return false }
        var relevant = false
        var buffer = [UInt8](repeating: 0, count: 16384)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { break }  // EAGAIN: drained (ENOBUFS: missed some; a cycle will look anyway)
            for change in Self.changes(in: Array(buffer[0..<count])) where record(change) { relevant = true }
        }
        return relevant
    }

    /// Whether `change` is news, updating what the watch knows.
    func record(_ change: Change) -> Bool {
        switch change {
        case .added(let address): return known.insert(address).inserted
        case .removed(let address): return known.remove(address) != nil
        case .defaultRoute: return true
        }
    }

    /// Whether a batch of netlink messages announces any relevant change (stateless: for the
    /// fuzzer and tests).
    public static func containsRelevantChange(_ bytes: [UInt8]) -> Bool { !changes(in: bytes).isEmpty }

    /// The changes of non-local addresses and of default routes a batch of messages announces.
    public static func changes(in bytes: [UInt8]) -> [Change] {
        var found: [Change] = []
        // Netlink headers are in the machine's byte order.
        func u16(_ at: Int) -> Int {
            Int(bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: at, as: UInt16.self) })
        }
        func u32(_ at: Int) -> Int {
            Int(bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: at, as: UInt32.self) })
        }
        var offset = 0
        while offset + 16 <= bytes.count {
            let length = u32(offset)
            guard length >= 16, offset + length <= bytes.count else { return found }
            let type = u16(offset + 4)
            let body = offset + 16
            switch type {
            case 20, 21:  // RTM_NEWADDR, RTM_DELADDR: ifaddrmsg (8 bytes), then attributes
                var attribute = body + 8
                var address: String?
                while attribute + 4 <= offset + length {
                    let size = u16(attribute)
                    guard size >= 4, attribute + size <= offset + length else { break }
                    let kind = u16(attribute + 2)
                    let value = Array(bytes[(attribute + 4)..<(attribute + size)])
                    if kind == 1 || kind == 2, let text = addressText(bytes: value),  // IFA_ADDRESS, IFA_LOCAL
                        AddressPolicy.refusal(text, allowPrivate: true) == nil
                    {
                        address = text
                    }
                    attribute += (size + 3) & ~3
                }
                if let address { found.append(type == 20 ? .added(address) : .removed(address)) }
            case 24, 25:  // RTM_NEWROUTE, RTM_DELROUTE: rtmsg (dst_len at 1, table at 4)
                if body + 12 <= offset + length, bytes[body + 1] == 0, bytes[body + 4] == 254 {
                    found.append(.defaultRoute)
                }
            default:
                break
            }
            offset += (length + 3) & ~3
        }
        return found
    }
}
