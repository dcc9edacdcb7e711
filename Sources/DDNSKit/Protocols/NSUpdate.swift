import Synchronization

/// RFC 2136 dynamic updates signed with TSIG (`protocol=nsupdate`), spoken natively: no
/// `nsupdate` binary is needed. `password` is the key file (BIND's `key "name" { … };` or a
/// `K<name>.+<alg>.+<id>.private`), `server` the primary server (`host[:port]`), `zone` the
/// zone. One UPDATE per group replaces each host's A/AAAA RRset with the new address, the
/// records ddclient's nsupdate script produces; the answer is then checked with a query.
public struct NSUpdateProtocol: DDNSProtocol {
    public var acceptsWildcardName: Bool { true }
    public init() {}
    public let name = "nsupdate"
    public let summary =
        "RFC 2136 DNS UPDATE signed with TSIG, spoken natively to the zone's primary server, verified after"

    public var options: [OptionSpec] {
        [
            OptionSpec("server", .fqdnWithPort, required: true, help: "primary DNS server, host[:port]"),
            OptionSpec("zone", .string, required: true, help: "the zone to update"),
            OptionSpec("password", .file, required: true, secret: false, help: "TSIG key file"),
            OptionSpec(
                "login", .string, default: "/usr/bin/nsupdate", help: "ddclient's nsupdate path (not needed by ddswift)"
            ),
            OptionSpec("ttl", .number(minimum: 0), default: "600", help: "TTL of the records"),
            OptionSpec("tcp", .bool, default: "0", help: "use TCP instead of UDP"),
        ]
    }
    public var groupBy: [String] { ["login", "password", "server", "tcp", "zone", "wantipv4", "wantipv6"] }
    public var maxHostsPerRequest: Int { 100 }
    public var example: String {
        """
        protocol=nsupdate, server=ns1.example.com, zone=example.com, ttl=300
        password=/etc/ddswift/Kddns.example.com.+165+12345.private   # or a key "…" { … }; file
        home.example.com
        """
    }

    /// "login is the nsupdate path" is worth one warning per run, not one per group.
    private static let warnedAboutLogin = Mutex(false)

    public func preflight(_ targets: [UpdateTarget]) -> [String] {
        guard let first = targets.first?.host else { return [] }
        do {
            _ = try TSIGKeyFile.load(first.values["password"] ?? "")
            return []
        } catch {
            return ["\(error)"]
        }
    }

    public func update(_ targets: [UpdateTarget], context: UpdateContext) -> [UpdateResult] {
        guard let first = targets.first?.host else { return [] }
        let log = context.log
        let names = targets.map(\.name).joined(separator: ",")
        if let login = first.values["login"], login != "/usr/bin/nsupdate", !Self.warnedAboutLogin.withLock({ $0 }) {
            Self.warnedAboutLogin.withLock { $0 = true }
            log.warning(
                "login=\(login) names the nsupdate program; ddswift speaks DNS UPDATE itself and does not run it",
                [name, names])
        }
        let key: TSIGKey
        do {
            key = try TSIGKeyFile.load(first.values["password"] ?? "")
        } catch {
            return ProviderSupport.failAll(targets, status: "badkey", message: "\(error)", permanent: true)
        }
        log.register(secret: Base64.encode(key.secret))
        let timeout = Double(first.integer("timeout"))
        guard
            let transport = DNSTransport(
                server: first.values["server"] ?? "", tcpOnly: first.bool("tcp"), timeout: timeout)
        else {
            return ProviderSupport.failAll(
                targets, status: "failed", message: "server=\(first.values["server"] ?? "") is not host[:port]",
                permanent: true)
        }
        let zone = Self.absolute(first.values["zone"] ?? "")
        let ttl = UInt32(first.integer("ttl"))
        let changes = targets.map { (name: Self.absolute($0.name), ipv4: $0.ipv4, ipv6: $0.ipv6, ttl: ttl) }
        let id = UInt16.random(in: 0...UInt16.max)
        do {
            let message = try DNSMessage.update(id: id, zone: zone, changes: changes).encode()
            let signed = try TSIG.sign(message, key: key, time: UInt64(context.now()))
            log.debug(
                "UPDATE \(zone) for \(names) (\(signed.bytes.count) bytes) to \(transport.label) over \(transport.tcpOnly ? "TCP" : "UDP")",
                [name])
            let answer = try transport.exchange(signed.bytes)
            let response = try DNSMessage.decode(answer)
            if let tsigError = Self.tsigError(response), tsigError != 0 {
                let status = DNSResponseCode.name(tsigError)
                return ProviderSupport.failAll(
                    targets, status: status,
                    message: "\(transport.label) refused the key \(key.name): \(status)\(TSIG.explain(tsigError))",
                    permanent: tsigError != 18)
            }
            if response.rcode != 0 {
                let status = DNSResponseCode.name(Int(response.rcode))
                return ProviderSupport.failAll(
                    targets, status: status,
                    message: Self.explain(status, zone: zone, key: key.name, server: transport.label),
                    permanent: ["NOTAUTH", "REFUSED", "NOTZONE", "NOTIMP", "FORMERR"].contains(status))
            }
            try TSIG.verify(answer, key: key, requestMAC: signed.mac, now: UInt64(context.now()))
        } catch {
            let outcome: FamilyOutcome
            switch error {
            case .timeout: outcome = .failed("timeout", "\(error)")
            case .tsig: outcome = .failed("BADSIG", "\(error)")
            default: outcome = FamilyOutcome(failure: .transport, status: "failed", message: "\(error)")
            }
            return targets.map { target in UpdateResult(target: target) { _ in outcome } }
        }
        return targets.map { target in
            func verified(_ wanted: String?, type: UInt16) -> FamilyOutcome? {
                guard let wanted else { return nil }
                let seen = Self.lookup(Self.absolute(target.name), type: type, transport: transport)
                switch seen {
                case .some(let addresses) where addresses.contains(wanted):
                    return .good(wanted, message: "address set to \(wanted) (verified)")
                case .some(let addresses):
                    return .good(
                        wanted,
                        message:
                            "address set to \(wanted), but the server answers \(addresses.isEmpty ? "nothing" : addresses.joined(separator: ", "))"
                    )
                case .none:
                    return .good(wanted, message: "address set to \(wanted) (not verified: the query failed)")
                }
            }
            return UpdateResult(
                host: target.name, ipv4: verified(target.ipv4, type: DNSType.a),
                ipv6: verified(target.ipv6, type: DNSType.aaaa))
        }
    }

    static func absolute(_ name: String) -> String { name.hasSuffix(".") ? name : name + "." }

    /// The error field of the answer's TSIG record, if it has one.
    static func tsigError(_ message: DNSMessage) -> Int? {
        guard let record = message.additional.last, record.type == DNSType.tsig else { return nil }
        var reader = DNSReader(bytes: record.data)
        do {
            _ = try reader.name()
            _ = try reader.take(8)
            let macLength = Int(try reader.uint16())
            _ = try reader.take(macLength + 2)
            return Int(try reader.uint16())
        } catch {
            return nil
        }
    }

    static func explain(_ status: String, zone: String, key: String, server: String) -> String {
        switch status {
        case "NOTAUTH":
            "\(server) answered NOTAUTH: it is not authoritative for \(zone), or key \(key) may not update it"
        case "REFUSED":
            "\(server) answered REFUSED: updates to \(zone) are not allowed for key \(key) (check allow-update/update-policy)"
        case "NOTZONE": "\(server) answered NOTZONE: a host is not inside zone \(zone)"
        case "SERVFAIL": "\(server) answered SERVFAIL: the server failed to apply the update; will retry"
        case "NXDOMAIN": "\(server) answered NXDOMAIN for zone \(zone)"
        default: "\(server) answered \(status) to the update of \(zone)"
        }
    }

    /// The addresses the server answers for `name`, or nil when the query failed.
    static func lookup(_ name: String, type: UInt16, transport: DNSTransport) -> [String]? {
        let id = UInt16.random(in: 0...UInt16.max)
        do {
            let answer = try transport.exchange(try DNSMessage.query(id: id, name: name, type: type).encode())
            let message = try DNSMessage.decode(answer)
            guard message.rcode == 0 || message.rcode == 3 else { return nil }
            return message.answers.filter { $0.type == type }.compactMap(\.address)
        } catch {
            return nil
        }
    }
}
