/// Njalla (`protocol=njalla`): one request per host with both families (`a=`, `aaaa=`); the
/// JSON reply's status and message decide. With `quietreply=yes` the request asks for a bare
/// reply (`&quiet`), in which only "invalid host or key" is a failure (as ddclient reads it).
public struct NjallaProtocol: DDNSProtocol {
    public init() {}
    public let name = "njalla"
    public let summary = "Njalla dynamic records (njal.la), the record's key, both families in one request"
    public var example: String { "protocol=njalla, password=record-key home.example.com" }
    static let defaultServer = "njal.la"
    public var options: [OptionSpec] {
        [
            OptionSpec("server", .fqdnWithPort, default: Self.defaultServer, help: "update server"),
            OptionSpec("password", .password, required: true, help: "the record's key"),
            OptionSpec("quietreply", .bool, default: "0", help: "ask for a bare reply (&quiet)"),
        ]
    }
    public var unusedCommonOptions: Set<String> { ["login"] }

    public func update(_ targets: [UpdateTarget], context: UpdateContext) -> [UpdateResult] {
        targets.map { target in
            let host = target.host
            let server = ProviderSupport.serverName(host, defaultServer: Self.defaultServer)
            var items = [("h", target.name), ("k", host.values["password"] ?? "")]
            if let v4 = target.ipv4 { items.append(("a", v4)) }
            if let v6 = target.ipv6 { items.append(("aaaa", v6)) }
            let quiet = host.bool("quietreply")
            let url =
                ProviderSupport.baseURL(host, defaultServer: Self.defaultServer) + "/update/?"
                + URLEncoding.query(items)
                + (quiet ? "&quiet" : "")
            let outcome: FamilyOutcome
            switch ProviderSupport.fetch(HTTPRequest(url: url), for: [target], server: server, context: context) {
            case .failure(let failed): return failed.results[0]
            case .success(let response):
                outcome = Self.read(response.text, quiet: quiet, server: server)
            }
            return UpdateResult(target: target) { address in outcome.isSuccess ? .good(address) : outcome }
        }
    }

    /// The outcome of a reply (the address is filled in by the caller on success).
    static func read(_ body: String, quiet: Bool, server: String) -> FamilyOutcome {
        let refused = FamilyOutcome.failed(.refusedCredentials, token: "badauth", "\(server): invalid host or key")
        if quiet { return body.contains("invalid host or key") ? refused : .good("") }
        let json = JSONValue.parse(body)
        let message = json?["message"]?.string ?? ""
        if json?["status"]?.int == 401, message.contains("invalid host or key") { return refused }
        if json?["status"]?.int == 200, message.contains("record updated") { return .good("") }
        return .failed(
            .malformedReply, token: "bad",
            "\(server) gave an unknown response: \(ProviderSupport.firstLine(body).excerpt(160))")
    }
}
