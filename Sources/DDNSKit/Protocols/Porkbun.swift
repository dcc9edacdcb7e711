/// Porkbun (`protocol=porkbun`), API v3: read the record by name and type, edit it when the
/// address differs (keeping its TTL and notes).
public struct PorkbunProtocol: DDNSProtocol {
    public var acceptsWildcardName: Bool { true }
    public init() {}
    public let name = "porkbun"
    public let summary = "Porkbun DNS records through the v3 API (API key and secret)"
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
            let keys: [(String, JSONValue)] = [
                ("secretapikey", .string(host.values["secretapikey"] ?? "")),
                ("apikey", .string(host.values["apikey"] ?? "")),
            ]
            func post(_ url: String, _ body: JSONValue) -> Result<JSONValue, PorkbunFailure> {
                let response: HTTPResponse
                do { response = try context.http.send(HTTPRequest(method: .post, url: url, json: body.encoded)) } catch
                {
                    return .failure(
                        PorkbunFailure(
                            message: "\(error)", permanent: false, token: ProviderSupport.transportToken(error)))
                }
                guard let json = JSONValue.parse(response.text) else {
                    return .failure(
                        PorkbunFailure(
                            message:
                                "Porkbun: \(ProviderSupport.statusProblem(response) ?? "reply is not JSON: \(ProviderSupport.firstLine(response.text))")",
                            permanent: false))
                }
                guard json["status"]?.string == "SUCCESS" else {
                    let message = json["message"]?.string ?? "HTTP \(response.status)"
                    let permanent =
                        message.lowercased().contains("api key") || response.status == 401 || response.status == 403
                    return .failure(
                        PorkbunFailure(
                            message: "Porkbun: \(message)", permanent: permanent,
                            token: permanent ? "badauth" : "failed"))
                }
                return .success(json)
            }
            func set(_ wanted: String?, type: String) -> FamilyOutcome? {
                guard let wanted else { return nil }
                let path = "\(domain)/\(type)" + (sub.isEmpty ? "" : "/\(sub)")
                let record: JSONValue
                switch post("\(base)/retrieveByNameType/\(path)", .object(keys)) {
                case .failure(let failure): return .failed(failure.token, failure.message, permanent: failure.permanent)
                case .success(let json):
                    guard let records = json["records"]?.array, let first = records.first else {
                        return .failed(
                            "norecord", "no '\(type)' record for \(target.name) at Porkbun; create it first",
                            permanent: true)
                    }
                    if records.count > 1 {
                        context.log.warning(
                            "Porkbun has \(records.count) '\(type)' records for \(target.name); editing them all",
                            [name, target.name])
                    }
                    record = first
                }
                if record["content"]?.string == wanted {
                    return .good(wanted, message: "address was already \(wanted)")
                }
                var body = keys
                body.append(("content", .string(wanted)))
                if let ttl = record["ttl"] { body.append(("ttl", ttl)) }
                if let notes = record["notes"] { body.append(("notes", notes)) }
                switch post("\(base)/editByNameType/\(path)", .object(body)) {
                case .failure(let failure): return .failed(failure.token, failure.message, permanent: failure.permanent)
                case .success: return .good(wanted)
                }
            }
            return UpdateResult(
                host: target.name, ipv4: set(target.ipv4, type: "A"), ipv6: set(target.ipv6, type: "AAAA"))
        }
    }

    struct PorkbunFailure: Error {
        var message: String
        var permanent: Bool
        /// The cache token when not a refusal (`interrupted` after a stop signal).
        var token = "failed"
    }
}
