/// No-IP (`protocol=noip`): the dyndns2 request with `system=noip`, replies per host with the
/// address set, and `w<N>` wait replies.
public struct NoIPProtocol: DDNSProtocol {
    public init() {}
    public let name = "noip"
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
        let request = HTTPRequest(url: ProviderSupport.baseURL(first, defaultServer: Self.defaultServer) + "/nic/update?" + query, basicAuth: ProviderSupport.credentials(first))
        let response: HTTPResponse
        do { response = try context.http.send(request) } catch { return ProviderSupport.transportFailure(targets, error) }
        if let problem = ProviderSupport.statusProblem(response) {
            let permanent = response.status == 401 || response.status == 403
            return ProviderSupport.failAll(targets, status: permanent ? "badauth" : "failed", message: "\(server): \(problem)", permanent: permanent)
        }
        // No-IP lower-cases nothing itself; ddclient lower-cases the reply before parsing.
        let lowered = String(response.text.lowercased())
        return DynDNS2Protocol.parseReply(lowered, targets: targets, server: server, protocolName: name, context: context)
    }
}

/// DynDNS v1 (`protocol=dyndns1`): one host per request, the old `/nic/dyndns` interface.
public struct DynDNS1Protocol: DDNSProtocol {
    public init() {}
    public let name = "dyndns1"
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
            let single = UpdateTarget(host: host, ipv4: target.ipv4, ipv6: target.ipv4 == nil ? target.ipv6 : nil)
            var items: [(String, String)] = [("action", "edit"), ("started", "1"), ("hostname", "YES"), ("host_id", target.name), ("myip", address)]
            if host.bool("wildcard") { items.append(("wildcard", "ON")) }
            if let mx = host.nonEmpty("mx") {
                items.append(("mx", mx))
                items.append(("backmx", host.bool("backupmx") ? "YES" : "NO"))
            }
            let path = host.bool("static") ? "/nic/statdns?" : "/nic/dyndns?"
            let request = HTTPRequest(url: ProviderSupport.baseURL(host, defaultServer: Self.defaultServer) + path + URLEncoding.query(items), basicAuth: ProviderSupport.credentials(host))
            let response: HTTPResponse
            do { response = try context.http.send(request) } catch { return ProviderSupport.transportFailure([single], error)[0] }
            if let problem = ProviderSupport.statusProblem(response) {
                return ProviderSupport.failAll([single], status: "failed", message: "\(server): \(problem)", permanent: response.status == 401)[0]
            }
            let text = response.text
            let lines = text.split(separator: "\n").map { $0.lowercased() }
            let ok = lines.contains { $0.contains("return code:") && $0.contains("noerror") } && lines.contains { $0.contains("error code:") && $0.contains("noerror") }
            if ok { return UpdateResult(target: single) { .good($0) } }
            let title = Self.title(in: text) ?? ProviderSupport.firstLine(text)
            return UpdateResult(target: single) { _ in .failed("failed", "\(server) refused the update: \(title)") }
        }
    }

    static func title(in html: String) -> String? {
        let lowered = html.lowercased()
        guard let start = lowered.firstRange(of: "<title>"), let end = lowered[start.upperBound...].firstRange(of: "</title>") else { return nil }
        let offset = lowered.distance(from: lowered.startIndex, to: start.upperBound)
        let length = lowered.distance(from: start.upperBound, to: end.lowerBound)
        return String(html.dropFirst(offset).prefix(length))
    }
}

/// Duck DNS (`protocol=duckdns`): `GET /update?domains=a,b&token=…&ip=…&ipv6=…`, reply `OK`/`KO`.
public struct DuckDNSProtocol: DDNSProtocol {
    public init() {}
    public let name = "duckdns"
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
        var items: [(String, String)] = [("domains", targets.map(\.name).joined(separator: ",")), ("token", first.values["password"] ?? "")]
        if let v4 = targets[0].ipv4 { items.append(("ip", v4)) }
        if let v6 = targets[0].ipv6 { items.append(("ipv6", v6)) }
        let request = HTTPRequest(url: ProviderSupport.baseURL(first, defaultServer: Self.defaultServer) + "/update?" + URLEncoding.query(items))
        let response: HTTPResponse
        do { response = try context.http.send(request) } catch { return ProviderSupport.transportFailure(targets, error) }
        if let problem = ProviderSupport.statusProblem(response) {
            return ProviderSupport.failAll(targets, status: "failed", message: "\(server): \(problem)")
        }
        let body = response.text.trimmingSuffix(while: \.isWhitespace).drop(while: \.isWhitespace)
        if body == "OK" || body.hasPrefix("OK\n") { return targets.map { UpdateResult(target: $0) { .good($0) } } }
        if body.hasPrefix("KO") {
            return ProviderSupport.failAll(targets, status: "KO", message: "\(server) answered KO: the token or a domain name is wrong (Duck DNS gives no detail)", permanent: true)
        }
        return ProviderSupport.failAll(targets, status: "failed", message: "unexpected reply from \(server): \(ProviderSupport.firstLine(String(body)))")
    }
}

/// Namecheap dynamic DNS (`protocol=namecheap`): `login` is the domain, `password` the
/// dynamic DNS password; one host per request; IPv4.
public struct NamecheapProtocol: DDNSProtocol {
    public init() {}
    public let name = "namecheap"
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
            let single = UpdateTarget(host: host, ipv4: target.ipv4, ipv6: target.ipv4 == nil ? target.ipv6 : nil)
            // The domain is removed literally (ddclient uses it as a regular expression).
            var sub = target.name
            if sub == domain { sub = "@" } else if sub.hasSuffix("." + domain) { sub = String(sub.dropLast(domain.count + 1)) }
            let items = [("host", sub), ("domain", domain), ("password", host.values["password"] ?? ""), ("ip", single.ipv4 ?? single.ipv6 ?? "")]
            let request = HTTPRequest(url: ProviderSupport.baseURL(host, defaultServer: Self.defaultServer) + "/update?" + URLEncoding.query(items, keeping: [":"]))
            let response: HTTPResponse
            do { response = try context.http.send(request) } catch { return ProviderSupport.transportFailure([single], error)[0] }
            if let problem = ProviderSupport.statusProblem(response) {
                return ProviderSupport.failAll([single], status: "failed", message: "\(server): \(problem)")[0]
            }
            let text = response.text
            if text.contains("<ErrCount>0") { return UpdateResult(target: single) { .good($0) } }
            let error = Self.element("Err1", in: text) ?? ProviderSupport.firstLine(text)
            let permanent = error.lowercased().contains("password") || error.lowercased().contains("domain name not found")
            return UpdateResult(target: single) { _ in .failed("failed", "\(server) refused the update: \(error)", permanent: permanent) }
        }
    }

    static func element(_ name: String, in text: String) -> String? {
        guard let start = text.firstRange(of: "<\(name)>"), let end = text[start.upperBound...].firstRange(of: "</\(name)>") else { return nil }
        return String(text[start.upperBound..<end.lowerBound])
    }
}

/// FreeDNS (afraid.org, `protocol=freedns`): list the account's records (API v2, SHA-1 of
/// `login|password`), then call each record's update URL when its address differs.
public struct FreeDNSProtocol: DDNSProtocol {
    public init() {}
    public let name = "freedns"
    static let defaultServer = "freedns.afraid.org"

    public var options: [OptionSpec] {
        [
            OptionSpec("server", .fqdnWithPort, default: Self.defaultServer, help: "API server"),
            OptionSpec("login", .login, required: true, help: "FreeDNS user name"),
            OptionSpec("password", .password, required: true, help: "FreeDNS password"),
            OptionSpec("min-interval", .delay(minimum: 300), default: "300", help: "least time between updates"),
        ]
    }

    public func update(_ targets: [UpdateTarget], context: UpdateContext) -> [UpdateResult] {
        targets.map { target in
            let host = target.host
            let server = ProviderSupport.serverName(host, defaultServer: Self.defaultServer)
            let credentials = "\(host.values["login"] ?? "")|\(host.values["password"] ?? "")"
            guard let sha = Digest.hash("sha1", Array(credentials.utf8)).map(Digest.hex) else {
                return ProviderSupport.failAll([target], status: "failed", message: "SHA-1 is not available from libcrypto")[0]
            }
            context.log.register(secret: sha)
            let listURL = ProviderSupport.baseURL(host, defaultServer: Self.defaultServer) + "/api/?action=getdyndns&v=2&sha=\(sha)"
            let list: HTTPResponse
            do { list = try context.http.send(HTTPRequest(url: listURL)) } catch { return ProviderSupport.transportFailure([target], error)[0] }
            if let problem = ProviderSupport.statusProblem(list) {
                return ProviderSupport.failAll([target], status: "failed", message: "\(server): \(problem)")[0]
            }
            if list.text.lowercased().contains("could not authenticate") {
                return ProviderSupport.failAll([target], status: "badauth", message: "login or password refused by \(server)", permanent: true)[0]
            }
            var records: [(name: String, address: String, url: String)] = []
            for line in list.text.split(separator: "\n") {
                let fields = line.split(separator: "|", maxSplits: 2, omittingEmptySubsequences: false)
                if fields.count == 3 { records.append((String(fields[0]).lowercased(), String(fields[1]), String(fields[2]))) }
            }
            func updateFamily(_ wanted: String?, _ family: AddressFamily) -> FamilyOutcome? {
                guard let wanted else { return nil }
                let type = family == .ipv4 ? "A" : "AAAA"
                guard let record = records.first(where: { $0.name == target.name && $0.address.contains(":") == (family == .ipv6) }) else {
                    return .failed("failed", "no '\(type)' record for \(target.name) at FreeDNS; create it there first", permanent: true)
                }
                if record.address == wanted { return .good(wanted, message: "address was already \(wanted)") }
                guard record.url.hasPrefix("http://") || record.url.hasPrefix("https://") else {
                    return .failed("failed", "FreeDNS gave no update URL for \(target.name)")
                }
                let separator = record.url.contains("?") ? "&" : "?"
                do {
                    let reply = try context.http.send(HTTPRequest(url: record.url + separator + "address=" + URLEncoding.encode(wanted)))
                    let text = reply.text
                    if text.contains("Updated") && text.contains(target.name) || text.lowercased().contains("has not changed") { return .good(wanted) }
                    return .failed("failed", "FreeDNS did not confirm the update: \(ProviderSupport.firstLine(text))")
                } catch {
                    return .failed("failed", error.description)
                }
            }
            return UpdateResult(host: target.name, ipv4: updateFamily(target.ipv4, .ipv4), ipv6: updateFamily(target.ipv6, .ipv6))
        }
    }
}
