#if canImport(Glibc)
    import Glibc
#endif

/// Sends DNS messages over UDP (retrying, falling back to TCP when the answer is truncated)
/// or over TCP only, with a deadline for the whole exchange.
public struct DNSTransport: Sendable {
    public var host: String
    public var port: UInt16
    public var tcpOnly: Bool
    /// Seconds for the whole exchange, retries included.
    public var timeout: Double
    public var udpAttempts: Int
    /// Only this family's addresses for the server (detection asks over the family it looks for).
    public var family: AddressFamily?

    public init(
        host: String, port: UInt16 = 53, tcpOnly: Bool = false, timeout: Double = 10, udpAttempts: Int = 3,
        family: AddressFamily? = nil
    ) {
        self.host = host
        self.port = port
        self.tcpOnly = tcpOnly
        self.timeout = timeout
        self.udpAttempts = udpAttempts
        self.family = family
    }

    /// `host`, `host:port`, `[v6]:port` or a bare IPv6 address (ddclient's `server=`).
    public init?(server: String, tcpOnly: Bool, timeout: Double, family: AddressFamily? = nil) {
        guard let (host, port) = HostPort.split(server, defaultPort: 53) else { return nil }
        self.init(host: host, port: port, tcpOnly: tcpOnly, timeout: timeout, family: family)
    }

    var label: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// Sends `query` and returns the answer whose id is `query`'s (and, over UDP, that
    /// `accepts`: a datagram it refuses is ignored, as a stray or forged one would be).
    public func exchange(_ query: [UInt8], accepts: (([UInt8]) -> Bool)? = nil) throws(DNSError) -> [UInt8] {
        let deadline = monotonicSeconds() + timeout
        let address = try resolve()
        let id = UInt16(query[0]) << 8 | UInt16(query[1])
        if !tcpOnly && query.count <= 512 {
            if let answer = try udp(query, id: id, address: address, deadline: deadline, accepts: accepts) {
                guard DNSHeaderFlags(answer).truncated else { return answer }
            }
        }
        return try tcp(query, id: id, address: address, deadline: deadline)
    }

    /// A socket address for the server (numeric, or resolved with getaddrinfo).
    func resolve() throws(DNSError) -> SocketAddress {
        do {
            return try SocketAddress.resolve(host, port: port, family: family)
        } catch {
            throw .network("cannot resolve DNS server \(error.description)")
        }
    }

    private func connectSocket(_ address: SocketAddress, type: Int32, deadline: Double) throws(DNSError) -> Int32 {
        let fd = socket(address.family, type | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { throw .network("cannot open a socket: \(String(cString: strerror(errno)))") }
        let rc = address.withSockaddr { connect(fd, $0, $1) }
        if rc != 0 && errno != EINPROGRESS {
            let code = errno
            close(fd)
            throw .network("cannot connect to DNS server \(label): \(String(cString: strerror(code)))")
        }
        if rc != 0 {
            guard wait(fd, events: Int16(POLLOUT), until: deadline) else {
                close(fd)
                throw .timeout(server: label, seconds: timeout)
            }
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
            if error != 0 {
                close(fd)
                throw .network("cannot connect to DNS server \(label): \(String(cString: strerror(error)))")
            }
        }
        return fd
    }

    private func wait(_ fd: Int32, events: Int16, until deadline: Double) -> Bool {
        Datagram.wait(fd, events: events, until: deadline)
    }

    private func udp(
        _ query: [UInt8], id: UInt16, address: SocketAddress, deadline: Double, accepts: (([UInt8]) -> Bool)?
    ) throws(DNSError) -> [UInt8]? {
        let attempts = max(1, udpAttempts)
        let interval = (deadline - monotonicSeconds()) / Double(attempts)
        // Stray datagrams are ignored: the id must match and it must be a response.
        let result = Datagram.exchange(
            query, to: address, deadline: deadline, resendAfter: Array(repeating: interval, count: attempts)
        ) { answer in
            answer.count >= 12 && UInt16(answer[0]) << 8 | UInt16(answer[1]) == id && answer[2] & 0x80 != 0
                && (accepts?(answer) ?? true)
        }
        switch result {
        case .success(let answer): return answer
        case .failure(.refused):
            throw .network("DNS server \(label) refused the connection (nothing listens on UDP port \(port))")
        case .failure(.socket(let text)): throw .network("DNS server \(label): \(text)")
        case .failure(.timeout): throw .timeout(server: label, seconds: timeout)
        }
    }

    private func tcp(_ query: [UInt8], id: UInt16, address: SocketAddress, deadline: Double) throws(DNSError) -> [UInt8]
    {
        let fd = try connectSocket(address, type: Int32(SOCK_STREAM.rawValue), deadline: deadline)
        defer { close(fd) }
        var framed: [UInt8] = []
        framed.appendUInt16(UInt16(query.count))
        framed += query
        var offset = 0
        while offset < framed.count {
            guard wait(fd, events: Int16(POLLOUT), until: deadline) else {
                throw .timeout(server: label, seconds: timeout)
            }
            let written = framed[offset...].withUnsafeBufferPointer {
                send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if written < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                throw .network("sending to DNS server \(label) failed: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
        func read(_ count: Int) throws(DNSError) -> [UInt8] {
            var out: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: max(count, 1))
            while out.count < count {
                guard wait(fd, events: Int16(POLLIN), until: deadline) else {
                    throw .timeout(server: label, seconds: timeout)
                }
                let got = recv(fd, &buffer, count - out.count, 0)
                if got == 0 { throw .truncated("the server closed the TCP connection") }
                if got < 0 {
                    if errno == EAGAIN || errno == EINTR { continue }
                    throw .network("reading from DNS server \(label) failed: \(String(cString: strerror(errno)))")
                }
                out += buffer[0..<got]
            }
            return out
        }
        let lengthBytes = try read(2)
        let length = Int(lengthBytes[0]) << 8 | Int(lengthBytes[1])
        let answer = try read(length)
        guard answer.count >= 12, UInt16(answer[0]) << 8 | UInt16(answer[1]) == id else {
            throw .mismatch("wrong message id over TCP")
        }
        return answer
    }
}

/// The flags of a raw message, read without decoding it.
struct DNSHeaderFlags {
    var truncated: Bool
    init(_ bytes: [UInt8]) { truncated = bytes.count >= 3 && bytes[2] & 0x02 != 0 }
}
