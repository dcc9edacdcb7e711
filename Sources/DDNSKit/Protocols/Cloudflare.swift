/// Cloudflare (`protocol=cloudflare`), API v4: find the zone, find the host's A/AAAA record,
/// set its content. Never creates or deletes records. `login=token` (the default) sends the
/// password as an API token; any other login is the account e-mail with a global API key.
public struct CloudflareProtocol: DDNSProtocol {
    public init() {}
    public let name = "cloudflare"
    static let defaultServer = "api.cloudflare.com/client/v4"

    public var options: [OptionSpec] {
        [
            OptionSpec("server", .fqdnWithPort, default: Self.defaultServer, help: "API base"),
            OptionSpec("login", .login, default: "token", help: "'token' for an API token, else the account e-mail"),
            OptionSpec("password", .password, required: true, help: "API token (or global API key)"),
            OptionSpec("zone", .fqdn, required: true, help: "the zone (example.com)"),
            OptionSpec("min-interval", .delay(minimum: 0), default: "300", help: "least time between updates"),
            OptionSpec("ttl", .number(minimum: 1), help: "accepted for ddclient 3.x configs (not sent)"),
        ]
    }
    public var example: String { "protocol=cloudflare, zone=example.com, password=your-api-token home.example.com" }

    func headers(_ host: HostConfig) -> [HTTPHeader] {
        let login = host.values["login"] ?? "token"
        let secret = host.values["password"] ?? ""
        if login == "token" { return [HTTPHeader("Authorization", "Bearer \(secret)")] }
        return [HTTPHeader("X-Auth-Email", login), HTTPHeader("X-Auth-Key", secret)]
    }

    /// Sends a request and returns the JSON reply, or a message in Cloudflare's words.
    func call(_ request: HTTPRequest, context: UpdateContext) -> Result<JSONValue, CloudflareFailure> {
        let response: HTTPResponse
        do { response = try context.http.send(request) } catch { return .failure(CloudflareFailure(message: "\(error)", permanent: false)) }
        guard let json = JSONValue.parse(response.text) else {
            if let problem = ProviderSupport.statusProblem(response) { return .failure(CloudflareFailure(message: "Cloudflare: \(problem)", permanent: response.status == 401 || response.status == 403)) }
            return .failure(CloudflareFailure(message: "Cloudflare sent a reply that is not JSON: \(ProviderSupport.firstLine(response.text))", permanent: false))
        }
        if json["success"]?.bool != true || !response.isSuccess {
            let errors = json["errors"]?.array?.compactMap { $0["message"]?.string }.joined(separator: "; ") ?? ""
            let permanent = response.status == 401 || response.status == 403
            let words = errors.isEmpty ? "request failed (HTTP \(response.status))" : errors
            return .failure(CloudflareFailure(message: "Cloudflare: \(words)\(permanent ? " (check the API token and its permissions)" : "")", permanent: permanent))
        }
        return .success(json)
    }

    struct CloudflareFailure: Error {
        var message: String
        var permanent: Bool
    }

    public func update(_ targets: [UpdateTarget], context: UpdateContext) -> [UpdateResult] {
        targets.map { target in
            let host = target.host
            let base = ProviderSupport.baseURL(host, defaultServer: Self.defaultServer)
            let zone = host.values["zone"] ?? ""
            let auth = headers(host)
            let zoneReply = call(HTTPRequest(url: "\(base)/zones?name=\(URLEncoding.encode(zone))", headers: auth + [HTTPHeader("Content-Type", "application/json")]), context: context)
            let zoneID: String
            switch zoneReply {
            case .failure(let failure):
                return UpdateResult(target: target) { _ in .failed(failure.permanent ? "badauth" : "failed", failure.message, permanent: failure.permanent) }
            case .success(let json):
                guard let id = json["result"]?.array?.first(where: { $0["name"]?.string?.lowercased() == zone })?["id"]?.string else {
                    return UpdateResult(target: target) { _ in .failed("nozone", "zone \(zone) not found at Cloudflare for these credentials", permanent: true) }
                }
                zoneID = id
            }
            func set(_ wanted: String?, type: String) -> FamilyOutcome? {
                guard let wanted else { return nil }
                let lookup = call(HTTPRequest(url: "\(base)/zones/\(zoneID)/dns_records?type=\(type)&name=\(URLEncoding.encode(target.name))", headers: auth + [HTTPHeader("Content-Type", "application/json")]), context: context)
                let record: JSONValue
                switch lookup {
                case .failure(let failure): return .failed("failed", failure.message, permanent: failure.permanent)
                case .success(let json):
                    guard let found = json["result"]?.array?.first(where: { $0["name"]?.string?.lowercased() == target.name }) else {
                        return .failed("norecord", "no '\(type)' record for \(target.name) at Cloudflare; create it first (ddswift never creates records)", permanent: true)
                    }
                    record = found
                }
                guard let recordID = record["id"]?.string else { return .failed("failed", "Cloudflare's record has no id") }
                let body = JSONValue.object([("content", .string(wanted))]).encoded
                switch call(HTTPRequest(method: .patch, url: "\(base)/zones/\(zoneID)/dns_records/\(recordID)", json: body, headers: auth), context: context) {
                case .failure(let failure): return .failed("failed", failure.message, permanent: failure.permanent)
                case .success: return .good(wanted)
                }
            }
            return UpdateResult(host: target.name, ipv4: set(target.ipv4, type: "A"), ipv6: set(target.ipv6, type: "AAAA"))
        }
    }
}

/// Porkbun (`protocol=porkbun`), API v3: read the record by name and type, edit it when the
/// address differs (keeping its TTL and notes).
public struct PorkbunProtocol: DDNSProtocol {
    public init() {}
    public let name = "porkbun"
    static let defaultServer = "api.porkbun.com"

    public var options: [OptionSpec] {
        [
            OptionSpec("server", .fqdnWithPort, default: Self.defaultServer, help: "API server"),
            OptionSpec("apikey", .password, required: true, help: "API key (pk1_…)"),
            OptionSpec("secretapikey", .password, required: true, help: "secret API key (sk1_…)"),
            OptionSpec("root-domain", .fqdn, help: "the registered domain, when the host has several labels"),
            OptionSpec("on-root-domain", .bool, default: "0", help: "the host is the domain itself"),
        ]
    }
    public var unusedCommonOptions: Set<String> { ["login", "password"] }
    public var example: String { "protocol=porkbun, apikey=pk1_…, secretapikey=sk1_… home.example.com" }

    /// (subdomain, domain) per ddclient: root-domain strips it, on-root-domain means apex,
    /// otherwise split at the first dot.
    static func split(_ host: HostConfig) -> (String, String) {
        let name = host.name
        if let root = host.nonEmpty("root-domain") {
            if name == root { return ("", root) }
            if name.hasSuffix("." + root) { return (String(name.dropLast(root.count + 1)), root) }
        }
        if host.bool("on-root-domain") { return ("", name) }
        guard let dot = name.firstIndex(of: ".") else { return ("", name) }
        return (String(name[..<dot]), String(name[name.index(after: dot)...]))
    }

    public func update(_ targets: [UpdateTarget], context: UpdateContext) -> [UpdateResult] {
        targets.map { target in
            let host = target.host
            let base = ProviderSupport.baseURL(host, defaultServer: Self.defaultServer) + "/api/json/v3/dns"
            let (sub, domain) = Self.split(host)
            let keys: [(String, JSONValue)] = [("secretapikey", .string(host.values["secretapikey"] ?? "")), ("apikey", .string(host.values["apikey"] ?? ""))]
            func post(_ url: String, _ body: JSONValue) -> Result<JSONValue, PorkbunFailure> {
                let response: HTTPResponse
                do { response = try context.http.send(HTTPRequest(method: .post, url: url, json: body.encoded)) } catch { return .failure(PorkbunFailure(message: "\(error)", permanent: false)) }
                guard let json = JSONValue.parse(response.text) else {
                    return .failure(PorkbunFailure(message: "Porkbun: \(ProviderSupport.statusProblem(response) ?? "reply is not JSON: \(ProviderSupport.firstLine(response.text))")", permanent: false))
                }
                guard json["status"]?.string == "SUCCESS" else {
                    let message = json["message"]?.string ?? "HTTP \(response.status)"
                    let permanent = message.lowercased().contains("api key") || response.status == 401 || response.status == 403
                    return .failure(PorkbunFailure(message: "Porkbun: \(message)", permanent: permanent))
                }
                return .success(json)
            }
            func set(_ wanted: String?, type: String) -> FamilyOutcome? {
                guard let wanted else { return nil }
                let path = "\(domain)/\(type)" + (sub.isEmpty ? "" : "/\(sub)")
                let record: JSONValue
                switch post("\(base)/retrieveByNameType/\(path)", .object(keys)) {
                case .failure(let failure): return .failed("failed", failure.message, permanent: failure.permanent)
                case .success(let json):
                    guard let records = json["records"]?.array, let first = records.first else {
                        return .failed("norecord", "no '\(type)' record for \(target.name) at Porkbun; create it first", permanent: true)
                    }
                    if records.count > 1 { context.log.warning("Porkbun has \(records.count) '\(type)' records for \(target.name); editing them all", [name, target.name]) }
                    record = first
                }
                if record["content"]?.string == wanted { return .good(wanted, message: "address was already \(wanted)") }
                var body = keys
                body.append(("content", .string(wanted)))
                if let ttl = record["ttl"] { body.append(("ttl", ttl)) }
                if let notes = record["notes"] { body.append(("notes", notes)) }
                switch post("\(base)/editByNameType/\(path)", .object(body)) {
                case .failure(let failure): return .failed("failed", failure.message, permanent: failure.permanent)
                case .success: return .good(wanted)
                }
            }
            return UpdateResult(host: target.name, ipv4: set(target.ipv4, type: "A"), ipv6: set(target.ipv6, type: "AAAA"))
        }
    }

    struct PorkbunFailure: Error {
        var message: String
        var permanent: Bool
    }
}
