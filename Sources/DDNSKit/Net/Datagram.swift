#if canImport(Glibc)
    import Glibc
#endif

/// One question over UDP and its answer, for DNS and STUN: a connected socket (so that an
/// ICMP refusal is seen), the request sent again after each of `resendAfter`'s intervals, and
/// every datagram that `accepts` refuses (a stray or forged answer) ignored.
enum Datagram {
    enum Failure: Error {
        case socket(String)
        /// Nothing listens at the port (ICMP port unreachable).
        case refused
        case timeout
    }

    static func exchange(
        _ request: [UInt8], to address: SocketAddress, deadline: Double, resendAfter intervals: [Double],
        accepts: ([UInt8]) -> Bool
    ) -> Result<[UInt8], Failure> {
        let fd = socket(address.family, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return .failure(.socket("cannot open a socket: \(String(cString: strerror(errno)))")) }
        defer { close(fd) }
        guard address.withSockaddr({ connect(fd, $0, $1) }) == 0 else {
            return .failure(.socket("cannot connect: \(String(cString: strerror(errno)))"))
        }
        // Not zero-filled (16 page faults a run): recv(2) touches only the bytes of the answer.
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 65535, alignment: 1)
        defer { buffer.deallocate() }
        var attempt = 0
        while monotonicSeconds() < deadline {
            _ = request.withUnsafeBufferPointer { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            let resend = attempt < intervals.count ? min(deadline, monotonicSeconds() + intervals[attempt]) : deadline
            attempt += 1
            while wait(fd, events: Int16(POLLIN), until: resend) {
                let count = recv(fd, buffer.baseAddress, buffer.count, 0)
                if count < 0 {
                    if errno == EINTR || errno == EAGAIN { continue }
                    if errno == ECONNREFUSED { return .failure(.refused) }
                    // Unreachable and the like: sending again at once would only repeat it.
                    return .failure(.socket("cannot receive: \(String(cString: strerror(errno)))"))
                }
                let answer = [UInt8](buffer[0..<count])
                if accepts(answer) { return .success(answer) }
            }
        }
        return .failure(.timeout)
    }

    /// Waits until `fd` is ready for `events`, or `deadline` passes (false).
    static func wait(_ fd: Int32, events: Int16, until deadline: Double) -> Bool {
        while true {
            let left = deadline - monotonicSeconds()
            if left <= 0 { return false }
            var entry = pollfd(fd: fd, events: events, revents: 0)
            // At most a second per poll: a huge timeout is a long wait, never an overflow.
            let ready = poll(&entry, 1, Int32(max(1, min(left, 1) * 1000)))
            if ready > 0 { return true }
            if ready < 0 && errno != EINTR { return false }
        }
    }
}
