import CCurl

#if canImport(Glibc)
    import Glibc
#endif

/// Transport settings taken from the configuration; the same for every request of a run.
public struct HTTPClientConfiguration: Sendable {
    /// `User-Agent`, ddclient style: `ddswift/<version>`.
    public var userAgent: String
    /// Seconds allowed to connect (ddclient: `connect-timeout` = `timeout`).
    public var connectTimeout: Double
    /// Seconds allowed for the whole transfer (ddclient: `max-time` = `timeout`).
    public var totalTimeout: Double
    /// HTTP proxy (`proxy=`), e.g. `proxy.example.net:3128`.
    public var proxy: String?
    /// Local interface name or address to bind (`CURLOPT_INTERFACE`: `eth0`, `host!192.0.2.1`).
    public var interface: String?
    /// CA bundle (`ssl_ca_file`).
    public var caFile: String?
    /// CA directory (`ssl_ca_dir`).
    public var caDirectory: String?
    /// Verify the server's certificate and name. On unless a user turns it off.
    public var verifyTLS: Bool
    /// Redirects followed at most (ddclient `redirect`; 0 = none).
    public var maxRedirects: Int
    /// Larger bodies are refused; update replies are a few hundred bytes.
    public var maxBodyBytes: Int
    /// `host:port:address` pins (`CURLOPT_RESOLVE`), so tests can send a provider's real
    /// host name to a loopback server.
    public var resolve: [String]
    /// Called with one line per request and per answer at `-debug` (secrets are masked by the log).
    public var trace: (@Sendable (String) -> Void)?
    /// Asked about once a second during a transfer; true aborts it (a stop signal must not
    /// wait for a stuck request's timeout).
    public var shouldAbort: (@Sendable () -> Bool)?

    public init(
        userAgent: String = "ddswift/\(DDSwiftVersion.string)",
        connectTimeout: Double = 120,
        totalTimeout: Double = 120,
        proxy: String? = nil,
        interface: String? = nil,
        caFile: String? = nil,
        caDirectory: String? = nil,
        verifyTLS: Bool = true,
        maxRedirects: Int = 0,
        maxBodyBytes: Int = 1 << 20,
        resolve: [String] = [],
        trace: (@Sendable (String) -> Void)? = nil
    ) {
        self.userAgent = userAgent
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.proxy = proxy
        self.interface = interface
        self.caFile = caFile
        self.caDirectory = caDirectory
        self.verifyTLS = verifyTLS
        self.maxRedirects = maxRedirects
        self.maxBodyBytes = maxBodyBytes
        self.resolve = resolve
        self.trace = trace
    }
}

/// HTTP over libcurl: one easy handle per transfer, so transfers on different threads never
/// share state. Mirrors ddclient's `geturl()` (which shells out to curl) option for option.
///
/// The corresponding C function is `curl_easy_perform`.
extension HTTPClientConfiguration {
    /// Seconds as libcurl's milliseconds, clamped to 0…10 years: a huge `timeout` is a long
    /// wait, never an overflow trap.
    static func milliseconds(_ seconds: Double) -> Int {
        guard seconds.isFinite, seconds > 0 else { return 0 }
        return Int(min(seconds, Double(Interval.maximumSeconds)) * 1000)
    }
}

public struct CurlHTTPClient: HTTPTransport {
    public var configuration: HTTPClientConfiguration

    public init(configuration: HTTPClientConfiguration = HTTPClientConfiguration()) {
        self.configuration = configuration
    }

    /// `curl_global_init` runs once, on the first transfer (Swift's lazy statics are
    /// thread-safe), so a run that needs no network never initialises libcurl.
    private static let globalInit: Bool = ccurl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    public func send(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse {
        guard Self.globalInit else {
            throw .transport(
                url: request.redactedURL, code: Int(CURLE_FAILED_INIT.rawValue),
                detail: ccurl_available() == 0
                    ? "libcurl (libcurl.so.4) cannot be loaded; install Debian's libcurl4" : "curl_global_init failed")
        }
        guard request.url.hasPrefix("http://") || request.url.hasPrefix("https://") else {
            throw .invalidURL(request.redactedURL)
        }
        configuration.trace?("REQUEST: \(request.method.rawValue) \(request.url)")
        let transfer = try Transfer(request: request, configuration: configuration)
        let response = try transfer.perform()
        configuration.trace?(
            "RESPONSE: \(response.status) (\(response.body.count) bytes) \(response.text.excerpt(2048))")
        return response
    }

    /// Runs `requests` on at most `maxConcurrent` threads; results keep the order of the input.
    public func sendAll(_ requests: [HTTPRequest], maxConcurrent: Int = 8) -> [Result<HTTPResponse, HTTPError>] {
        WorkerPool.map(requests, limit: maxConcurrent) { request in
            Result { () throws(HTTPError) -> HTTPResponse in try self.send(request) }
        }
    }
}

/// Collects the answer while libcurl writes it; handed to the C callbacks as an opaque pointer.
private final class ResponseSink {
    var shouldAbort: (@Sendable () -> Bool)?
    var aborted = false
    var body: [UInt8] = []
    var headerLines: [String] = []
    let limit: Int
    var overflowed = false

    init(limit: Int) { self.limit = limit }
}

/// Owns one easy handle and the C memory it points at for the length of one transfer.
private final class Transfer {
    let handle: UnsafeMutableRawPointer
    let request: HTTPRequest
    let configuration: HTTPClientConfiguration
    var headerList: UnsafeMutablePointer<curl_slist>?
    var resolveList: UnsafeMutablePointer<curl_slist>?
    var bodyCopy: UnsafeMutablePointer<UInt8>?
    let sink: ResponseSink
    var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)

    init(request: HTTPRequest, configuration: HTTPClientConfiguration) throws(HTTPError) {
        guard let handle = ccurl_easy_init() else {
            throw .transport(
                url: request.redactedURL, code: Int(CURLE_FAILED_INIT.rawValue), detail: "curl_easy_init failed")
        }
        self.handle = handle
        self.request = request
        self.configuration = configuration
        self.sink = ResponseSink(limit: configuration.maxBodyBytes)
    }

    deinit {
        ccurl_easy_cleanup(handle)
        ccurl_slist_free_all(headerList)
        ccurl_slist_free_all(resolveList)
        bodyCopy?.deallocate()
    }

    private func set(_ option: CURLoption, _ value: Int) throws(HTTPError) {
        try check(ccurl_easy_setopt_long(handle, option, value))
    }

    private func set(_ option: CURLoption, _ value: String) throws(HTTPError) {
        try check(ccurl_easy_setopt_string(handle, option, value))  // libcurl copies strings
    }

    private func check(_ code: CURLcode) throws(HTTPError) {
        guard code == CURLE_OK else {
            throw .transport(
                url: request.redactedURL, code: Int(code.rawValue), detail: String(cString: ccurl_easy_strerror(code)))
        }
    }

    func perform() throws(HTTPError) -> HTTPResponse {
        let config = configuration
        try set(CURLOPT_URL, request.url)
        try set(CURLOPT_NOSIGNAL, 1)
        try set(CURLOPT_USERAGENT, config.userAgent)
        try set(CURLOPT_CONNECTTIMEOUT_MS, HTTPClientConfiguration.milliseconds(config.connectTimeout))
        try set(CURLOPT_TIMEOUT_MS, HTTPClientConfiguration.milliseconds(config.totalTimeout))
        // Only HTTP(S), also after redirects: a provider must not send us to file:// or gopher://.
        try set(CURLOPT_PROTOCOLS_STR, "http,https")
        try set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        if config.maxRedirects > 0 {
            try set(CURLOPT_FOLLOWLOCATION, 1)
            try set(CURLOPT_MAXREDIRS, config.maxRedirects)
        }
        let resolveFamily: Int
        switch request.family {
        case nil: resolveFamily = Int(CURL_IPRESOLVE_WHATEVER)
        case .ipv4: resolveFamily = Int(CURL_IPRESOLVE_V4)
        case .ipv6: resolveFamily = Int(CURL_IPRESOLVE_V6)
        }
        try set(CURLOPT_IPRESOLVE, resolveFamily)
        if let interface = config.interface { try set(CURLOPT_INTERFACE, interface) }
        if let proxy = config.proxy { try set(CURLOPT_PROXY, proxy) }
        if let caFile = config.caFile { try set(CURLOPT_CAINFO, caFile) }
        if let caDirectory = config.caDirectory { try set(CURLOPT_CAPATH, caDirectory) }
        let verify = request.verifyTLS ?? config.verifyTLS
        try set(CURLOPT_SSL_VERIFYPEER, verify ? 1 : 0)
        try set(CURLOPT_SSL_VERIFYHOST, verify ? 2 : 0)

        switch request.method {
        case .get: try set(CURLOPT_HTTPGET, 1)
        case .post: try set(CURLOPT_POST, 1)
        default: try set(CURLOPT_CUSTOMREQUEST, request.method.rawValue)
        }
        if let body = request.body {
            let copy = UnsafeMutablePointer<UInt8>.allocate(capacity: max(body.count, 1))
            copy.initialize(from: body, count: body.count)
            bodyCopy = copy
            try check(ccurl_easy_setopt_pointer(handle, CURLOPT_POSTFIELDS, copy))
            try check(ccurl_easy_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)))
        }
        if let credentials = request.basicAuth {
            try set(CURLOPT_HTTPAUTH, ccurl_auth_basic)
            try set(CURLOPT_USERNAME, credentials.user)
            try set(CURLOPT_PASSWORD, credentials.password)
        }
        var headers = request.headers
        if let token = request.bearerToken { headers.append(HTTPHeader("Authorization", "Bearer \(token)")) }
        if request.body != nil, !headers.contains(where: { $0.name.lowercased() == "content-type" }) {
            headers.append(HTTPHeader("Content-Type", "application/x-www-form-urlencoded"))
        }
        for header in headers {
            // "Name;" sends a header with an empty value; "Name:" would remove it.
            let line = header.value.isEmpty ? "\(header.name);" : header.description
            headerList = ccurl_slist_append(headerList, line)
        }
        // libcurl adds `Expect: 100-continue` to larger bodies; providers do not expect it.
        headerList = ccurl_slist_append(headerList, "Expect:")
        try check(ccurl_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList))
        if !config.resolve.isEmpty {
            for entry in config.resolve { resolveList = ccurl_slist_append(resolveList, entry) }
            try check(ccurl_easy_setopt_slist(handle, CURLOPT_RESOLVE, resolveList))
        }

        let write: ccurl_data_callback = { pointer, size, count, context in
            let length = size * count
            let sink = Unmanaged<ResponseSink>.fromOpaque(context!).takeUnretainedValue()
            if sink.body.count + length > sink.limit {
                sink.overflowed = true
                return 0  // makes libcurl stop with CURLE_WRITE_ERROR
            }
            pointer!.withMemoryRebound(to: UInt8.self, capacity: length) {
                sink.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: length))
            }
            return length
        }
        let header: ccurl_data_callback = { pointer, size, count, context in
            let length = size * count
            let sink = Unmanaged<ResponseSink>.fromOpaque(context!).takeUnretainedValue()
            let line = pointer!.withMemoryRebound(to: UInt8.self, capacity: length) {
                String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
            }
            if line.hasPrefix("HTTP/") { sink.headerLines.removeAll() }  // a new answer after a redirect
            sink.headerLines.append(line)
            return length
        }
        let context = Unmanaged.passUnretained(sink).toOpaque()
        if let shouldAbort = config.shouldAbort {
            sink.shouldAbort = shouldAbort
            let progress: ccurl_xferinfo_callback = { context, _, _, _, _ in
                let sink = Unmanaged<ResponseSink>.fromOpaque(context!).takeUnretainedValue()
                guard sink.shouldAbort?() == true else { return 0 }
                sink.aborted = true
                return 1
            }
            try check(ccurl_easy_setopt_xferinfo_function(handle, progress))
            try check(ccurl_easy_setopt_pointer(handle, CURLOPT_XFERINFODATA, context))
            try set(CURLOPT_NOPROGRESS, 0)
        }
        try check(ccurl_easy_setopt_write_function(handle, write))
        try check(ccurl_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, context))
        try check(ccurl_easy_setopt_header_function(handle, header))
        try check(ccurl_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, context))

        let code: CURLcode = errorBuffer.withUnsafeMutableBufferPointer { buffer in
            _ = ccurl_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, buffer.baseAddress)
            let code = withExtendedLifetime(sink) { ccurl_easy_perform(handle) }
            _ = ccurl_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, nil)
            return code
        }
        if code != CURLE_OK { throw mapError(code) }
        var status = 0
        try check(ccurl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status))
        return HTTPResponse(status: status, headers: parseHeaders(sink.headerLines), body: sink.body)
    }

    private func mapError(_ code: CURLcode) -> HTTPError {
        let url = request.redactedURL
        let detail = errorBuffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        let text = detail.isEmpty ? String(cString: ccurl_easy_strerror(code)) : detail
        if sink.overflowed { return .bodyTooLarge(url: url, limit: configuration.maxBodyBytes) }
        if sink.aborted { return .interrupted(url: url) }
        switch code {
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL: return .invalidURL(url)
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: return .couldNotResolve(url: url, detail: text)
        case CURLE_COULDNT_CONNECT, CURLE_INTERFACE_FAILED: return .connectionFailed(url: url, detail: text)
        case CURLE_OPERATION_TIMEDOUT: return .timedOut(url: url, seconds: configuration.totalTimeout)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
            CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE:
            return .tls(url: url, detail: text)
        case CURLE_TOO_MANY_REDIRECTS: return .tooManyRedirects(url: url)
        case CURLE_FILESIZE_EXCEEDED: return .bodyTooLarge(url: url, limit: configuration.maxBodyBytes)
        default: return .transport(url: url, code: Int(code.rawValue), detail: text)
        }
    }

    private func parseHeaders(_ lines: [String]) -> [HTTPHeader] {
        lines.compactMap { raw in
            let line = raw.trimmingSuffix(while: \.isNewline)
            guard let colon = line.firstIndex(of: ":"), !line.hasPrefix("HTTP/") else { return nil }
            let name = String(line[..<colon])
            let value = line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
            return HTTPHeader(name, String(value))
        }
    }
}

extension StringProtocol {
    /// The string without trailing characters matching `predicate`.
    func trimmingSuffix(while predicate: (Character) -> Bool) -> SubSequence {
        var end = endIndex
        while end > startIndex {
            let before = index(before: end)
            if !predicate(self[before]) { break }
            end = before
        }
        return self[startIndex..<end]
    }
}
