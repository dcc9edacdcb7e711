/// netcup (`protocol=netcup`), the CCP JSON-RPC API: log in once per host, read the zone's
/// records and update (or add) the host's A/AAAA record per family, log out.
public struct NetcupProtocol: DDNSProtocol {
    public var acceptsWildcardName: Bool { true }
    public init() {}
    public let name = "netcup"
    public let summary = "netcup DNS through the CCP JSON-RPC API (customer number, API key and API password)"
    public var example: String {
        "protocol=netcup, login=12345, apikey=api-key, password=api-password, zone=example.com home.example.com"
    }
    static let defaultServer = "ccp.netcup.net"
    public var options: [OptionSpec] {
        [
            OptionSpec("server", .fqdnWithPort, default: Self.defaultServer, help: "API server"),
            OptionSpec("login", .login, required: true, help: "customer number"),
            OptionSpec("password", .password, required: true, help: "API password"),
            OptionSpec("apikey", .password, required: true, help: "API key"),
            OptionSpec("zone", .fqdn, required: true, help: "the zone (example.com)"),
        ]
    }

    public func update(_ targets: [UpdateTarget], context: UpdateContext) -> [UpdateResult] {
        RecordAPIDriver.update(self, targets, context: context)
    }
}

extension NetcupProtocol: RecordAPI {
    struct Session: Sendable {
        var endpoint: String
        var customer: String
        var apikey: String
        var sessionID: String
        var zone: String
        /// The record's name in the zone (`@` for the apex).
        var name: String
    }

    /// One JSON-RPC call: `responsedata`, or netcup's own words.
    private func call(
        _ action: String, _ param: [(String, JSONValue)], endpoint: String, context: UpdateContext
    ) -> Result<JSONValue, RecordAPIFailure> {
        let body = JSONValue.object([("action", .string(action)), ("param", .object(param))])
        let request = HTTPRequest(
            method: .post, url: endpoint, json: body.encoded, headers: [HTTPHeader("Accept", "application/json")])
        return RecordAPIDriver.send(request, context: context).flatMap { response in
            guard response.isSuccess else {
                return .failure(RecordAPIFailure("failed", "netcup: API HTTP error \(response.status)"))
            }
            guard let json = JSONValue.parse(response.text) else {
                return .failure(
                    RecordAPIFailure(
                        "failed",
                        "netcup: unexpected API response: \(ProviderSupport.firstLine(response.text).excerpt(160))"))
            }
            guard json["status"]?.string == "success" else {
                let words = json["longmessage"]?.string ?? json["shortmessage"]?.string ?? "unknown error"
                let refused = action == "login"
                return .failure(
                    RecordAPIFailure(refused ? "badauth" : "failed", "netcup: API error: \(words)", permanent: refused))
            }
            return .success(json["responsedata"] ?? .null)
        }
    }

    private func param(_ session: Session, _ extra: [(String, JSONValue)]) -> [(String, JSONValue)] {
        [("customernumber", .string(session.customer)), ("apikey", .string(session.apikey))] + extra + [
            ("apisessionid", .string(session.sessionID))
        ]
    }

    func session(for target: UpdateTarget, context: UpdateContext) -> Result<Session, RecordAPIFailure> {
        let host = target.host
        let zone = host.values["zone"] ?? ""
        guard target.name == zone || target.name.hasSuffix("." + zone) else {
            return .failure(
                RecordAPIFailure(
                    "nozone", "hostname '\(target.name)' does not end with zone '\(zone)'", permanent: true))
        }
        let name = target.name == zone ? "@" : String(target.name.dropLast(zone.count + 1))
        let endpoint =
            ProviderSupport.baseURL(host, defaultServer: Self.defaultServer) + "/run/webservice/servers/endpoint.php"
        let customer = host.values["login"] ?? ""
        let apikey = host.values["apikey"] ?? ""
        let login: [(String, JSONValue)] = [
            ("customernumber", .string(customer)), ("apikey", .string(apikey)),
            ("apipassword", .string(host.values["password"] ?? "")),
        ]
        return call("login", login, endpoint: endpoint, context: context).flatMap { data in
            guard let id = data["apisessionid"]?.string else {
                return .failure(RecordAPIFailure("failed", "netcup login did not return apisessionid"))
            }
            context.log.register(secret: id)
            return .success(
                Session(endpoint: endpoint, customer: customer, apikey: apikey, sessionID: id, zone: zone, name: name))
        }
    }

    /// The record's id when the zone has one of this name and type.
    func read(_ type: RecordType, session: Session, target: UpdateTarget, context: UpdateContext) -> Result<
        RecordRead<String?>, RecordAPIFailure
    > {
        call(
            "infoDnsRecords", param(session, [("domainname", .string(session.zone))]), endpoint: session.endpoint,
            context: context
        )
        .map { data in
            let found = (data["dnsrecords"]?.array ?? []).first {
                $0["hostname"]?.string == session.name && $0["type"]?.string == type.rawValue
            }
            return found.map { .found($0["id"]?.string) } ?? .missing
        }
    }

    // ddclient sends the update whatever the record holds; so does ddswift (the same requests);
    // isCurrent keeps the driver's default (never current).

    func write(
        _ address: String, type: RecordType, existing: String??, session: Session, target: UpdateTarget,
        context: UpdateContext
    ) -> Result<Void, RecordAPIFailure> {
        var record: [(String, JSONValue)] = []
        if let id = existing ?? nil { record.append(("id", .string(id))) }
        record += [
            ("hostname", .string(session.name)), ("type", .string(type.rawValue)), ("destination", .string(address)),
            ("deleterecord", .bool(false)), ("state", .string("yes")),
        ]
        let set: [(String, JSONValue)] = [
            ("domainname", .string(session.zone)),
            ("dnsrecordset", .object([("dnsrecords", .array([.object(record)]))])),
        ]
        return call("updateDnsRecords", param(session, set), endpoint: session.endpoint, context: context).map { _ in ()
        }
    }

    /// Logs out (the reply does not matter).
    func finish(_ session: Session, context: UpdateContext) {
        _ = call("logout", param(session, []), endpoint: session.endpoint, context: context)
    }
}
