/// One place an address comes from, with every input that changes its answer, so equal
/// sources are asked once per run (ddclient's `strategy_inputs`).
public struct AddressSource: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// A fixed address from the configuration.
        case fixed(String)
        /// An interface (`default` = the default route's).
        case interface(String)
        /// A web page (or router status page).
        case web(url: String, skip: String?, login: String?, password: String?, verifyTLS: Bool)
        /// A shell command.
        case command(String, skip: String?)
        /// A strategy that cannot work, with the reason.
        case unusable(String)
    }

    public var kind: Kind
    /// nil for the legacy `use=` (either family), else the family wanted.
    public var family: AddressFamily?
    /// How the user named it, for messages (`usev4=webv4 webv4=ipify-ipv4`).
    public var label: String
    /// Whether a private address from it is expected (explicit sources) or suspicious (web).
    public var isExplicit: Bool

    public var description: String { label }

    public static func == (lhs: AddressSource, rhs: AddressSource) -> Bool {
        lhs.kind == rhs.kind && lhs.family == rhs.family
    }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(family)
    }
}

/// Finds each host's addresses: every distinct source once per run, sources concurrently.
public struct IPDetector: Sendable {
    public var http: any HTTPTransport
    public var log: Log
    public var commandTimeout: Double
    /// Reads interface addresses (replaceable in tests).
    public var interfaceAddresses: @Sendable (String, AddressFamily) -> Result<[InterfaceAddress], InterfaceError>

    public init(http: any HTTPTransport, log: Log, commandTimeout: Double = 30) {
        self.http = http
        self.log = log
        self.commandTimeout = commandTimeout
        self.interfaceAddresses = IPDetector.systemInterfaceAddresses
    }

    /// The sources a host uses: the legacy `use=` (either family) and `usev4`/`usev6`.
    public static func sources(for host: HostConfig) -> [AddressSource] {
        var result: [AddressSource] = []
        let values = host.values
        func value(_ key: String) -> String? { values[key].flatMap { $0.isEmpty ? nil : $0 } }
        let use = values["use"] ?? "disabled"
        if use != "disabled" {
            result.append(source(strategy: use, family: nil, host: host))
        }
        if let v4 = values["usev4"], v4 != "disabled" { result.append(source(strategy: v4, family: .ipv4, host: host)) }
        if let v6 = values["usev6"], v6 != "disabled" { result.append(source(strategy: v6, family: .ipv6, host: host)) }
        _ = value
        return result
    }

    static func source(strategy: String, family: AddressFamily?, host: HostConfig) -> AddressSource {
        let values = host.values
        func value(_ key: String) -> String? { values[key].flatMap { $0.isEmpty ? nil : $0 } }
        // Strategy names without their family suffix: usev6=web is the deprecated form of webv6.
        var base = strategy
        for suffix in ["v4", "v6"]
        where base.hasSuffix(suffix) && base.count > 2
            && ["ipv4", "ipv6", "ifv4", "ifv6", "webv4", "webv6", "cmdv4", "cmdv6", "fwv4", "fwv6"].contains(base)
        {
            base = String(base.dropLast(2))
        }
        let suffix = family == .ipv4 ? "v4" : family == .ipv6 ? "v6" : ""
        func option(_ name: String) -> String { suffix.isEmpty ? name : name + suffix }
        let label = family == nil ? "use=\(strategy)" : "use\(suffix)=\(strategy)"
        switch base {
        case "ip":
            let key = family == nil ? "ip" : (family == .ipv4 ? "ipv4" : "ipv6")
            guard let address = value(key) ?? (family == .ipv6 ? value("ip") : nil) else {
                return AddressSource(
                    kind: .unusable("\(label) needs \(key)=<address>"), family: family, label: label, isExplicit: true)
            }
            return AddressSource(
                kind: .fixed(address), family: family, label: "\(label) \(key)=\(address)", isExplicit: true)
        case "if":
            let name =
                value(option("if")) ?? (family == .ipv6 ? value("if") : nil) ?? (family == nil ? "ppp0" : "default")
            return AddressSource(
                kind: .interface(name), family: family, label: "\(label) \(option("if"))=\(name)", isExplicit: true)
        case "web":
            let configured =
                value(option("web")) ?? (family == nil ? "dyndns" : family == .ipv4 ? "ipify-ipv4" : "ipify-ipv6")
            let userSkip = values["web\(suffix)-skip"] ?? (family == nil ? nil : values["web-skip"])
            let builtin = WebServices.named(configured)
            let url = builtin?.url ?? configured
            let skip = userSkip ?? builtin?.skip
            let verify = values["web-ssl-validate"] != "0"
            if !(url.hasPrefix("http://") || url.hasPrefix("https://")) && builtin == nil && !url.contains("/")
                && !url.contains(".")
            {
                return AddressSource(
                    kind: .unusable(
                        "\(label): '\(configured)' is neither a built-in web service"
                            + Suggestion.didYouMean(
                                configured, among: WebServices.all.map(\.name), otherwise: " (see -list-web-services)")
                            + " nor a URL"
                    ), family: family, label: label, isExplicit: false)
            }
            let fullURL = url.hasPrefix("http://") || url.hasPrefix("https://") ? url : "https://" + url
            return AddressSource(
                kind: .web(url: fullURL, skip: skip, login: nil, password: nil, verifyTLS: verify), family: family,
                label: "\(label) \(option("web"))=\(configured)", isExplicit: false)
        case "cmd":
            guard let command = value(option("cmd")) ?? (family == .ipv6 ? value("cmd") : nil) else {
                return AddressSource(
                    kind: .unusable("\(label) needs \(option("cmd"))=<command>"), family: family, label: label,
                    isExplicit: true)
            }
            let skip = family == nil ? value("cmd-skip") : nil
            return AddressSource(
                kind: .command(command, skip: skip), family: family, label: "\(label) \(option("cmd"))=\(command)",
                isExplicit: true)
        case "fw":
            if family == .ipv6 {
                return AddressSource(
                    kind: .unusable("usev6=fwv6 is not implemented (ddclient does not have it either)"), family: family,
                    label: label, isExplicit: true)
            }
            guard let target = value(option("fw")) ?? value("fw") else {
                return AddressSource(
                    kind: .unusable("\(label) needs \(option("fw"))=<router address or URL>"), family: family,
                    label: label, isExplicit: true)
            }
            let skip = values["fw\(suffix)-skip"] ?? values["fw-skip"]
            let url =
                target.contains("/") ? (target.hasPrefix("http") ? target : "http://" + target) : "http://\(target)/"
            return AddressSource(
                kind: .web(
                    url: url, skip: skip, login: value("fw-login"), password: value("fw-password"),
                    verifyTLS: values["fw-ssl-validate"] != "0"), family: family, label: "\(label) fw=\(target)",
                isExplicit: true)
        default:
            guard let router = Routers.named(strategy) else {
                return AddressSource(
                    kind: .unusable("\(label): unknown strategy"), family: family, label: label, isExplicit: true)
            }
            guard let address = value(option("fw")) ?? value("fw") else {
                return AddressSource(
                    kind: .unusable("\(label) needs fw=<router address>"), family: family, label: label,
                    isExplicit: true)
            }
            let skip = values["fw\(suffix)-skip"] ?? values["fw-skip"] ?? router.skip
            return AddressSource(
                kind: .web(
                    url: "http://\(address)\(router.path)", skip: skip, login: value("fw-login"),
                    password: value("fw-password"), verifyTLS: values["fw-ssl-validate"] != "0"), family: family,
                label: "\(label) fw=\(address)", isExplicit: true)
        }
    }

    /// Addresses per host name. A source that fails is logged once and gives nothing.
    public func detect(_ hosts: [HostConfig]) -> [String: HostAddresses] {
        var perHost: [String: [AddressSource]] = [:]
        var unique: [AddressSource] = []
        var seen = Set<AddressSource>()
        for host in hosts {
            let sources = Self.sources(for: host)
            perHost[host.name] = sources
            for source in sources where seen.insert(source).inserted { unique.append(source) }
        }
        let found = WorkerPool.map(unique, limit: 8) { source in (source, self.query(source)) }
        var answers: [AddressSource: Result<String, DetectionError>] = [:]
        for (source, result) in found {
            answers[source] = result
            switch result {
            case .success(let address): log.info("found \(address)", [source.label])
            case .failure(let error): log.warning("\(error)", [source.label])
            }
        }
        var result: [String: HostAddresses] = [:]
        for host in hosts {
            var addresses = HostAddresses()
            for source in perHost[host.name] ?? [] {
                guard case .success(let address)? = answers[source] else { continue }
                if address.contains(":") {
                    if addresses.ipv6 == nil { addresses.ipv6 = address }
                } else if addresses.ipv4 == nil {
                    addresses.ipv4 = address
                }
            }
            result[host.name] = addresses
        }
        return result
    }

    /// Asks one source; the address is checked against the publishing policy.
    public func query(_ source: AddressSource) -> Result<String, DetectionError> {
        let text: String
        switch source.kind {
        case .unusable(let reason):
            return .failure(.unusable(reason))
        case .fixed(let address):
            text = address
            guard let parsed = Self.parse(text, family: source.family, whole: true) else {
                return .failure(
                    .invalid(
                        "'\(address)' is not a valid \(source.family == .ipv6 ? "IPv6" : source.family == .ipv4 ? "IPv4" : "IP") address"
                    ))
            }
            return policy(parsed, source: source)
        case .interface(let requested):
            let families: [AddressFamily] =
                source.family == .ipv6 ? [.ipv6] : source.family == .ipv4 ? [.ipv4] : [.ipv4, .ipv6]
            var lastError: InterfaceError = .noAddress(interface: requested, family: families[0])
            for family in families {
                var name = requested
                if name == "default" {
                    guard let found = Interfaces.defaultInterface(family) else {
                        lastError = .noDefaultRoute(family)
                        continue
                    }
                    name = found
                }
                switch interfaceAddresses(name, family) {
                case .failure(let error): lastError = error
                case .success(let candidates):
                    let chosen = family == .ipv4 ? Interfaces.selectIPv4(candidates) : Interfaces.selectIPv6(candidates)
                    if let chosen { return policy(chosen.address, source: source) }
                    lastError = .noAddress(interface: name, family: family)
                }
            }
            return .failure(.interface(lastError))
        case .web(let url, let skip, let login, let password, let verify):
            var request = HTTPRequest(url: url, family: source.family, verifyTLS: verify)
            if let login, let password { request.basicAuth = BasicCredentials(user: login, password: password) }
            do {
                let response = try http.send(request)
                guard response.isSuccess else { return .failure(.web("\(url) answered \(response.status)")) }
                text = Self.applySkip(skip, to: response.text)
            } catch {
                return .failure(.web(error.description))
            }
        case .command(let command, let skip):
            let output = CommandRunner.run(command, timeout: commandTimeout)
            if output.timedOut {
                return .failure(.command("'\(command)' did not finish within \(formatSeconds(commandTimeout))"))
            }
            guard output.status == 0 else {
                let stderr = output.stderr.split(separator: "\n").prefix(3).joined(separator: " / ")
                return .failure(
                    .command(
                        "'\(command)' exited with status \(output.status ?? -1)\(stderr.isEmpty ? "" : ": \(stderr)")"))
            }
            text = Self.applySkip(skip, to: output.stdout)
        }
        guard let address = Self.parse(text, family: source.family, whole: false) else {
            return .failure(
                .noAddress(
                    "no \(source.family == .ipv6 ? "IPv6" : source.family == .ipv4 ? "IPv4" : "IP") address found in the reply"
                ))
        }
        return policy(address, source: source)
    }

    /// Publishing policy: never loopback, link-local, unspecified or multicast; private
    /// addresses (RFC 1918, CGNAT, ULA) only with a warning when they came from the web.
    func policy(_ address: String, source: AddressSource) -> Result<String, DetectionError> {
        if let v4 = IPv4Address(address) {
            if v4.isLoopback || v4.isLinkLocal || v4.isUnspecified || v4.isMulticast || v4.isBroadcast {
                return .failure(
                    .refused("\(v4) is a loopback, link-local, unspecified or multicast address; not published"))
            }
            if v4.isPrivate && !source.isExplicit {
                log.warning(
                    "\(v4) is a private address (the web service sees a NAT or proxy?); publishing it anyway",
                    [source.label])
            }
            return .success(v4.description)
        }
        if let v6 = IPv6Address(address) {
            if v6.isLoopback || v6.isLinkLocal || v6.isUnspecified || v6.isMulticast {
                return .failure(
                    .refused("\(v6) is a loopback, link-local, unspecified or multicast address; not published"))
            }
            if v6.isUniqueLocal && !source.isExplicit {
                log.warning("\(v6) is a unique-local address; publishing it anyway", [source.label])
            }
            return .success(v6.description)
        }
        return .failure(.invalid("'\(address)' is not an address"))
    }

    /// The address of `family` in `text` (ddclient: IPv4 first for the legacy `use=`).
    static func parse(_ text: String, family: AddressFamily?, whole: Bool) -> String? {
        if whole {
            let trimmed = String(text.trimmingSuffix(while: { $0 == " " || $0 == "\n" }).drop { $0 == " " })
            switch family {
            case .ipv4: return IPv4Address(trimmed)?.description
            case .ipv6: return IPv6Address(trimmed)?.description
            case nil: return IPv4Address(trimmed)?.description ?? IPv6Address(trimmed)?.description
            }
        }
        switch family {
        case .ipv4: return AddressExtraction.firstIPv4(in: text)?.description
        case .ipv6: return AddressExtraction.firstIPv6(in: text)?.description
        case nil:
            return (AddressExtraction.firstIPv4(in: text)?.description)
                ?? AddressExtraction.firstIPv6(in: text)?.description
        }
    }

    /// Cuts `text` through the first match of `skip` (case-insensitive; a regular expression as
    /// in ddclient, with the first space matching any white space; literal text if it is not a
    /// valid expression). An empty skip cuts nothing.
    static func applySkip(_ skip: String?, to text: String) -> String {
        guard let skip, !skip.isEmpty else { return text }
        var pattern = skip
        if let space = pattern.firstIndex(of: " ") { pattern.replaceSubrange(space...space, with: "\\s") }
        if let regex = try? Regex(pattern).ignoresCase().dotMatchesNewlines(), let match = text.firstMatch(of: regex) {
            return String(text[match.range.upperBound...])
        }
        if let range = text.lowercased().firstRange(of: skip.lowercased()) {
            let lower = text.lowercased()
            let offset = lower.distance(from: lower.startIndex, to: range.upperBound)
            return String(text.dropFirst(offset))
        }
        return text  // ddclient's `s/^.*?skip//is` leaves the text alone when there is no match
    }

    static let systemInterfaceAddresses:
        @Sendable (String, AddressFamily) -> Result<[InterfaceAddress], InterfaceError> = { name, family in
            let list = family == .ipv4 ? Interfaces.ipv4Addresses(of: name) : Interfaces.ipv6Addresses(of: name)
            guard let list else { return .failure(.noSuchInterface(name)) }
            return .success(list)
        }
}

/// Why a source gave no address.
public enum DetectionError: Error, Sendable, Equatable, CustomStringConvertible {
    case unusable(String)
    case invalid(String)
    case refused(String)
    case interface(InterfaceError)
    case web(String)
    case command(String)
    case noAddress(String)

    public var description: String {
        switch self {
        case .unusable(let text), .invalid(let text), .refused(let text), .web(let text), .command(let text),
            .noAddress(let text):
            text
        case .interface(let error): error.description
        }
    }
}
