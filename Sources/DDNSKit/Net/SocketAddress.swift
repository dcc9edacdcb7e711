#if canImport(Glibc)
    import Glibc
#endif

/// A server's socket address for UDP (DNS, STUN): an address literal as is, a name through
/// getaddrinfo, of one family when one is asked for.
struct SocketAddress {
    var storage: sockaddr_storage
    var length: socklen_t
    var family: Int32

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func resolve(_ host: String, port: UInt16, family: AddressFamily?) throws(Failure) -> SocketAddress {
        // An address literal needs no resolver: getaddrinfo would load the NSS modules, which
        // costs a cron run more than the exchange itself.
        if let numeric = numeric(host, port: port, family: family) { return numeric }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_DGRAM.rawValue)
        if let family { hints.ai_family = family == .ipv4 ? AF_INET : AF_INET6 }
        var result: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &result)
        guard rc == 0, let first = result else {
            let over = family.map { " over \($0)" } ?? ""
            throw Failure(description: "\(host)\(over): \(String(cString: gai_strerror(rc)))")
        }
        defer { freeaddrinfo(result) }
        var storage = sockaddr_storage()
        let length = Int(first.pointee.ai_addrlen)
        withUnsafeMutableBytes(of: &storage) { target in
            target.copyMemory(from: UnsafeRawBufferPointer(start: first.pointee.ai_addr, count: length))
        }
        return SocketAddress(storage: storage, length: socklen_t(length), family: first.pointee.ai_family)
    }

    /// Calls `body` with the address as the `sockaddr` the socket calls take.
    func withSockaddr<Result>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
        var copy = storage
        return withUnsafePointer(to: &copy) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) }
        }
    }
    /// The socket address of an IPv4 or IPv6 literal, if `host` is one (of `family`, if given).
    static func numeric(_ host: String, port: UInt16, family: AddressFamily?) -> SocketAddress? {
        var storage = sockaddr_storage()
        if family != .ipv6, let v4 = IPv4Address(host) {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            address.sin_addr.s_addr = v4.octets.withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }
            withUnsafeMutableBytes(of: &storage) { $0.storeBytes(of: address, as: sockaddr_in.self) }
            return SocketAddress(storage: storage, length: socklen_t(MemoryLayout<sockaddr_in>.size), family: AF_INET)
        }
        if family != .ipv4, !host.contains("%"), let v6 = IPv6Address(host) {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = port.bigEndian
            withUnsafeMutableBytes(of: &address.sin6_addr) { raw in
                for (index, group) in v6.groups.enumerated() {
                    raw[index * 2] = UInt8(group >> 8)
                    raw[index * 2 + 1] = UInt8(group & 0xFF)
                }
            }
            withUnsafeMutableBytes(of: &storage) { $0.storeBytes(of: address, as: sockaddr_in6.self) }
            return SocketAddress(storage: storage, length: socklen_t(MemoryLayout<sockaddr_in6>.size), family: AF_INET6)
        }
        return nil
    }

}
