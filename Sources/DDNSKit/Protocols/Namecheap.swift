/// Namecheap dynamic DNS (`protocol=namecheap`): `login` is the domain, `password` the
/// dynamic DNS password; one host per request; IPv4.
public struct NamecheapProtocol: DDNSProtocol {
    public var acceptsWildcardName: Bool { true }
    public var acceptsApexMarker: Bool { true }
    public init() {}
    public let name = "namecheap"
    public let summary =
        "Namecheap dynamic DNS (dynamicdns.park-your-domain.com), one address (IPv4, else IPv6); login is the domain"
    public var example: String { "protocol=namecheap, login=example.com, password=ddns-password home.example.com" }
    static let defaultServer = "dynamicdns.park-your-domain.com"

    public var options: [OptionSpec] {
        [
            OptionSpec("server", .fqdnWithPort, default: Self.defaultServer, help: "update server"),
            OptionSpec("login", .login, required: true, help: "the domain (example.com)"),
            OptionSpec("password", .password, required: true, help: "the domain's dynamic DNS password"),
            OptionSpec("min-interval", .delay(minimum: 300), default: "300", help: "least time between updates"),
        ]
    }

    public func update(_ targets: [UpdateTarget], context: UpdateContext) -> [UpdateResult] {
        targets.map { target in
            let host = target.host
            let server = ProviderSupport.serverName(host, defaultServer: Self.defaultServer)
            let domain = (host.values["login"] ?? "").lowercased()
            let single = target.oneFamily
            // The domain is removed literally (ddclient uses it as a regular expression).
            var sub = target.name
            if sub == domain {
                sub = "@"
            } else if sub.hasSuffix("." + domain) {
                sub = String(sub.dropLast(domain.count + 1))
            }
            let items = [
                ("host", sub), ("domain", domain), ("password", host.values["password"] ?? ""),
                ("ip", single.ipv4 ?? single.ipv6 ?? ""),
            ]
            let request = HTTPRequest(
                url: ProviderSupport.baseURL(host, defaultServer: Self.defaultServer) + "/update?"
                    + URLEncoding.query(items, keeping: [":"]))
            let response: HTTPResponse
            switch ProviderSupport.fetch(request, for: [single], server: server, context: context) {
            case .failure(let failed): return failed.results[0]
            case .success(let answer): response = answer
            }
            let text = response.text
            if text.contains("<ErrCount>0") { return UpdateResult(target: single) { .good($0) } }
            let error = Self.element("Err1", in: text) ?? ProviderSupport.firstLine(text)
            let permanent =
                error.lowercased().contains("password") || error.lowercased().contains("domain name not found")
            return UpdateResult(target: single) { _ in
                .failed("failed", "\(server) refused the update: \(error)", permanent: permanent)
            }
        }
    }

    static func element(_ name: String, in text: String) -> String? {
        guard let start = text.firstRange(of: "<\(name)>"),
            let end = text[start.upperBound...].firstRange(of: "</\(name)>")
        else { return nil }
        return String(text[start.upperBound..<end.lowerBound])
    }
}
