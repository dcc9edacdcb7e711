import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A loopback UDP server: each datagram goes to a handler, whose answers (zero or more
/// datagrams) go back to the sender. The base of the fake DNS and STUN responders.
public final class FakeDatagramServer: Sendable {
    public let host: String
    public let port: UInt16
    private let fd: Int32
    private let stopped = Mutex(false)
    private let thread = Mutex<pthread_t?>(nil)
    private let handler: @Sendable ([UInt8]) -> [[UInt8]]

    /// Binds `host` (loopback only) at a kernel-chosen port.
    public init(host: String = "127.0.0.1", handler: @escaping @Sendable ([UInt8]) -> [[UInt8]]) throws(FakeServerError)
    {
        let (fd, port) = try bindLoopback(host, type: Int32(SOCK_DGRAM.rawValue))
        self.host = host
        self.port = port
        self.fd = fd
        self.handler = handler
        let box = Unmanaged.passRetained(self).toOpaque()
        var created = pthread_t()
        if pthread_create(
            &created, nil,
            { raw in
                Unmanaged<FakeDatagramServer>.fromOpaque(raw!).takeRetainedValue().serve()
                return nil
            }, box) == 0
        {
            thread.withLock { $0 = created }
        } else {
            Unmanaged<FakeDatagramServer>.fromOpaque(box).release()
        }
    }

    deinit { stop() }

    /// `127.0.0.1:PORT` or `[::1]:PORT`.
    public var hostAndPort: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    public func stop() {
        let was = stopped.withLock { value in
            defer { value = true }
            return value
        }
        if was { return }
        if let thread = thread.withLock({ $0 }) { pthread_join(thread, nil) }
        close(fd)
    }

    private func serve() {
        var buffer = [UInt8](repeating: 0, count: 65535)
        while !stopped.withLock({ $0 }) {
            var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 50) > 0 else { continue }
            var peer = sockaddr_storage()
            var peerLength = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let count = withUnsafeMutablePointer(to: &peer) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    recvfrom(fd, &buffer, buffer.count, 0, $0, &peerLength)
                }
            }
            guard count > 0 else { continue }
            for reply in handler(Array(buffer[0..<count])) {
                _ = withUnsafePointer(to: &peer) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { sockaddr in
                        reply.withUnsafeBufferPointer { sendto(fd, $0.baseAddress, $0.count, 0, sockaddr, peerLength) }
                    }
                }
            }
        }
    }
}

/// A DNS question as the fake responder received it.
public struct FakeDNSQuestion: Sendable, Equatable {
    public var id: UInt16
    public var name: String
    public var type: UInt16
    public var `class`: UInt16
}

/// A loopback DNS responder for detection tests: answers A/AAAA/TXT questions from a table
/// (names lower-case, no trailing dot), NXDOMAIN otherwise. `misbehave` adds first a reply
/// with a wrong ID and one for another question, which a client must ignore; `dropFirst`
/// loses that many queries, which a client must send again.
public final class FakeDNSResponder: Sendable {
    public struct Answer: Sendable {
        public var type: UInt16
        public var `class`: UInt16
        public var data: [UInt8]
        public init(type: UInt16, class: UInt16, data: [UInt8]) {
            self.type = type
            self.class = `class`
            self.data = data
        }
        public static func a(_ text: String) -> Answer { Answer(type: 1, class: 1, data: parseIPv4(text)) }
        public static func aaaa(_ text: String) -> Answer { Answer(type: 28, class: 1, data: parseIPv6(text)) }
        public static func txt(_ text: String, class: UInt16 = 1) -> Answer {
            Answer(type: 16, class: `class`, data: [UInt8(text.utf8.count)] + Array(text.utf8))
        }
    }

    private let server: FakeDatagramServer
    private let received = Locked<[FakeDNSQuestion]>([])

    public init(
        host: String = "127.0.0.1", answers: [String: [Answer]], misbehave: Bool = false, dropFirst: Int = 0
    ) throws(FakeServerError) {
        let received = self.received
        server = try FakeDatagramServer(host: host) { query in
            guard query.count >= 12, let (name, end) = readName(query, 12), end + 4 <= query.count else { return [] }
            let question = FakeDNSQuestion(
                id: UInt16(query[0]) << 8 | UInt16(query[1]), name: name,
                type: UInt16(query[end]) << 8 | UInt16(query[end + 1]),
                class: UInt16(query[end + 2]) << 8 | UInt16(query[end + 3]))
            let index = received.value.withLock { list in
                list.append(question)
                return list.count
            }
            if index <= dropFirst { return [] }
            let matching = (answers[name.lowercased()] ?? []).filter {
                $0.type == question.type && $0.class == question.class
            }
            func reply(id: UInt16, questionBytes: ArraySlice<UInt8>, records: [Answer], rcode: UInt8) -> [UInt8] {
                var out: [UInt8] = [
                    UInt8(id >> 8), UInt8(id & 0xFF), 0x81, 0x80 | rcode, 0, 1, 0, UInt8(records.count), 0, 0, 0, 0,
                ]
                out += questionBytes
                for record in records {
                    out += [0xC0, 0x0C, UInt8(record.type >> 8), UInt8(record.type & 0xFF)]
                    out += [UInt8(record.class >> 8), UInt8(record.class & 0xFF), 0, 0, 0, 60]
                    out += [UInt8(record.data.count >> 8), UInt8(record.data.count & 0xFF)] + record.data
                }
                return out
            }
            let questionBytes = query[12..<(end + 4)]
            let rcode: UInt8 = answers[name.lowercased()] == nil ? 3 : 0
            var replies: [[UInt8]] = []
            if misbehave {
                replies.append(reply(id: question.id &+ 1, questionBytes: questionBytes, records: matching, rcode: 0))
                var other = Array(questionBytes)
                other[1] = other[1] == UInt8(ascii: "x") ? UInt8(ascii: "y") : UInt8(ascii: "x")
                var decoy = reply(id: question.id, questionBytes: other[...], records: [.a("203.0.113.66")], rcode: 0)
                decoy[7] = 1
                replies.append(decoy)
            }
            replies.append(reply(id: question.id, questionBytes: questionBytes, records: matching, rcode: rcode))
            return replies
        }
    }

    public var hostAndPort: String { server.hostAndPort }
    public var port: UInt16 { server.port }
    public var questions: [FakeDNSQuestion] { received.value.withLock { $0 } }
    public func stop() { server.stop() }
}

/// A loopback STUN server: answers a Binding request with XOR-MAPPED-ADDRESS `mapped` (an
/// address other than the sender's, to prove the answer is read). `strayFirst` sends first an
/// answer for another transaction; `dropFirst` loses that many requests.
public final class FakeSTUNServer: Sendable {
    private let server: FakeDatagramServer
    private let count = Locked(0)

    public init(host: String = "127.0.0.1", mapped: String, strayFirst: Bool = false, dropFirst: Int = 0)
        throws(FakeServerError)
    {
        let count = self.count
        let v6 = mapped.contains(":")
        let raw = v6 ? parseIPv6(mapped) : parseIPv4(mapped)
        server = try FakeDatagramServer(host: host) { request in
            guard request.count >= 20, request[0] == 0, request[1] == 1 else { return [] }
            let seen = count.value.withLock { value in
                value += 1
                return value
            }
            if seen <= dropFirst { return [] }
            func answer(_ transaction: ArraySlice<UInt8>) -> [UInt8] {
                let mask = [UInt8]([0x21, 0x12, 0xA4, 0x42]) + transaction
                var value: [UInt8] = [0, v6 ? 2 : 1, 0x21 ^ 0x0D, 0x12 ^ 0x96]  // port 3478, xored
                value += raw.enumerated().map { $0.element ^ mask[$0.offset] }
                var out: [UInt8] = [0x01, 0x01, 0, UInt8(4 + value.count), 0x21, 0x12, 0xA4, 0x42]
                out += transaction
                out += [0x00, 0x20, 0, UInt8(value.count)] + value
                return out
            }
            var replies: [[UInt8]] = []
            if strayFirst {
                var other = Array(request[8..<20])
                other[0] ^= 0xFF
                replies.append(answer(other[...]))
            }
            replies.append(answer(request[8..<20]))
            return replies
        }
    }

    public var hostAndPort: String { server.hostAndPort }
    public var requestCount: Int { count.value.withLock { $0 } }
    public func stop() { server.stop() }
}

/// A mutex in a class, so closures can share it.
final class Locked<Value: Sendable>: Sendable {
    let value: Mutex<Value>
    init(_ initial: Value) { value = Mutex(initial) }
}

/// A DNS name at `offset` (no compression: queries carry none), lower-cased, and the offset after it.
private func readName(_ bytes: [UInt8], _ offset: Int) -> (String, Int)? {
    var labels: [String] = []
    var position = offset
    while position < bytes.count {
        let length = Int(bytes[position])
        if length == 0 { return (labels.joined(separator: ".").lowercased(), position + 1) }
        guard length < 64, position + 1 + length <= bytes.count else { return nil }
        labels.append(String(decoding: bytes[(position + 1)..<(position + 1 + length)], as: UTF8.self))
        position += 1 + length
    }
    return nil
}

private func parseIPv4(_ text: String) -> [UInt8] {
    var address = in_addr()
    inet_pton(AF_INET, text, &address)
    return withUnsafeBytes(of: &address) { Array($0) }
}

private func parseIPv6(_ text: String) -> [UInt8] {
    var address = in6_addr()
    inet_pton(AF_INET6, text, &address)
    return withUnsafeBytes(of: &address) { Array($0) }
}
