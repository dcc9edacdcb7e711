/// INWX (`protocol=inwx`): the account is bound to one host, so no host name is sent; the
/// last status line applies to every host of the group.
public struct INWXProtocol: DDNSProtocol {
    public init() {}
    public let name = "inwx"
    public let summary = "INWX DynDNS accounts (dyndns.inwx.com), one account per host, both families"
    public var example: String { "protocol=inwx, login=dyndns-account, password=secret home.example.com" }
    static let defaultServer = "dyndns.inwx.com"
    public var options: [OptionSpec] {
        [
            OptionSpec("server", .fqdnWithPort, default: Self.defaultServer, help: "update server"),
            OptionSpec("login", .login, required: true, help: "DynDNS account login"),
            OptionSpec("password", .password, required: true, help: "DynDNS account password"),
            OptionSpec("script", .string, default: "/nic/update", help: "update path"),
        ]
    }
    public var groupBy: [String] { ["login", "password", "server", "script", "ssl", "wantipv4", "wantipv6"] }
    public var maxHostsPerRequest: Int { 20 }

    public func update(_ targets: [UpdateTarget], context: UpdateContext) -> [UpdateResult] {
        guard let first = targets.first?.host else { return [] }
        let server = ProviderSupport.serverName(first, defaultServer: Self.defaultServer)
        var items: [(String, String)] = []
        if let v4 = targets[0].ipv4 { items.append(("myip", v4)) }
        if let v6 = targets[0].ipv6 { items.append(("myipv6", v6)) }
        let script = first.nonEmpty("script") ?? "/nic/update"
        let url =
            ProviderSupport.baseURL(first, defaultServer: Self.defaultServer) + script + "?" + URLEncoding.query(items)
        switch ProviderSupport.fetch(
            HTTPRequest(url: url, basicAuth: ProviderSupport.credentials(first)), for: targets, server: server,
            context: context)
        {
        case .failure(let failed): return failed.results
        case .success(let response):
            let last = response.text.split(separator: "\n").last.map(String.init) ?? ""
            return targets.map { target in
                UpdateResult(target: target) { address in
                    DynDNSStyleRequest.dyndnsStatus(last, address: address, server: server)
                }
            }
        }
    }
}
