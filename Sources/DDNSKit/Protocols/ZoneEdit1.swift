/// ZoneEdit (`protocol=zoneedit1`): the hosts of a group in one request (`host=a,b`); the
/// reply holds one `<SUCCESS …>` or `<ERROR …>` tag per host, in order.
public struct ZoneEdit1Protocol: DDNSProtocol {
    public init() {}
    public let name = "zoneedit1"
    public let summary = "ZoneEdit dynamic DNS (dynamic.zoneedit.com), several hosts per request"
    public var example: String { "protocol=zoneedit1, login=me, password=secret, zone=example.com home.example.com" }
    static let defaultServer = "dynamic.zoneedit.com"
    public var options: [OptionSpec] {
        [
            OptionSpec("server", .fqdnWithPort, default: Self.defaultServer, help: "update server"),
            OptionSpec("login", .login, required: true, help: "ZoneEdit user name"),
            OptionSpec("password", .password, required: true, help: "ZoneEdit password or dynamic token"),
            OptionSpec("zone", .fqdn, help: "the zone, when the host's is ambiguous"),
            OptionSpec("min-interval", .delay(minimum: 0), default: "600", help: "least time between updates"),
        ]
    }
    public var groupBy: [String] { ["login", "password", "server", "zone", "wantipv4", "wantipv6"] }
    public var maxHostsPerRequest: Int { 100 }

    /// One `<SUCCESS|ERROR attributes>` tag of the reply.
    struct Tag: Equatable {
        var success: Bool
        var attributes: [String: String]
    }

    /// The tags in reply order (several may share a line).
    static func tags(in body: String) -> [Tag] {
        var tags: [Tag] = []
        for line in body.split(separator: "\n") {
            var rest = line[...]
            while let open = rest.firstIndex(of: "<") {
                let after = rest[rest.index(after: open)...]
                guard let close = after.firstIndex(of: ">") else { break }
                let inside = after[..<close]
                rest = after[after.index(after: close)...]
                let kind = inside.prefix { !$0.isWhitespace }
                guard kind == "SUCCESS" || kind == "ERROR" else { continue }
                let parsed = ConfFileParser.parseAssignments(String(inside.dropFirst(kind.count)).lowercasedKeys())
                tags.append(Tag(success: kind == "SUCCESS", attributes: parsed.values))
            }
        }
        return tags
    }

    public func update(_ targets: [UpdateTarget], context: UpdateContext) -> [UpdateResult] {
        guard let first = targets.first?.host else { return [] }
        let server = ProviderSupport.serverName(first, defaultServer: Self.defaultServer)
        let address = targets[0].ipv4 ?? targets[0].ipv6
        var items = [("host", targets.map(\.name).joined(separator: ","))]
        if let address { items.append(("dnsto", address)) }
        if let zone = first.nonEmpty("zone") { items.append(("zone", zone)) }
        let url =
            ProviderSupport.baseURL(first, defaultServer: Self.defaultServer) + "/auth/dynamic.html?"
            + URLEncoding.query(items)
        // One address per host (ddclient's legacy protocols): IPv4 when there is one.
        let singles = targets.map(\.oneFamily)
        switch ProviderSupport.fetch(
            HTTPRequest(url: url, basicAuth: ProviderSupport.credentials(first)), for: singles, server: server,
            context: context)
        {
        case .failure(let failed): return failed.results
        case .success(let response):
            let tags = Self.tags(in: response.text)
            return singles.enumerated().map { index, target in
                UpdateResult(target: target) { wanted in
                    guard index < tags.count else {
                        return .failed(.malformedReply, token: "failed", "no response from \(server) for this host")
                    }
                    let tag = tags[index]
                    let code = tag.attributes["code"] ?? "999"
                    let text = tag.attributes["text"] ?? ""
                    if tag.success || code == "707" {
                        return .good(tag.attributes["ip"] ?? wanted, message: "\(code): \(text)")
                    }
                    return .failed(.serverError, token: "error-\(code)", "\(server): \(code): \(text)")
                }
            }
        }
    }
}

extension String {
    /// `CODE="1" TEXT="x"` with the attribute names lower-cased, for the assignment parser
    /// (whose names are lower-case).
    fileprivate func lowercasedKeys() -> String {
        var out = ""
        var inQuote = false
        for character in self {
            if character == "\"" { inQuote.toggle() }
            out.append(inQuote ? character : Character(character.lowercased()))
        }
        return out
    }
}
