/// A provider whose update is one HTTP request built from a template and whose reply is
/// judged by words: everything about it is data (``SimpleProviders/table``), so adding one is
/// one entry and no code.
public struct SimpleProvider: DDNSProtocol {
    public let name: String
    public let summary: String
    /// The `server` default (host, optionally with a path prefix).
    public let defaultServer: String
    /// Options besides `server` (added for every entry): the protocol's own, and common ones
    /// it redefines (a required login, a larger `min-interval`).
    public let extraOptions: [OptionSpec]
    public let unusedCommonOptions: Set<String>
    public let example: String
    public let request: Request
    public let families: Families
    public let reply: Reply
    /// Host names: `*.zone` (a wildcard record), and `@`/`*` alone (a label-only protocol).
    public let acceptsWildcardName: Bool
    public let acceptsApexMarker: Bool
    /// Hosts with equal values of these options (and addresses) share one request, whose
    /// answer is every host's (cloudns: one dynurl for several names).
    public let groupBy: [String]
    public var maxHostsPerRequest: Int { groupBy.isEmpty ? 1 : 100 }

    public init(
        name: String, summary: String, server: String, options: [OptionSpec] = [], unused: Set<String> = [],
        example: String, request: Request, families: Families, reply: Reply,
        wildcardNames: Bool = false, apexMarkers: Bool = false, groupBy: [String] = []
    ) {
        self.groupBy = groupBy
        self.acceptsWildcardName = wildcardNames
        self.acceptsApexMarker = apexMarkers
        self.name = name
        self.summary = summary
        self.defaultServer = server
        self.extraOptions = options
        self.unusedCommonOptions = unused
        self.example = example
        self.request = request
        self.families = families
        self.reply = reply
    }

    public var options: [OptionSpec] {
        [OptionSpec("server", .fqdnWithPort, default: defaultServer, help: "update server")] + extraOptions
    }

    /// The request: method, path, query items in order, and how it authenticates.
    public struct Request: Sendable {
        public var method: HTTPMethod
        /// The path, or the option that holds it (`script`) with its default.
        public var path: Path
        public var query: [(name: String, value: Value)]
        public var auth: Auth
        /// Extra headers (cloudns's `X-Forwarded-For: <address>`).
        public var headers: [(name: String, value: Value)]
        /// Prefixes for the server's name per family (mythicdyn's `ipv4.`/`ipv6.`); the
        /// transfer is then pinned to that family.
        public var familyHostPrefix: (v4: String, v6: String)?

        public init(
            _ method: HTTPMethod = .get, path: Path, query: [(name: String, value: Value)], auth: Auth = .basic,
            headers: [(name: String, value: Value)] = [], familyHostPrefix: (v4: String, v6: String)? = nil
        ) {
            self.method = method
            self.path = path
            self.query = query
            self.auth = auth
            self.headers = headers
            self.familyHostPrefix = familyHostPrefix
        }
    }

    public enum Path: Sendable {
        /// A path; `%h` in it is the host (mythicdyn's `/dns/v2/dynamic/<host>`).
        case fixed(String)
        /// The value of an option (whose default the entry declares), e.g. `script`.
        case option(String)
        /// The whole URL is an option per family (directnic's `urlv4`/`urlv6`); without it
        /// that family is not sent and fails with "missing <option>".
        case urlOption(v4: String, v6: String)
        /// The whole URL is one option (cloudns's `dynurl`), query items appended to it.
        case wholeURL(String)
        /// One path or another, by a yes/no option (dslreports1's `static`).
        case flag(String, yes: String, no: String)
    }

    /// What a query item carries. An item whose value is empty or undefined is left out only
    /// when it is `.optional`; `.address4`/`.address6` leave it out for the other family.
    public indirect enum Value: Sendable {
        case host
        /// The address this request sets.
        case address
        /// The address when it is IPv4 (ddnss's `ip=`); the item is left out for IPv6.
        case address4
        /// The address when it is IPv6 (ddnss's `ip6=`); the item is left out for IPv4.
        case address6
        case login
        case password
        case literal(String)
        /// An option's value as configured.
        case option(String)
        /// A yes/no option as one of two words.
        case flag(String, yes: String, no: String)
        /// Left out when the inner value is empty or undefined.
        case optional(Value)
        /// The host's first label (dinahosting's `hostname=`), and the rest (`domain=`).
        case firstLabel
        case afterFirstLabel
        /// One text for an IPv4 request, another for IPv6 (`Domain_Zone_UpdateTypeA`/`…AAAA`).
        case byFamily(v4: String, v6: String)
    }

    public enum Auth: Sendable {
        /// HTTP Basic with `login:password`, when both are defined (ddclient's rule).
        case basic
        /// HTTP Basic with the host name as the user (he.net).
        case basicHostAsUser
        /// No HTTP authentication (the secret travels in the query).
        case none
    }

    /// Which addresses a request carries.
    public enum Families: Sendable {
        /// One request per family being updated.
        case eachFamily
        /// One request with one address: IPv4 when there is one, else IPv6.
        case oneAddress
        /// One request with both addresses (`.address4` and `.address6` carry them); the reply
        /// applies to each family sent.
        case bothInOne
    }

    /// How the reply is read, in this order: any 2xx (when `statusOnly`), success words,
    /// failure words, dyndns2 return codes (when `dyndnsCodes`), then `otherwise`.
    public struct Reply: Sendable {
        /// Any 2xx reply is a success; the body is not read (ddns.fm, domeneshop).
        public var statusOnly = false
        public var success: [String]
        public var failures: [Word]
        public var match: Match
        /// Read the first word of the first line as a dyndns2 return code (`good`, `badauth`, …).
        public var dyndnsCodes: Bool
        /// Of the dyndns2 failure codes, only these are taken as such (nil: all).
        public var keptCodes: Set<String>?
        /// The token and the words for any other reply: "<server> <words>: <first line>".
        public var otherwise: (token: String, words: String)
        /// Words match with their case (freemyip's "OK" is not the "ok" in "token").
        public var caseSensitive: Bool
        /// A reply that is none of the failure words is a success (cloudns).
        public var otherwiseSucceeds = false

        public init(
            success: [String] = [], failures: [Word] = [], match: Match = .anywhere, dyndnsCodes: Bool = false,
            keptCodes: Set<String>? = nil,
            otherwise: (token: String, words: String) = ("unknown", "gave an unexpected reply"),
            caseSensitive: Bool = false, otherwiseSucceeds: Bool = false
        ) {
            self.otherwiseSucceeds = otherwiseSucceeds
            self.caseSensitive = caseSensitive
            self.success = success
            self.failures = failures
            self.match = match
            self.dyndnsCodes = dyndnsCodes
            self.keptCodes = keptCodes
            self.otherwise = otherwise
        }

        /// dyndns2's return codes and nothing else.
        public static let dyndns2 = Reply(dyndnsCodes: true)

        /// A 2xx status is the whole answer.
        public static var status: Reply {
            var reply = Reply()
            reply.statusOnly = true
            return reply
        }
    }

    /// A word in the reply that means a failure, what kind, and the sentence to log.
    public struct Word: Sendable {
        public var word: String
        public var failure: ProviderFailure
        public var message: String
        /// The cache token (default: the word, lower-cased).
        public var token: String

        public init(_ word: String, _ failure: ProviderFailure, _ message: String, token: String? = nil) {
            self.word = word
            self.failure = failure
            self.message = message
            self.token = token ?? word.lowercased()
        }
    }

    /// Where a word is looked for (case-insensitively).
    public enum Match: Sendable {
        /// Anywhere in the body.
        case anywhere
        /// At the start of any line.
        case lineStart
        /// Anywhere in the last non-empty line.
        case lastLine
        /// Each word is a regular expression, searched anywhere.
        case regex
    }

    public func update(_ targets: [UpdateTarget], context: UpdateContext) -> [UpdateResult] {
        /// One address's outcome as `target`'s result, under that address's family.
        func oneAddress(_ target: UpdateTarget, _ address: String, _ outcome: FamilyOutcome) -> UpdateResult {
            address.contains(":")
                ? UpdateResult(host: target.name, ipv6: outcome) : UpdateResult(host: target.name, ipv4: outcome)
        }
        if !groupBy.isEmpty, let first = targets.first {
            // One request for the group; its answer is every host's.
            let address = first.ipv4 ?? first.ipv6 ?? ""
            let outcome = send(first, address: address, context: context)
            return targets.map { oneAddress($0, address, outcome) }
        }
        return targets.map { target in
            switch families {
            case .eachFamily:
                return UpdateResult(
                    host: target.name, ipv4: target.ipv4.map { send(target, address: $0, context: context) },
                    ipv6: target.ipv6.map { send(target, address: $0, context: context) })
            case .oneAddress:
                let address = target.ipv4 ?? target.ipv6 ?? ""
                return oneAddress(target, address, send(target, address: address, context: context))
            case .bothInOne:
                let outcome = send(target, address: target.ipv4 ?? target.ipv6 ?? "", context: context)
                return UpdateResult(target: target) { wanted in outcome.isSuccess ? .good(wanted) : outcome }
            }
        }
    }

    /// The URL for `target` and `address` (exposed for tests and `-help`).
    func url(_ target: UpdateTarget, address: String) -> String {
        let host = target.host
        var base = ProviderSupport.baseURL(host, defaultServer: defaultServer)
        switch request.path {
        case .fixed(let fixed): base += fixed.replacingAll("%h", with: URLEncoding.encode(target.name))
        case .option(let option):
            base += host.nonEmpty(option) ?? options.first { $0.name == option }?.defaultValue ?? ""
        case .urlOption(let v4, let v6):
            base = host.nonEmpty(address.contains(":") ? v6 : v4) ?? ""
        case .wholeURL(let option):
            base = host.nonEmpty(option) ?? ""
            if !base.contains("://") { base = (host.values["ssl"] == "0" ? "http://" : "https://") + base }
        case .flag(let option, let yes, let no):
            base += host.bool(option) ? yes : no
        }
        if let prefixes = request.familyHostPrefix, let scheme = base.firstRange(of: "://") {
            base.insert(contentsOf: address.contains(":") ? prefixes.v6 : prefixes.v4, at: scheme.upperBound)
        }
        var items: [(String, String)] = []
        for (name, value) in request.query {
            if let text = resolve(value, target: target, address: address) { items.append((name, text)) }
        }
        return base + (items.isEmpty ? "" : (base.contains("?") ? "&" : "?") + URLEncoding.query(items))
    }

    /// For `.urlOption`: the option this family's URL comes from, when it is not set.
    private func missingURLOption(_ target: UpdateTarget, address: String) -> String? {
        guard case .urlOption(let v4, let v6) = request.path else { return nil }
        let option = address.contains(":") ? v6 : v4
        return target.host.nonEmpty(option) == nil ? option : nil
    }

    private func resolve(_ value: Value, target: UpdateTarget, address: String) -> String? {
        let host = target.host
        switch value {
        case .host: return target.name
        case .address: return address
        case .address4:
            if case .bothInOne = families { return target.ipv4 }
            return address.contains(":") ? nil : address
        case .address6:
            if case .bothInOne = families { return target.ipv6 }
            return address.contains(":") ? address : nil
        case .login: return host.values["login"] ?? ""
        case .password: return host.values["password"] ?? ""
        case .literal(let text): return text
        case .option(let option): return host.values[option] ?? ""
        case .flag(let option, let yes, let no): return host.bool(option) ? yes : no
        case .optional(let inner):
            guard let text = resolve(inner, target: target, address: address), !text.isEmpty else { return nil }
            return text
        case .firstLabel: return String(target.name.prefix { $0 != "." })
        case .afterFirstLabel:
            return target.name.firstIndex(of: ".").map { String(target.name[target.name.index(after: $0)...]) } ?? ""
        case .byFamily(let v4, let v6): return address.contains(":") ? v6 : v4
        }
    }

    private func send(_ target: UpdateTarget, address: String, context: UpdateContext) -> FamilyOutcome {
        let host = target.host
        if let option = missingURLOption(target, address: address) {
            return .failed(.refused, token: "failed", "missing \(option) option: nothing sent for this family")
        }
        let server = ProviderSupport.serverName(host, defaultServer: defaultServer)
        let auth: BasicCredentials?
        switch request.auth {
        case .basic: auth = ProviderSupport.credentials(host)
        case .basicHostAsUser: auth = BasicCredentials(user: target.name, password: host.values["password"] ?? "")
        case .none: auth = nil
        }
        var httpRequest = HTTPRequest(url: url(target, address: address), basicAuth: auth)
        httpRequest.method = request.method
        if request.method != .get, httpRequest.body == nil { httpRequest.body = [] }  // an empty POST, never stdin
        for (name, value) in request.headers {
            if let text = resolve(value, target: target, address: address) {
                httpRequest.headers.append(HTTPHeader(name, text))
            }
        }
        if request.familyHostPrefix != nil { httpRequest.family = address.contains(":") ? .ipv6 : .ipv4 }
        return ProviderSupport.fetchOne(
            httpRequest, target: target, address: address, server: server, context: context
        ) { response in
            reply.statusOnly ? .good(address) : read(response.text, address: address, server: server)
        }
    }

    /// The outcome of reply `body` for `address`.
    func read(_ body: String, address: String, server: String) -> FamilyOutcome {
        let lowered = reply.caseSensitive ? body : body.lowercased()
        func found(_ word: String) -> Bool {
            // `%i` in a word is the address (dondominio answers "IP:<address>").
            let filled = word.replacingAll("%i", with: address)
            let needle = reply.caseSensitive ? filled : filled.lowercased()
            switch reply.match {
            case .anywhere: return lowered.contains(needle)
            case .lineStart: return lowered.split(separator: "\n").contains { $0.hasPrefix(needle) }
            case .lastLine:
                return lowered.split(separator: "\n").last { !$0.allSatisfy(\.isWhitespace) }?.contains(needle) ?? false
            case .regex:
                guard let regex = try? Regex(filled) else { return false }
                return reply.caseSensitive ? body.contains(regex) : body.contains(regex.ignoresCase())
            }
        }
        if reply.success.contains(where: found) { return .good(address) }
        if let word = reply.failures.first(where: { found($0.word) }) {
            // The provider's own words follow ours.
            return .failed(
                word.failure, token: word.token,
                "\(server): \(word.message): \(ProviderSupport.firstLine(body).excerpt(160))")
        }
        if reply.otherwiseSucceeds { return .good(address) }
        if reply.dyndnsCodes {
            let outcome = DynDNSStyleRequest.dyndnsStatus(body, address: address, server: server)
            if outcome.isSuccess || reply.keptCodes.map({ $0.contains(outcome.status) }) ?? true { return outcome }
        }
        return .failed(
            .malformedReply, token: reply.otherwise.token,
            "\(server) \(reply.otherwise.words): \(ProviderSupport.firstLine(body).excerpt(160))")
    }
}
