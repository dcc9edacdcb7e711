/// FreeDNS (afraid.org, `protocol=freedns`): list the account's records (API v2, SHA-1 of
/// `login|password`), then call each record's update URL when its address differs.
public struct FreeDNSProtocol: DDNSProtocol {
    public init() {}
    public let name = "freedns"
    public let summary = "FreeDNS (freedns.afraid.org), the account's update URLs, one per host and family"
    public var example: String { "protocol=freedns, login=myname, password=secret home.mooo.com" }
    static let defaultServer = "freedns.afraid.org"

    public var options: [OptionSpec] {
        [
            OptionSpec("server", .fqdnWithPort, default: Self.defaultServer, help: "API server"),
            OptionSpec("login", .login, required: true, help: "FreeDNS user name"),
            OptionSpec("password", .password, required: true, help: "FreeDNS password"),
            OptionSpec("min-interval", .delay(minimum: 300), default: "300", help: "least time between updates"),
        ]
    }

    /// Hosts of one account share the record list: fetched once per account and run, as
    /// ddclient does (the engine groups them; each host still gets its own update URL call).
    public var groupBy: [String] { ["login", "password", "server", "ssl"] }
    public var maxHostsPerRequest: Int { 1000 }

    public func update(_ targets: [UpdateTarget], context: UpdateContext) -> [UpdateResult] {
        guard let host = targets.first?.host else { return [] }
        let server = ProviderSupport.serverName(host, defaultServer: Self.defaultServer)
        let credentials = "\(host.values["login"] ?? "")|\(host.values["password"] ?? "")"
        guard let sha = Digest.hash("sha1", Array(credentials.utf8)).map(Digest.hex) else {
            return ProviderSupport.failAll(targets, status: "failed", message: "SHA-1 is not available from libcrypto")
        }
        context.log.register(secret: sha)
        let listURL =
            ProviderSupport.baseURL(host, defaultServer: Self.defaultServer) + "/api/?action=getdyndns&v=2&sha=\(sha)"
        let list: HTTPResponse
        switch ProviderSupport.fetch(HTTPRequest(url: listURL), for: targets, server: server, context: context) {
        case .failure(let failed): return failed.results
        case .success(let answer): list = answer
        }
        if list.text.lowercased().contains("could not authenticate") {
            return ProviderSupport.failAll(
                targets, status: "badauth", message: "login or password refused by \(server)", permanent: true)
        }
        var records: [(name: String, address: String, url: String)] = []
        for line in list.text.split(separator: "\n") {
            let fields = line.split(separator: "|", maxSplits: 2, omittingEmptySubsequences: false)
            if fields.count == 3 {
                records.append((String(fields[0]).lowercased(), String(fields[1]), String(fields[2])))
            }
        }
        return targets.map { target in
            func updateFamily(_ wanted: String?, _ family: AddressFamily) -> FamilyOutcome? {
                guard let wanted else { return nil }
                let type = family == .ipv4 ? "A" : "AAAA"
                guard
                    let record = records.first(where: {
                        $0.name == target.name && $0.address.contains(":") == (family == .ipv6)
                    })
                else {
                    return .failed(
                        "failed", "no '\(type)' record for \(target.name) at FreeDNS; create it there first",
                        permanent: true)
                }
                if record.address == wanted { return .good(wanted, message: "address was already \(wanted)") }
                guard record.url.hasPrefix("http://") || record.url.hasPrefix("https://") else {
                    return .failed("failed", "FreeDNS gave no update URL for \(target.name)")
                }
                let separator = record.url.contains("?") ? "&" : "?"
                do {
                    let reply = try context.http.send(
                        HTTPRequest(url: record.url + separator + "address=" + URLEncoding.encode(wanted)))
                    let text = reply.text
                    if text.contains("Updated") && text.contains(target.name)
                        || text.lowercased().contains("has not changed")
                    {
                        return .good(wanted)
                    }
                    return .failed("failed", "FreeDNS did not confirm the update: \(ProviderSupport.firstLine(text))")
                } catch {
                    return ProviderSupport.transportOutcome(error)
                }
            }
            return UpdateResult(
                host: target.name, ipv4: updateFamily(target.ipv4, .ipv4), ipv6: updateFamily(target.ipv6, .ipv6))
        }
    }
}
