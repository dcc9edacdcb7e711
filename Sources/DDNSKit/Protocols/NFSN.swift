/// NearlyFreeSpeech.NET (`protocol=nfsn`): list the name's records, remove the old one, add
/// the new one; every request signed with the X-NFSN-Authentication header. One address per
/// host, as in ddclient (which always wrote an A record; ddswift writes AAAA for IPv6).
public struct NFSNProtocol: DDNSProtocol {
    public init() {}
    public let name = "nfsn"
    public let summary = "NearlyFreeSpeech.NET DNS API (api.nearlyfreespeech.net), requests signed with the API key"
    public var example: String { "protocol=nfsn, login=member, password=api-key, zone=example.com home.example.com" }
    static let defaultServer = "api.nearlyfreespeech.net"
    public var options: [OptionSpec] {
        [
            OptionSpec("server", .fqdnWithPort, default: Self.defaultServer, help: "API server"),
            OptionSpec("login", .login, required: true, help: "member login"),
            OptionSpec("password", .password, required: true, help: "API key"),
            OptionSpec("zone", .fqdn, required: true, help: "the zone (example.com)"),
            OptionSpec("ttl", .number(minimum: 0), default: "300", help: "record TTL"),
            OptionSpec("min-interval", .delay(minimum: 300), default: "300", help: "least time between updates"),
        ]
    }

    public func update(_ targets: [UpdateTarget], context: UpdateContext) -> [UpdateResult] {
        let singles = targets.map(\.oneFamily)
        return RecordAPIDriver.update(self, singles, context: context)
    }

    /// `login;time;salt;sha1_hex("login;time;salt;apikey;path;" + sha1_hex(body))`.
    static func signature(login: String, time: Int, salt: String, apiKey: String, path: String, body: String) -> String
    {
        let bodyHash = Digest.hex(Digest.hash("sha1", Array(body.utf8)) ?? [])
        let check = Digest.hex(
            Digest.hash("sha1", Array("\(login);\(time);\(salt);\(apiKey);\(path);\(bodyHash)".utf8)) ?? [])
        return "\(login);\(time);\(salt);\(check)"
    }
}

extension NFSNProtocol: RecordAPI {
    struct Session: Sendable {
        var base: String
        /// `/dns/<zone>`.
        var path: String
        var name: String
        var login: String
        var apiKey: String
    }

    func session(for target: UpdateTarget, context: UpdateContext) -> Result<Session, RecordAPIFailure> {
        let host = target.host
        let zone = host.values["zone"] ?? ""
        guard target.name == zone || target.name.hasSuffix("." + zone) else {
            return .failure(RecordAPIFailure("nozone", "\(target.name) is outside zone \(zone)", permanent: true))
        }
        return .success(
            Session(
                base: ProviderSupport.baseURL(host, defaultServer: Self.defaultServer), path: "/dns/\(zone)",
                name: target.name == zone ? "" : String(target.name.dropLast(zone.count + 1)),
                login: host.values["login"] ?? "", apiKey: host.values["password"] ?? ""))
    }

    /// A signed POST of a form; the reply's body, or NFSN's `error` in its words.
    private func post(
        _ action: String, _ form: [(String, String)], session: Session, context: UpdateContext
    ) -> Result<String, RecordAPIFailure> {
        let path = "\(session.path)/\(action)"
        let body = URLEncoding.query(form, keeping: [])
        let salt = String(
            (0..<16).map { _ in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".randomElement()! })
        let auth = Self.signature(
            login: session.login, time: context.now(), salt: salt, apiKey: session.apiKey, path: path, body: body)
        let request = HTTPRequest(
            method: .post, url: session.base + path, headers: [HTTPHeader("X-NFSN-Authentication", auth)],
            body: Array(body.utf8))
        return RecordAPIDriver.send(request, context: context).flatMap { response in
            guard response.isSuccess else {
                let words =
                    JSONValue.parse(response.text)?["error"]?.string
                    ?? "invalid error response: \(ProviderSupport.firstLine(response.text).excerpt(120))"
                return .failure(RecordAPIFailure(status: response.status, "NFSN: \(words)"))
            }
            return .success(response.text)
        }
    }

    /// The record's current data, from `listRRs`.
    func read(_ type: RecordType, session: Session, target: UpdateTarget, context: UpdateContext) -> Result<
        RecordRead<String>, RecordAPIFailure
    > {
        post("listRRs", [("name", session.name), ("type", type.rawValue)], session: session, context: context).flatMap {
            text in
            guard let list = JSONValue.parse(text)?.array else {
                return .failure(RecordAPIFailure("failed", "NFSN: JSON decoding failure"))
            }
            guard let data = list.first?["data"]?.string else { return .success(.missing) }
            return .success(.found(data))
        }
    }

    // ddclient removes and adds whatever the record holds; so does ddswift (the same requests);
    // isCurrent keeps the driver's default (never current).

    func write(
        _ address: String, type: RecordType, existing: String?, session: Session, target: UpdateTarget,
        context: UpdateContext
    ) -> Result<Void, RecordAPIFailure> {
        if let old = existing,
            case .failure(let failure) = post(
                "removeRR", [("name", session.name), ("type", type.rawValue), ("data", old)], session: session,
                context: context)
        {
            return .failure(failure)
        }
        let form = [
            ("name", session.name), ("type", type.rawValue), ("data", address),
            ("ttl", String(target.host.integer("ttl"))),
        ]
        return post("addRR", form, session: session, context: context).map { _ in () }
    }
}
