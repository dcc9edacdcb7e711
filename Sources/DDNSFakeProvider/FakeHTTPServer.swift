import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// One request as the fake server received it.
public struct RecordedRequest: Sendable, CustomStringConvertible {
    public var method: String
    /// The request target as sent: `/nic/update?hostname=a&myip=1.2.3.4`.
    public var target: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    /// The path without the query.
    public var path: String { String(target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0]) }

    /// The raw query string (empty when there is none).
    public var rawQuery: String {
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        return parts.count > 1 ? String(parts[1]) : ""
    }

    /// Decoded query items in order.
    public var query: [(name: String, value: String)] {
        rawQuery.split(separator: "&", omittingEmptySubsequences: true).map { item in
            let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (percentDecode(String(pair[0])), pair.count > 1 ? percentDecode(String(pair[1])) : "")
        }
    }

    /// The first decoded value of query item `name`.
    public func queryValue(_ name: String) -> String? { query.first { $0.name == name }?.value }

    /// The first value of header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.name.lowercased() == lowered }?.value
    }

    /// `user:password` from a Basic `Authorization` header.
    public var basicAuth: String? {
        guard let value = header("Authorization"), value.hasPrefix("Basic ") else { return nil }
        return base64Decode(String(value.dropFirst(6)))
    }

    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    public var description: String { "\(method) \(target)" }
}

/// What the fake server answers.
public struct FakeResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// Seconds to wait before answering (provider latency).
    public var delay: Double
    /// Never answer: keep the connection open until the server stops (timeouts).
    public var hang: Bool

    public init(
        status: Int = 200, headers: [(name: String, value: String)] = [("Content-Type", "text/plain")],
        body: [UInt8] = [], delay: Double = 0, hang: Bool = false
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.delay = delay
        self.hang = hang
    }

    public static func text(
        _ text: String, status: Int = 200, headers: [(name: String, value: String)] = [], delay: Double = 0
    ) -> FakeResponse {
        FakeResponse(
            status: status, headers: [("Content-Type", "text/plain")] + headers, body: Array(text.utf8), delay: delay)
    }

    public static func json(_ text: String, status: Int = 200) -> FakeResponse {
        FakeResponse(status: status, headers: [("Content-Type", "application/json")], body: Array(text.utf8))
    }

    public static var hangForever: FakeResponse { FakeResponse(hang: true) }
}

/// A small threaded HTTP/1.1 server on loopback that records every request and answers with a
/// handler. Tests, `make demo` and `make bench` all use it, so what the tests exercise is what
/// a newcomer sees. Each connection gets its own thread and is closed after one answer.
public final class FakeHTTPServer: Sendable {
    /// The kernel-chosen port.
    public let port: UInt16
    /// `127.0.0.1` or `::1`.
    public let host: String
    private let listener: Int32
    private let state: Mutex<State>
    private let handler: Mutex<@Sendable (RecordedRequest) -> FakeResponse>
    private let acceptThread: Mutex<pthread_t?> = Mutex(nil)

    private struct State {
        var requests: [RecordedRequest] = []
        var inFlight: [String: Int] = [:]
        var peak: [String: Int] = [:]
        var connections = 0
        var stopped = false
        var openConnections = 0
    }

    /// Starts listening on `host` (loopback only) at a kernel-chosen port unless `port` is given.
    public init(
        host: String = "127.0.0.1", port: UInt16 = 0, handler: @escaping @Sendable (RecordedRequest) -> FakeResponse
    ) throws(FakeServerError) {
        let (fd, boundPort) = try bindLoopback(host, port: port, type: Int32(SOCK_STREAM.rawValue))
        guard listen(fd, 512) == 0 else {
            close(fd)
            throw .system("listen", errno)
        }
        self.listener = fd
        self.port = boundPort
        self.host = host
        self.state = Mutex(State())
        self.handler = Mutex(handler)
        startAcceptLoop()
    }

    deinit { stop() }

    /// `http://127.0.0.1:PORT` (or `http://[::1]:PORT`).
    public var baseURL: String { host.contains(":") ? "http://[\(host)]:\(port)" : "http://\(host):\(port)" }
    /// `127.0.0.1:PORT`, the form a `server=` option takes.
    public var hostAndPort: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// Every request received so far, in arrival order.
    public var requests: [RecordedRequest] { state.withLock { $0.requests } }

    /// The most requests that were in progress at once for path prefix `key` ("" = all).
    public func peakConcurrency(forHost hostHeader: String? = nil) -> Int {
        state.withLock { $0.peak[hostHeader ?? "", default: 0] }
    }

    /// Number of TCP connections accepted.
    public var connectionCount: Int { state.withLock { $0.connections } }

    public func setHandler(_ newHandler: @escaping @Sendable (RecordedRequest) -> FakeResponse) {
        handler.withLock { $0 = newHandler }
    }

    public func clearRequests() { state.withLock { $0.requests.removeAll() } }

    /// Stops accepting, releases hanging connections and closes the socket.
    public func stop() {
        let wasStopped = state.withLock { state in
            defer { state.stopped = true }
            return state.stopped
        }
        if wasStopped { return }
        shutdown(listener, Int32(SHUT_RDWR))
        if let thread = acceptThread.withLock({ $0 }) { pthread_join(thread, nil) }
        close(listener)
        // Wait (bounded) for connection threads to finish writing.
        for _ in 0..<200 where state.withLock({ $0.openConnections }) > 0 { usleep(10_000) }
    }

    var isStopped: Bool { state.withLock { $0.stopped } }

    private func startAcceptLoop() {
        let box = Unmanaged.passRetained(self).toOpaque()
        var thread = pthread_t()
        let rc = pthread_create(
            &thread, nil,
            { raw in
                let server = Unmanaged<FakeHTTPServer>.fromOpaque(raw!).takeRetainedValue()
                server.acceptLoop()
                return nil
            }, box)
        if rc == 0 {
            acceptThread.withLock { $0 = thread }
        } else {
            Unmanaged<FakeHTTPServer>.fromOpaque(box).release()
        }
    }

    private func acceptLoop() {
        while !isStopped {
            var pfd = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pfd, 1, 100)
            if ready <= 0 { continue }
            let client = accept(listener, nil, nil)
            if client < 0 { continue }
            state.withLock {
                $0.connections += 1
                $0.openConnections += 1
            }
            let context = Unmanaged.passRetained(ConnectionContext(server: self, fd: client)).toOpaque()
            var thread = pthread_t()
            var attributes = pthread_attr_t()
            pthread_attr_init(&attributes)
            pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
            let rc = pthread_create(
                &thread, &attributes,
                { raw in
                    let context = Unmanaged<ConnectionContext>.fromOpaque(raw!).takeRetainedValue()
                    context.server.serve(context.fd)
                    return nil
                }, context)
            pthread_attr_destroy(&attributes)
            if rc != 0 {
                Unmanaged<ConnectionContext>.fromOpaque(context).release()
                close(client)
                state.withLock { $0.openConnections -= 1 }
            }
        }
    }

    private func serve(_ fd: Int32) {
        defer {
            close(fd)
            state.withLock { $0.openConnections -= 1 }
        }
        guard let request = readRequest(fd) else { return }
        let key = request.header("Host") ?? ""
        state.withLock { state in
            state.requests.append(request)
            for k in ["", key] {
                state.inFlight[k, default: 0] += 1
                state.peak[k] = max(state.peak[k, default: 0], state.inFlight[k, default: 0])
            }
        }
        // A request stops counting as in flight before its answer is written: the client cannot
        // start its next request earlier than that, so the peak is never overstated.
        let finish = { self.state.withLock { state in for k in ["", key] { state.inFlight[k, default: 1] -= 1 } } }
        let response = handler.withLock { $0 }(request)
        if response.hang {
            while !isStopped { usleep(20_000) }
            finish()
            return
        }
        if response.delay > 0 { usleep(UInt32(response.delay * 1_000_000)) }
        finish()
        var head = "HTTP/1.1 \(response.status) \(reason(response.status))\r\n"
        for (name, value) in response.headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(response.body.count)\r\nConnection: close\r\n\r\n"
        writeAll(fd, Array(head.utf8) + response.body)
    }

    private func readRequest(_ fd: Int32) -> RecordedRequest? {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        var headerEnd: Int?
        while headerEnd == nil {
            let count = read(fd, &chunk, chunk.count)
            if count <= 0 { return nil }
            buffer += chunk[0..<count]
            headerEnd = findHeaderEnd(buffer)
            if buffer.count > 1 << 20 { return nil }
        }
        let headText = String(decoding: buffer[0..<headerEnd!], as: UTF8.self)
        var lines = headText.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 2 else { return nil }
        let headers: [(name: String, value: String)] = lines.compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), String(line[line.index(after: colon)...].drop { $0 == " " }))
        }
        var body = Array(buffer[(headerEnd! + 4)...])
        let length = headers.first { $0.name.lowercased() == "content-length" }.flatMap { Int($0.value) } ?? 0
        while body.count < length {
            let count = read(fd, &chunk, min(chunk.count, length - body.count))
            if count <= 0 { break }
            body += chunk[0..<count]
        }
        return RecordedRequest(
            method: String(requestLine[0]), target: String(requestLine[1]), headers: headers, body: body)
    }

    private func findHeaderEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4)
        where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index
        }
        return nil
    }

    private func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBufferPointer {
                send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if written <= 0 { return }
            offset += written
        }
    }

    private func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 201: "Created"
        case 204: "No Content"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }
}

private final class ConnectionContext {
    let server: FakeHTTPServer
    let fd: Int32
    init(server: FakeHTTPServer, fd: Int32) {
        self.server = server
        self.fd = fd
    }
}

public enum FakeServerError: Error, CustomStringConvertible {
    case notLoopback(String)
    case system(String, Int32)

    public var description: String {
        switch self {
        case .notLoopback(let host): "the fake server listens on loopback only, not \(host)"
        case .system(let call, let code): "\(call) failed: \(String(cString: strerror(code)))"
        }
    }
}

func percentDecode(_ text: String) -> String {
    var bytes: [UInt8] = []
    var rest = Array(text.utf8)[...]
    while let byte = rest.popFirst() {
        if byte == UInt8(ascii: "%"), rest.count >= 2,
            let value = UInt8(String(decoding: rest.prefix(2), as: UTF8.self), radix: 16)
        {
            bytes.append(value)
            rest = rest.dropFirst(2)
        } else {
            bytes.append(byte)
        }
    }
    return String(decoding: bytes, as: UTF8.self)
}

func base64Decode(_ text: String) -> String? {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    var table = [UInt8](repeating: 255, count: 256)
    for (index, char) in alphabet.enumerated() { table[Int(char)] = UInt8(index) }
    var bits: UInt32 = 0
    var count = 0
    var output: [UInt8] = []
    for char in text.utf8 where char != UInt8(ascii: "=") {
        let value = table[Int(char)]
        if value == 255 { return nil }
        bits = bits << 6 | UInt32(value)
        count += 6
        if count >= 8 {
            count -= 8
            output.append(UInt8((bits >> UInt32(count)) & 0xFF))
        }
    }
    return String(decoding: output, as: UTF8.self)
}
