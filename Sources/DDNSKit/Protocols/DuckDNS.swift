/// Duck DNS (`protocol=duckdns`): `GET /update?domains=a,b&token=…&ip=…&ipv6=…`, reply `OK`/`KO`.
public struct DuckDNSProtocol: DDNSProtocol {
    public init() {}
    public let name = "duckdns"
    public let summary = "DuckDNS (www.duckdns.org), token-authenticated, both families in one request"
    static let defaultServer = "www.duckdns.org"

    public var options: [OptionSpec] {
        [
            OptionSpec("server", .fqdnWithPort, default: Self.defaultServer, help: "update server"),
            OptionSpec("password", .password, required: true, help: "the Duck DNS token"),
        ]
    }
    public var unusedCommonOptions: Set<String> { ["login"] }
    public var groupBy: [String] { ["password", "server", "ssl", "wantipv4", "wantipv6"] }
    public var maxHostsPerRequest: Int { 20 }
    public var example: String { "protocol=duckdns, password=your-token myhost.duckdns.org" }

    public func update(_ targets: [UpdateTarget], context: UpdateContext) -> [UpdateResult] {
        guard let first = targets.first?.host else { return [] }
        let server = ProviderSupport.serverName(first, defaultServer: Self.defaultServer)
        var items: [(String, String)] = [
            ("domains", targets.map(\.name).joined(separator: ",")), ("token", first.values["password"] ?? ""),
        ]
        if let v4 = targets[0].ipv4 { items.append(("ip", v4)) }
        if let v6 = targets[0].ipv6 { items.append(("ipv6", v6)) }
        let request = HTTPRequest(
            url: ProviderSupport.baseURL(first, defaultServer: Self.defaultServer) + "/update?"
                + URLEncoding.query(items))
        let response: HTTPResponse
        switch ProviderSupport.fetch(request, for: targets, server: server, context: context) {
        case .failure(let failed): return failed.results
        case .success(let answer): response = answer
        }
        let body = response.text.trimmingSuffix(while: \.isWhitespace).drop(while: \.isWhitespace)
        if body == "OK" || body.hasPrefix("OK\n") { return targets.map { UpdateResult(target: $0) { .good($0) } } }
        if body.hasPrefix("KO") {
            return ProviderSupport.failAll(
                targets, status: "KO",
                message: "\(server) answered KO: the token or a domain name is wrong (Duck DNS gives no detail)",
                permanent: true)
        }
        return ProviderSupport.failAll(
            targets, status: "failed",
            message: "unexpected reply from \(server): \(ProviderSupport.firstLine(String(body)))")
    }
}
