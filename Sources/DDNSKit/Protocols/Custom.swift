/// `protocol=custom`: any HTTP update API, described in the configuration (ddclient #270,
/// inadyn's `custom`). The URL, headers and body are templates:
///
/// - `%h` the host, `%i` the address this request sets, `%4` / `%6` the IPv4 / IPv6 address,
///   `%u` the login, `%p` the password, `%%` a percent sign;
/// - each value is URL-encoded where it lands in the URL or a form body, JSON-escaped in a
///   JSON body (one starting with `{` or `[`), and put as it is in a header.
///
/// A template that uses both `%4` and `%6` sends one request per host with both addresses;
/// otherwise one request per family being updated. `success=` (a regular expression, or just
/// a word) must match the reply for it to count; without it any 2xx counts. `refused=` marks
/// a reply as a permanent refusal (the host is held until the configuration changes).
public struct CustomProtocol: DDNSProtocol {
    public init() {}
    public let name = "custom"
    public let summary = "any HTTP update API, described by a URL template, method, headers, body and reply patterns"
    public var acceptsWildcardName: Bool { true }

    public var options: [OptionSpec] {
        [
            OptionSpec(
                "url", .urlTemplate, required: true, help: "the update URL, with %h %i %4 %6 %u %p placeholders"),
            OptionSpec("method", .choice(["get", "post", "put", "patch"]), default: "get", help: "HTTP method"),
            OptionSpec("headers", .string, help: "extra headers, 'Name: value' pairs separated by ';'"),
            OptionSpec("body", .string, help: "request body template (JSON when it starts with { or [, else a form)"),
            OptionSpec(
                "auth", .choice(["basic", "bearer", "none"]), default: "basic",
                help: "basic: login:password when both are set; bearer: the password as a token; none"),
            OptionSpec(
                "success", .regex, help: "a regular expression (or word) the reply must contain; default: any 2xx"),
            OptionSpec("refused", .regex, help: "a regular expression (or word) that marks a permanent refusal"),
            OptionSpec("login", .login, help: "login (for %u or Basic auth)"),
            OptionSpec("password", .password, help: "password or token (for %p, Basic or bearer auth)"),
        ]
    }
    public var unusedCommonOptions: Set<String> { ["server"] }
    public var example: String {
        """
        protocol=custom, login=me, password=secret, success=good|nochg
        url='https://dyn.example.net/update?host=%h&ip=%i'
        home.example.com
        """
    }

    public func update(_ targets: [UpdateTarget], context: UpdateContext) -> [UpdateResult] {
        targets.map { target in
            let host = target.host
            let templates = Self.templates(host)
            if templates.contains("%4") && templates.contains("%6") {
                let address = target.ipv4 ?? target.ipv6 ?? ""
                let outcome = send(target, address: address, context: context)
                return UpdateResult(target: target) { wanted in
                    outcome.isSuccess ? .good(wanted, message: outcome.message) : outcome
                }
            }
            return UpdateResult(
                host: target.name, ipv4: target.ipv4.map { send(target, address: $0, context: context) },
                ipv6: target.ipv6.map { send(target, address: $0, context: context) })
        }
    }

    /// The URL, body and headers templates together (which placeholders are used).
    static func templates(_ host: HostConfig) -> String {
        [host.values["url"] ?? "", host.values["body"] ?? "", host.values["headers"] ?? ""].joined()
    }

    /// Where a value lands, and so how it is encoded.
    enum Placement {
        case url
        case form
        case json
        case header
    }

    /// `template` with its placeholders filled for `target` and this request's `address`.
    static func expand(_ template: String, target: UpdateTarget, address: String, placement: Placement) -> String {
        let host = target.host
        func encode(_ value: String) -> String {
            switch placement {
            case .url, .form: return URLEncoding.encode(value)
            case .json: return String(JSONValue.quote(value).dropFirst().dropLast())
            case .header: return value.filter { $0 != "\r" && $0 != "\n" }
            }
        }
        var out = ""
        var characters = template[...]
        while let character = characters.popFirst() {
            guard character == "%", let code = characters.first else {
                out.append(character)
                continue
            }
            let value: String?
            switch code {
            case "h": value = target.name
            case "i": value = address
            case "4": value = address.contains(":") ? (target.ipv4 ?? "") : address
            case "6": value = address.contains(":") ? address : (target.ipv6 ?? "")
            case "u": value = host.values["login"] ?? ""
            case "p": value = host.values["password"] ?? ""
            case "%": value = nil
            default:
                out.append(character)
                continue
            }
            characters.removeFirst()
            if let value { out += encode(value) } else { out.append("%") }
        }
        return out
    }

    /// The request for `target` and `address` (exposed for tests).
    static func request(_ target: UpdateTarget, address: String) -> HTTPRequest {
        let host = target.host
        let method = HTTPMethod(rawValue: (host.values["method"] ?? "get").uppercased()) ?? .get
        var request = HTTPRequest(
            method: method, url: expand(host.values["url"] ?? "", target: target, address: address, placement: .url))
        if let body = host.nonEmpty("body") {
            let isJSON = body.first == "{" || body.first == "["
            request.body = Array(expand(body, target: target, address: address, placement: isJSON ? .json : .form).utf8)
            request.headers.append(
                HTTPHeader("Content-Type", isJSON ? "application/json" : "application/x-www-form-urlencoded"))
        }
        for pair in (host.values["headers"] ?? "").split(separator: ";") {
            guard let colon = pair.firstIndex(of: ":") else { continue }
            let name = pair[..<colon].trimmingSuffix(while: \.isWhitespace).drop { $0 == " " }
            let value = pair[pair.index(after: colon)...].drop { $0 == " " }.trimmingSuffix(while: \.isWhitespace)
            guard !name.isEmpty else { continue }
            request.headers.removeAll { $0.name.lowercased() == name.lowercased() }
            request.headers.append(
                HTTPHeader(String(name), expand(String(value), target: target, address: address, placement: .header)))
        }
        let templates = Self.templates(host)
        switch host.values["auth"] ?? "basic" {
        case "bearer":
            request.bearerToken = host.values["password"]
        case "none":
            break
        default:
            // The user placed the credentials themselves: no Basic header besides.
            if !templates.contains("%p") { request.basicAuth = ProviderSupport.credentials(host) }
        }
        return request
    }

    private func send(_ target: UpdateTarget, address: String, context: UpdateContext) -> FamilyOutcome {
        let host = target.host
        let request = Self.request(target, address: address)
        let server = ProviderSupport.serverName(of: request.url)
        return ProviderSupport.fetchOne(request, target: target, address: address, server: server, context: context) {
            Self.read($0.text, host: host, address: address, server: server)
        }
    }

    /// The outcome of a 2xx reply `body`.
    static func read(_ body: String, host: HostConfig, address: String, server: String) -> FamilyOutcome {
        func matches(_ option: String) -> Bool? {
            guard let pattern = host.nonEmpty(option), let regex = try? Regex(pattern).ignoresCase() else { return nil }
            return body.contains(regex)
        }
        if matches("refused") == true {
            return .failed(
                .refused, token: "refused",
                "\(server) refused the update (refused= matched): \(ProviderSupport.firstLine(body).excerpt(160))")
        }
        switch matches("success") {
        case true?, nil: return .good(address)
        case false?:
            return .failed(
                .malformedReply, token: "unknown",
                "\(server)'s reply does not match success=: \(ProviderSupport.firstLine(body).excerpt(160))")
        }
    }
}
