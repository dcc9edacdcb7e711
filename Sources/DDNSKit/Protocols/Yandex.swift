/// Yandex PDD (`protocol=yandex`): find the record's id in the domain's list, then edit its
/// content. One address per host (IPv4 when there is one), as in ddclient; `login` is the
/// domain and `password` the PDD token.
public struct YandexProtocol: DDNSProtocol {
    public init() {}
    public let name = "yandex"
    public let summary = "Yandex PDD DNS (pddimp.yandex.ru); login is the domain, password the PDD token"
    public var example: String { "protocol=yandex, login=example.com, password=pdd-token home.example.com" }
    static let defaultServer = "pddimp.yandex.ru"
    public var options: [OptionSpec] {
        [
            OptionSpec("server", .fqdnWithPort, default: Self.defaultServer, help: "API server"),
            OptionSpec("login", .login, required: true, help: "the domain (example.com)"),
            OptionSpec("password", .password, required: true, help: "PDD token"),
            OptionSpec("min-interval", .delay(minimum: 0), default: "300", help: "least time between updates"),
        ]
    }

    public func update(_ targets: [UpdateTarget], context: UpdateContext) -> [UpdateResult] {
        let singles = targets.map(\.oneFamily)
        return RecordAPIDriver.update(self, singles, context: context)
    }
}

extension YandexProtocol: RecordAPI {
    struct Session: Sendable {
        var base: String
        var domain: String
        var token: HTTPHeader
        var recordID: String
    }

    /// Yandex's JSON, when `success` is "ok"; else its `error`.
    private func call(_ request: HTTPRequest, context: UpdateContext) -> Result<JSONValue, RecordAPIFailure> {
        RecordAPIDriver.send(request, context: context).flatMap { response in
            guard response.isSuccess else {
                return .failure(
                    RecordAPIFailure(
                        status: response.status, "Yandex: \(ProviderSupport.statusProblem(response) ?? "")"))
            }
            guard let json = JSONValue.parse(response.text) else {
                return .failure(
                    RecordAPIFailure(
                        "failed", "Yandex: reply is not JSON: \(ProviderSupport.firstLine(response.text).excerpt(160))")
                )
            }
            guard json["success"]?.string == "ok" else {
                let words = json["error"]?.string ?? "unknown error"
                let refused = ["no_auth", "bad_token", "not_allowed"].contains(words)
                return .failure(
                    RecordAPIFailure(refused ? "badauth" : "failed", "Yandex: \(words)", permanent: refused))
            }
            return .success(json)
        }
    }

    func session(for target: UpdateTarget, context: UpdateContext) -> Result<Session, RecordAPIFailure> {
        let host = target.host
        let domain = host.values["login"] ?? ""
        let base = ProviderSupport.baseURL(host, defaultServer: Self.defaultServer) + "/api2/admin/dns"
        let token = HTTPHeader("PddToken", host.values["password"] ?? "")
        let list = HTTPRequest(url: "\(base)/list?" + URLEncoding.query([("domain", domain)]), headers: [token])
        return call(list, context: context).flatMap { json in
            let record = (json["records"]?.array ?? []).first { $0["fqdn"]?.string?.lowercased() == target.name }
            guard let id = record?["record_id"]?.string else {
                return .failure(
                    RecordAPIFailure(
                        "norecord", "DNS record ID not found for \(target.name) at Yandex", permanent: true))
            }
            return .success(Session(base: base, domain: domain, token: token, recordID: id))
        }
    }

    /// The record was found with the list (its type is not checked, as in ddclient).
    func read(_ type: RecordType, session: Session, target: UpdateTarget, context: UpdateContext) -> Result<
        RecordRead<String>, RecordAPIFailure
    > { .success(.found(session.recordID)) }

    func write(
        _ address: String, type: RecordType, existing: String?, session: Session, target: UpdateTarget,
        context: UpdateContext
    ) -> Result<Void, RecordAPIFailure> {
        let form = URLEncoding.query([
            ("domain", session.domain), ("record_id", session.recordID), ("content", address),
        ])
        let request = HTTPRequest(
            method: .post, url: "\(session.base)/edit", headers: [session.token], body: Array(form.utf8))
        return call(request, context: context).map { _ in () }
    }
}
