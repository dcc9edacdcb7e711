#if canImport(Glibc)
    import Glibc
#endif

/// `usev4=stunv4, stunv4=HOST[:PORT]` / `usev6=stunv6`: a STUN Binding request (RFC 8489);
/// the server answers with the address it saw in XOR-MAPPED-ADDRESS. The answer counts only
/// with the request's transaction ID; the request is sent again after 0.5, 1, 2, … s within
/// the time limit. Built-ins: ``builtins``.
public struct STUNSource: AddressLookup {
    public static let builtins: [(name: String, server: String)] = [
        ("cloudflare", "stun.cloudflare.com:3478"), ("google", "stun.l.google.com:19302"),
    ]
    static let magicCookie: UInt32 = 0x2112_A442

    /// `host`, `host:port`, `[v6]:port` or a bare IPv6 address (port 3478 when absent).
    public var server: String
    public var key: String { "stun \(server)" }

    public init(_ spec: String) {
        server = Self.builtins.first { $0.name == spec.lowercased() }?.server ?? spec
    }

    public func find(_ family: AddressFamily?, in context: DetectionContext) -> Result<String, DetectionError> {
        let family = family ?? .ipv4
        guard let (host, port) = HostPort.split(server, defaultPort: 3478) else {
            return .failure(.unusable("'\(server)' is not a STUN server (host[:port] or [IPv6]:port)"))
        }
        var transaction = [UInt8](repeating: 0, count: 12)
        for index in transaction.indices { transaction[index] = UInt8.random(in: 0...255) }
        var request: [UInt8] = [0x00, 0x01, 0x00, 0x00]
        request.appendUInt32(Self.magicCookie)
        request += transaction
        switch exchange(request, host: host, port: port, family: family, timeout: context.datagramTimeout) {
        case .failure(let error): return .failure(error)
        case .success(let reply):
            return Self.mappedAddress(in: reply, transaction: transaction, family: family)
                .mapError { .stun("\(server): \($0.description)") }
        }
    }

    /// The address of a Binding success response to `transaction`.
    public static func mappedAddress(in reply: [UInt8], transaction: [UInt8], family: AddressFamily)
        -> Result<String, DetectionError>
    {
        guard reply.count >= 20, readUInt32(reply, 4) == magicCookie, Array(reply[8..<20]) == transaction else {
            return .failure(.noAddress("the answer is not for this request"))
        }
        let type = UInt16(reply[0]) << 8 | UInt16(reply[1])
        let length = Int(UInt16(reply[2]) << 8 | UInt16(reply[3]))
        guard 20 + length <= reply.count else { return .failure(.noAddress("truncated answer")) }
        var offset = 20
        var mapped: String?
        var errorText: String?
        while offset + 4 <= 20 + length {
            let attribute = UInt16(reply[offset]) << 8 | UInt16(reply[offset + 1])
            let size = Int(UInt16(reply[offset + 2]) << 8 | UInt16(reply[offset + 3]))
            let value = offset + 4
            guard value + size <= 20 + length else { return .failure(.noAddress("truncated attribute")) }
            let bytes = Array(reply[value..<(value + size)])
            switch attribute {
            case 0x0020: mapped = decode(bytes, xor: true, transaction: transaction) ?? mapped
            case 0x0001 where mapped == nil: mapped = decode(bytes, xor: false, transaction: transaction)
            case 0x0009 where bytes.count >= 4:
                let code = Int(bytes[2] & 0x07) * 100 + Int(bytes[3])
                errorText = "error \(code) \(String(decoding: bytes[4...], as: UTF8.self))"
            default: break
            }
            offset = value + (size + 3) / 4 * 4
        }
        guard type == 0x0101 else {
            return .failure(.noAddress("the server refused the request (\(errorText ?? "type \(type)"))"))
        }
        guard let mapped else { return .failure(.noAddress("no XOR-MAPPED-ADDRESS in the answer")) }
        guard (family == .ipv4) == !mapped.contains(":") else { return .failure(.nothingFound(family)) }
        return .success(mapped)
    }

    /// A (XOR-)MAPPED-ADDRESS value: reserved, family, port, address.
    static func decode(_ bytes: [UInt8], xor: Bool, transaction: [UInt8]) -> String? {
        guard bytes.count >= 8 else { return nil }
        // The address is XORed with the magic cookie (IPv4), or the cookie and the transaction (IPv6).
        let mask: [UInt8] = [0x21, 0x12, 0xA4, 0x42] + transaction
        let length: Int
        switch bytes[1] {
        case 0x01: length = 4
        case 0x02 where bytes.count >= 20: length = 16
        default: return nil
        }
        return addressText(bytes: (0..<length).map { bytes[4 + $0] ^ (xor ? mask[$0] : 0) })
    }

    static func readUInt32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// Sends `request` over UDP of `family` and returns the first datagram that is a STUN reply
    /// to it, retransmitting with a doubling interval until `timeout`.
    private func exchange(_ request: [UInt8], host: String, port: UInt16, family: AddressFamily, timeout: Double)
        -> Result<[UInt8], DetectionError>
    {
        let address: SocketAddress
        do {
            address = try SocketAddress.resolve(host, port: port, family: family)
        } catch {
            return .failure(.stun("cannot resolve \(error.description)"))
        }
        // RFC 8489's schedule: sent again after 0.5 s, then twice as long each time.
        let result = Datagram.exchange(
            request, to: address, deadline: monotonicSeconds() + timeout,
            resendAfter: (0..<8).map { 0.5 * Double(1 << $0) }
        ) { answer in
            // Another request's answer or noise: keep waiting for ours.
            answer.count >= 20 && answer[8..<20] == request[8..<20]
        }
        switch result {
        case .success(let answer): return .success(answer)
        case .failure(.refused): return .failure(.stun("\(server) refused (nothing listens on UDP port \(port))"))
        case .failure(.socket(let text)): return .failure(.stun("\(server): \(text)"))
        case .failure(.timeout): break
        }
        return .failure(.stun("no answer from \(server) within \(formatSeconds(timeout))"))
    }
}
