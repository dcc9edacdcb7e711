/// Dynu (`protocol=dynu`): one request per host with both addresses; `zone` sends the host as
/// an alias of the zone.
public struct DynuProtocol: DDNSProtocol {
    public init() {}
    public let name = "dynu"
    public let summary = "Dynu dynamic DNS (api.dynu.com), both families in one request, optional zone alias"
    public var example: String { "protocol=dynu, login=myname, password=secret home.dynu.net" }
    static let defaultServer = "api.dynu.com"
    public var options: [OptionSpec] {
        [
            OptionSpec("server", .fqdnWithPort, default: Self.defaultServer, help: "update server"),
            OptionSpec("login", .login, required: true, help: "Dynu user name"),
            OptionSpec("password", .password, required: true, help: "Dynu password (or its MD5/SHA-256)"),
            OptionSpec("zone", .string, help: "the zone, when the host is an alias in it"),
        ]
    }

    public func update(_ targets: [UpdateTarget], context: UpdateContext) -> [UpdateResult] {
        targets.map { target in
            let host = target.host
            let server = ProviderSupport.serverName(host, defaultServer: Self.defaultServer)
            var items: [(String, String)] = []
            if let zone = host.nonEmpty("zone"), target.name != zone {
                // ddclient: a host outside the zone is not sent.
                guard target.name.hasSuffix("." + zone) else {
                    return UpdateResult(target: target) { _ in
                        .failed(.unknownHost, token: "nozone", "\(target.name) does not end with the zone \(zone)")
                    }
                }
                items.append(("hostname", zone))
                items.append(("alias", String(target.name.dropLast(zone.count + 1))))
            } else {
                items.append(("hostname", target.name))
            }
            items.append(("myip", target.ipv4 ?? "no"))
            if let v6 = target.ipv6 { items.append(("myipv6", v6)) }
            let url =
                ProviderSupport.baseURL(host, defaultServer: Self.defaultServer) + "/nic/update?"
                + URLEncoding.query(items)
            let address = target.ipv4 ?? target.ipv6 ?? ""
            let outcome = DynDNSStyleRequest.send(
                url: url, basicAuth: ProviderSupport.credentials(host), target: target, address: address,
                server: server, context: context
            ) {
                DynDNSStyleRequest.dyndnsStatus($0, address: address, server: server)
            }
            return UpdateResult(target: target) { wanted in
                outcome.isSuccess
                    ? .good(wanted, message: outcome.message.hasPrefix("address") ? nil : outcome.message) : outcome
            }
        }
    }
}
