/// DigitalOcean (`protocol=digitalocean`): find the one A/AAAA record of the name, PATCH its
/// data when it differs.
public struct DigitalOceanProtocol: DDNSProtocol {
    public var acceptsWildcardName: Bool { true }
    public init() {}
    public let name = "digitalocean"
    public let summary = "DigitalOcean DNS records through the v2 API (bearer token)"
    public var example: String { "protocol=digitalocean, zone=example.com, password=dop_v1_token home.example.com" }
    static let defaultServer = "api.digitalocean.com"
    public var options: [OptionSpec] {
        [
            OptionSpec("server", .fqdnWithPort, default: Self.defaultServer, help: "API server"),
            OptionSpec("password", .password, required: true, help: "API token"),
            OptionSpec("zone", .fqdn, required: true, help: "the domain"),
        ]
    }
    public var unusedCommonOptions: Set<String> { ["login"] }

    public func update(_ targets: [UpdateTarget], context: UpdateContext) -> [UpdateResult] {
        RecordAPIDriver.update(self, targets, context: context)
    }
}

extension DigitalOceanProtocol: RecordAPI {
    struct Session: Sendable {
        /// `…/v2/domains/<zone>/records`.
        var base: String
        var token: String
    }

    struct Record: Sendable {
        var id: String
        var data: String?
    }

    func session(for target: UpdateTarget, context: UpdateContext) -> Result<Session, RecordAPIFailure> {
        let host = target.host
        let zone = host.values["zone"] ?? ""
        let base = ProviderSupport.baseURL(host, defaultServer: Self.defaultServer) + "/v2/domains/\(zone)/records"
        return .success(Session(base: base, token: host.values["password"] ?? ""))
    }

    /// Exactly one record of the name and type is needed: with none or several, which to change?
    func read(_ type: RecordType, session: Session, target: UpdateTarget, context: UpdateContext) -> Result<
        RecordRead<Record>, RecordAPIFailure
    > {
        var lookup = HTTPRequest(
            url: "\(session.base)?" + URLEncoding.query([("name", target.name), ("type", type.rawValue)]))
        lookup.bearerToken = session.token
        return RecordAPIDriver.send(lookup, context: context).flatMap { listing in
            guard listing.isSuccess, let json = JSONValue.parse(listing.text) else {
                let words = JSONValue.parse(listing.text)?["message"]?.string ?? ProviderSupport.firstLine(listing.text)
                return .failure(
                    RecordAPIFailure(status: listing.status, "DigitalOcean answered HTTP \(listing.status): \(words)"))
            }
            let records = json["domain_records"]?.array ?? []
            guard records.count == 1, let record = records.first, let id = record["id"]?.string else {
                return .failure(
                    RecordAPIFailure(
                        "norecord",
                        "DigitalOcean has \(records.count) '\(type.rawValue)' records for \(target.name); exactly one is needed",
                        permanent: true))
            }
            return .success(.found(Record(id: id, data: record["data"]?.string)))
        }
    }

    func isCurrent(_ record: Record, address: String, session: Session) -> Bool { record.data == address }

    func write(
        _ address: String, type: RecordType, existing: Record?, session: Session, target: UpdateTarget,
        context: UpdateContext
    ) -> Result<Void, RecordAPIFailure> {
        var patch = HTTPRequest(
            method: .patch, url: "\(session.base)/\(existing?.id ?? "")",
            json: JSONValue.object([("type", .string(type.rawValue)), ("data", .string(address))]).encoded)
        patch.bearerToken = session.token
        return RecordAPIDriver.send(patch, context: context).flatMap { response in
            response.isSuccess
                ? .success(())
                : .failure(
                    RecordAPIFailure(
                        status: response.status,
                        "DigitalOcean refused the change: HTTP \(response.status) \(ProviderSupport.firstLine(response.text))"
                    ))
        }
    }
}
