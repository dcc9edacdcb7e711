/// No-IP (`protocol=noip`): the dyndns2 request with `system=noip`, replies per host with the
/// address set, and `w<N>` wait replies.
public struct NoIPProtocol: DDNSProtocol {
    public init() {}
    public let name = "noip"
    public let summary = "No-IP (dynupdate.no-ip.com), dyndns2-style with its own reply words"
    static let defaultServer = "dynupdate.no-ip.com"

    public var options: [OptionSpec] {
        [
            OptionSpec("server", .fqdnWithPort, default: Self.defaultServer, help: "update server"),
            OptionSpec("login", .login, required: true, help: "No-IP user name or email"),
            OptionSpec("password", .password, required: true, help: "No-IP password or DDNS key"),
        ]
    }
    public var groupBy: [String] { ["login", "password", "server", "ssl", "wantipv4", "wantipv6"] }
    public var maxHostsPerRequest: Int { 20 }
    public var example: String { "protocol=noip, login=you@example.com, password='…' host.ddns.net" }

    public func update(_ targets: [UpdateTarget], context: UpdateContext) -> [UpdateResult] {
        guard let first = targets.first?.host else { return [] }
        let server = ProviderSupport.serverName(first, defaultServer: Self.defaultServer)
        let query = URLEncoding.query([
            ("system", "noip"), ("hostname", targets.map(\.name).joined(separator: ",")),
            ("myip", [targets[0].ipv4, targets[0].ipv6].compactMap { $0 }.joined(separator: ",")),
        ])
        let request = HTTPRequest(
            url: ProviderSupport.baseURL(first, defaultServer: Self.defaultServer) + "/nic/update?" + query,
            basicAuth: ProviderSupport.credentials(first))
        let response: HTTPResponse
        switch ProviderSupport.fetch(request, for: targets, server: server, context: context) {
        case .failure(let failed): return failed.results
        case .success(let answer): response = answer
        }
        // No-IP lower-cases nothing itself; ddclient lower-cases the reply before parsing.
        let lowered = String(response.text.lowercased())
        return DynDNS2Protocol.parseReply(
            lowered, targets: targets, server: server, protocolName: name, context: context)
    }
}
