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
        RecordAPIDriver.update(self, targets, context: context)
    }
}

extension PorkbunProtocol: RecordAPI {
    struct Session: Sendable {
        /// `…/api/json/v3/dns`.
        var base: String
        var sub: String
        var domain: String
        var keys: [(String, JSONValue)]
    }

    func session(for target: UpdateTarget, context: UpdateContext) -> Result<Session, RecordAPIFailure> {
        let host = target.host
        let (sub, domain) = Self.split(host)
        let keys: [(String, JSONValue)] = [
            ("secretapikey", .string(host.values["secretapikey"] ?? "")),
            ("apikey", .string(host.values["apikey"] ?? "")),
        ]
        return .success(
            Session(
                base: ProviderSupport.baseURL(host, defaultServer: Self.defaultServer) + "/api/json/v3/dns", sub: sub,
                domain: domain, keys: keys))
    }

    /// `<domain>/<type>/<subdomain>`; for the root, `<domain>/<type>/` as ddclient sends it.
    private func path(_ type: RecordType, _ session: Session) -> String {
        "\(session.domain)/\(type.rawValue)/\(session.sub)"
    }

    /// Porkbun answers `{"status":"SUCCESS",…}`; any other status is a failure in its words.
    private func post(_ url: String, _ body: JSONValue, context: UpdateContext) -> Result<JSONValue, RecordAPIFailure> {
        RecordAPIDriver.send(HTTPRequest(method: .post, url: url, json: body.encoded), context: context).flatMap {
            response in
            guard let json = JSONValue.parse(response.text) else {
                let words =
                    ProviderSupport.statusProblem(response)
                    ?? "reply is not JSON: \(ProviderSupport.firstLine(response.text))"
                return .failure(RecordAPIFailure("failed", "Porkbun: \(words)"))
            }
            guard json["status"]?.string == "SUCCESS" else {
                let message = json["message"]?.string ?? "HTTP \(response.status)"
                let permanent =
                    message.lowercased().contains("api key") || response.status == 401 || response.status == 403
                return .failure(
                    RecordAPIFailure(permanent ? "badauth" : "failed", "Porkbun: \(message)", permanent: permanent))
            }
            return .success(json)
        }
    }

    func read(_ type: RecordType, session: Session, target: UpdateTarget, context: UpdateContext) -> Result<
        RecordRead<JSONValue>, RecordAPIFailure
    > {
        post("\(session.base)/retrieveByNameType/\(path(type, session))", .object(session.keys), context: context).map {
            json in
            guard let records = json["records"]?.array, let first = records.first else { return .missing }
            if records.count > 1 {
                context.log.warning(
                    "Porkbun has \(records.count) '\(type.rawValue)' records for \(target.name); editing them all",
                    [name, target.name])
            }
            return .found(first)
        }
    }

    func isCurrent(_ record: JSONValue, address: String, session: Session) -> Bool {
        record["content"]?.string == address
    }

    func missing(_ type: RecordType, target: UpdateTarget) -> RecordAPIFailure? {
        RecordAPIFailure(
            "norecord", "no '\(type.rawValue)' record for \(target.name) at Porkbun; create it first", permanent: true)
    }

    /// The edit keeps the record's TTL and notes.
    func write(
        _ address: String, type: RecordType, existing: JSONValue?, session: Session, target: UpdateTarget,
        context: UpdateContext
    ) -> Result<Void, RecordAPIFailure> {
        var body = session.keys
        body.append(("content", .string(address)))
        if let ttl = existing?["ttl"] { body.append(("ttl", ttl)) }
        if let notes = existing?["notes"] { body.append(("notes", notes)) }
        return post("\(session.base)/editByNameType/\(path(type, session))", .object(body), context: context).map { _ in
            ()
        }
    }
}
