/// HTTP methods the providers use.
public enum HTTPMethod: String, Sendable, CaseIterable {
    case get = "GET"
    case post = "POST"
    case put = "PUT"
    case patch = "PATCH"
    case delete = "DELETE"
}

/// One header line. Names compare case-insensitively, as HTTP says.
public struct HTTPHeader: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    public var description: String { "\(name): \(value)" }
}

/// Basic-auth credentials; never printed.
public struct BasicCredentials: Sendable, Hashable, CustomStringConvertible {
    public var user: String
    public var password: String

    public init(user: String, password: String) {
        self.user = user
        self.password = password
    }

    public var description: String { "\(user):********" }
}

/// A request as a provider or a detection strategy describes it. Transport settings that
/// come from the configuration (timeouts, proxy, CA files, pinning) live in ``HTTPClientConfiguration``;
/// the few that change per request are here.
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    public var url: String
    public var headers: [HTTPHeader]
    public var body: [UInt8]?
    public var basicAuth: BasicCredentials?
    /// Sent as `Authorization: Bearer <token>`.
    public var bearerToken: String?
    /// Address family to force (`CURLOPT_IPRESOLVE`); nil lets libcurl choose. The IPv4
    /// address check must travel over IPv4 and the IPv6 check over IPv6.
    public var family: AddressFamily?
    /// Overrides the client's TLS verification (ddclient's `web-ssl-validate`/`fw-ssl-validate`).
    public var verifyTLS: Bool?

    public init(
        method: HTTPMethod = .get,
        url: String,
        headers: [HTTPHeader] = [],
        body: [UInt8]? = nil,
        basicAuth: BasicCredentials? = nil,
        bearerToken: String? = nil,
        family: AddressFamily? = nil,
        verifyTLS: Bool? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.basicAuth = basicAuth
        self.bearerToken = bearerToken
        self.family = family
        self.verifyTLS = verifyTLS
    }

    /// A JSON request body with its content type, first, in place of any `Content-Type` in
    /// `headers` (so a provider can keep one header list for its reads and its writes).
    public init(method: HTTPMethod, url: String, json: String, headers: [HTTPHeader] = []) {
        self.init(
            method: method, url: url,
            headers: [HTTPHeader("Content-Type", "application/json")]
                + headers.filter { $0.name.lowercased() != "content-type" },
            body: Array(json.utf8))
    }

    /// The URL without user info and query: safe to print in logs and errors, because
    /// several providers (namecheap, duckdns, freedns) carry secrets in the query string.
    public var redactedURL: String { HTTPRequest.redact(url) }

    /// `keepingPath: false` also drops the path (`https://hooks.example.net/…`): for URLs whose
    /// path is the credential (webhooks, healthchecks pings).
    static func redact(_ url: String, keepingPath: Bool = true) -> String {
        var rest = Substring(url)
        var scheme = ""
        if let colon = rest.firstIndex(of: ":"), rest[colon...].hasPrefix("://") {
            let afterScheme = rest.index(colon, offsetBy: 3)
            scheme = String(rest[..<afterScheme])
            rest = rest[afterScheme...]
        }
        if let query = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) {
            rest = rest[..<query]
        }
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        if !keepingPath, authorityEnd < rest.endIndex {
            rest = rest[..<authorityEnd] + "/…"
        }
        if let at = rest[..<(rest.firstIndex(of: "/") ?? rest.endIndex)].lastIndex(of: "@") {
            rest = rest[rest.index(after: at)...]
        }
        return scheme + rest
    }
}

/// What a server answered: any status, including 4xx and 5xx.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [HTTPHeader]
    public var body: [UInt8]

    public init(status: Int, headers: [HTTPHeader] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The body decoded as UTF-8 (invalid bytes replaced), with `\r` removed as ddclient does.
    public var text: String {
        String(decoding: body.filter { $0 != 13 }, as: UTF8.self)
    }

    public var isSuccess: Bool { (200..<300).contains(status) }

    /// The first value of header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.name.lowercased() == lowered }?.value
    }
}

/// A transfer that did not produce an HTTP answer. A 4xx/5xx answer is not an error here:
/// it is an ``HTTPResponse`` whose status the caller interprets.
public enum HTTPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The URL cannot be used (bad syntax, unsupported scheme).
    case invalidURL(String)
    /// The host name did not resolve.
    case couldNotResolve(url: String, detail: String)
    /// TCP connection refused or unreachable.
    case connectionFailed(url: String, detail: String)
    /// No complete answer within the timeout.
    case timedOut(url: String, seconds: Double)
    /// TLS handshake or certificate verification failed.
    case tls(url: String, detail: String)
    /// The body was larger than the client accepts.
    case bodyTooLarge(url: String, limit: Int)
    /// Too many redirects.
    case tooManyRedirects(url: String)
    /// Any other libcurl failure, with curl's own code and words.
    case transport(url: String, code: Int, detail: String)
    /// Stopped by us (SIGTERM/SIGINT) before the answer came.
    case interrupted(url: String)

    public var description: String {
        switch self {
        case .invalidURL(let url): "invalid URL: \(url)"
        case .couldNotResolve(let url, let detail): "cannot resolve host for \(url): \(detail)"
        case .connectionFailed(let url, let detail): "cannot connect to \(url): \(detail)"
        case .timedOut(let url, let seconds):
            "no answer from \(url) within \(formatSeconds(seconds))"
        case .tls(let url, let detail): "TLS failure with \(url): \(detail)"
        case .bodyTooLarge(let url, let limit): "reply from \(url) is larger than \(limit) bytes; refused"
        case .tooManyRedirects(let url): "too many redirects from \(url)"
        case .transport(let url, let code, let detail): "transfer from \(url) failed (curl \(code)): \(detail)"
        case .interrupted(let url): "request to \(url) stopped by a stop signal before the answer came"
        }
    }
}

func formatSeconds(_ seconds: Double) -> String {
    seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\(seconds) s"
}

/// The one way the program talks HTTP. ``CurlHTTPClient`` is the real one; it is a protocol so
/// that `-test`/`--noexec` can swap in a transport that only logs.
public protocol HTTPTransport: Sendable {
    /// Performs one transfer, blocking the calling thread until it ends.
    func send(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse
}
