/// DynDNS v1 (`protocol=dyndns1`): one host per request, the old `/nic/dyndns` interface.
public struct DynDNS1Protocol: DDNSProtocol {
    public init() {}
    public let name = "dyndns1"
    public let summary = "the original DynDNS protocol (members.dyndns.org/nic/dyndns), one host per request"
    public var example: String { "protocol=dyndns1, login=myname, password=secret home.dyndns.org" }
    static let defaultServer = "members.dyndns.org"

    public var options: [OptionSpec] {
        [
            OptionSpec("server", .fqdnWithPort, default: Self.defaultServer, help: "update server"),
            OptionSpec("login", .login, required: true, help: "account login"),
            OptionSpec("password", .password, required: true, help: "account password"),
            OptionSpec("mx", .fqdn, help: "mail exchanger"),
            OptionSpec("backupmx", .bool, default: "0", help: "mx is a backup mail exchanger"),
            OptionSpec("wildcard", .bool, default: "0", help: "also update *.host"),
            OptionSpec("static", .bool, default: "0", help: "static DNS service (statdns)"),
        ]
    }
    public var forceUpdateIfChanged: [String] { ["static", "wildcard", "mx", "backupmx"] }

    public func update(_ targets: [UpdateTarget], context: UpdateContext) -> [UpdateResult] {
        targets.map { target in
            let host = target.host
            let server = ProviderSupport.serverName(host, defaultServer: Self.defaultServer)
            // A legacy protocol: one address per host, IPv4 when there is one.
            let address = target.ipv4 ?? target.ipv6 ?? ""
            let single = target.oneFamily
            var items: [(String, String)] = [
                ("action", "edit"), ("started", "1"), ("hostname", "YES"), ("host_id", target.name), ("myip", address),
            ]
            if host.bool("wildcard") { items.append(("wildcard", "ON")) }
            if let mx = host.nonEmpty("mx") {
                items.append(("mx", mx))
                items.append(("backmx", host.bool("backupmx") ? "YES" : "NO"))
            }
            let path = host.bool("static") ? "/nic/statdns?" : "/nic/dyndns?"
            let request = HTTPRequest(
                url: ProviderSupport.baseURL(host, defaultServer: Self.defaultServer) + path + URLEncoding.query(items),
                basicAuth: ProviderSupport.credentials(host))
            let response: HTTPResponse
            switch ProviderSupport.fetch(request, for: [single], server: server, context: context) {
            case .failure(let failed): return failed.results[0]
            case .success(let answer): response = answer
            }
            let text = response.text
            let lines = text.split(separator: "\n").map { $0.lowercased() }
            let ok =
                lines.contains { $0.contains("return code:") && $0.contains("noerror") }
                && lines.contains { $0.contains("error code:") && $0.contains("noerror") }
            if ok { return UpdateResult(target: single) { .good($0) } }
            let title = Self.title(in: text) ?? ProviderSupport.firstLine(text)
            return UpdateResult(target: single) { _ in .failed("failed", "\(server) refused the update: \(title)") }
        }
    }

    static func title(in html: String) -> String? {
        let lowered = html.lowercased()
        guard let start = lowered.firstRange(of: "<title>"),
            let end = lowered[start.upperBound...].firstRange(of: "</title>")
        else { return nil }
        let offset = lowered.distance(from: lowered.startIndex, to: start.upperBound)
        let length = lowered.distance(from: start.upperBound, to: end.lowerBound)
        return String(html.dropFirst(offset).prefix(length))
    }
}
