/// Validation and normalisation of option values by type (ddclient's `check_value`).
public enum OptionValue {
    /// Names the detection strategies accept (ddclient's `use`, `usev4`, `usev6` tables).
    public static let useStrategies: Set<String> = ["disabled", "no", "ip", "web", "fw", "if", "cmd"]
    public static let useV4Strategies: Set<String> = [
        "disabled", "ipv4", "webv4", "fwv4", "ifv4", "cmdv4", "dnsv4", "stunv4",
    ]
    public static let useV6Strategies: Set<String> = [
        "disabled", "no", "ipv6", "ip", "webv6", "web", "ifv6", "if", "cmdv6", "cmd", "fwv6", "dnsv6", "stunv6",
    ]

    /// What the value is checked against besides its text.
    public struct Context: Sendable {
        public var protocolNames: Set<String>
        /// Router models (`use=fritzbox`): asked for only when a value is no built-in strategy,
        /// so a run that names none never builds the model table.
        public var routers: Set<String> { routerNames() }
        private let routerNames: @Sendable () -> Set<String>
        public init(protocolNames: Set<String>, routers: @escaping @Sendable @autoclosure () -> Set<String> = []) {
            self.protocolNames = protocolNames
            self.routerNames = routers
        }
    }

    /// The normalised value, or a sentence saying why `text` is not a valid `type`.
    public static func normalise(_ text: String, as type: OptionType, context: Context) -> Result<
        String, OptionValueError
    > {
        func invalid(_ what: String) -> Result<String, OptionValueError> {
            .failure(OptionValueError(value: text, expected: what))
        }
        switch type {
        case .bool:
            switch text.lowercased() {
            case "y", "yes", "t", "true", "1": return .success("1")
            case "n", "no", "f", "false", "0": return .success("0")
            default: return invalid("a boolean (yes or no)")
            }
        case .delay(let minimum):
            guard let seconds = interval(text) else {
                return invalid("a time interval (seconds, or a number with s, m, h or d, at most 10 years; or inf)")
            }
            if case .seconds(let value) = seconds { return .success(String(max(value, minimum))) }
            return .success("inf")
        case .number(let minimum):
            guard let value = checkedNumber(text) else {
                return invalid("a number (digits only, at most \(Int32.max))")
            }
            return .success(String(max(value, minimum)))
        case .fqdn:
            let lowered = text.lowercased()
            return isFQDN(lowered) ? .success(lowered) : invalid("a fully qualified host name")
        case .fqdnWithPort:
            let lowered = text.lowercased()
            return isFQDNWithPort(lowered)
                ? .success(lowered) : invalid("a host name (with an optional :port from 1 to 65535)")
        case .url:
            return isURL(text) ? .success(text) : invalid("an http:// or https:// URL")
        case .protocolName:
            let lowered = text.lowercased()
            guard context.protocolNames.contains(lowered) else {
                return invalid(
                    "a known protocol"
                        + Suggestion.didYouMean(
                            lowered, among: context.protocolNames.sorted(), otherwise: " (see -list-protocols)"))
            }
            return .success(lowered)
        case .use, .useV4, .useV6:
            // One strategy, or several in order (`'dnsv4,webv4'`: the next when one fails).
            var items: [String] = []
            for item in OptionTable.listItems(text.lowercased()) {
                var lowered = item
                if lowered == "no", type != .useV4 { lowered = "disabled" }
                let allowed: Set<String> =
                    type == .use ? useStrategies : type == .useV4 ? useV4Strategies : useV6Strategies
                let routersAllowed = type != .useV6
                guard allowed.contains(lowered) || (routersAllowed && context.routers.contains(lowered)) else {
                    let kind =
                        type == .use ? "an IP strategy" : type == .useV4 ? "an IPv4 strategy" : "an IPv6 strategy"
                    return .failure(
                        OptionValueError(
                            value: lowered, expected: kind + Suggestion.didYouMean(lowered, among: allowed.sorted())))
                }
                items.append(lowered)
            }
            guard !items.isEmpty else { return invalid("an IP strategy") }
            if items.count > 1 && items.contains("disabled") { return invalid("a list without 'disabled'") }
            return .success(items.joined(separator: ","))
        case .interface:
            // One interface, or several in order (`'ppp0,ppp1'`: a primary and a secondary WAN).
            let names = text.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.drop { $0 == " " }.trimmingSuffix { $0 == " " }
            }
            return !names.contains(where: \.isEmpty)
                && names.allSatisfy({
                    $0.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || ":._-".contains($0)) })
                }) ? .success(names.joined(separator: ",")) : invalid("an interface name")
        case .file, .program, .login:
            return text.isEmpty
                ? invalid(type == .file ? "a file name" : type == .program ? "a program" : "a login") : .success(text)
        case .password, .string, .email:
            return .success(text)
        case .urlTemplate:
            let lowered = text.lowercased()
            return (lowered.hasPrefix("http://") || lowered.hasPrefix("https://")) && !text.contains(" ")
                && text.count > 8
                ? .success(text) : invalid("an http:// or https:// URL (with %h, %i, %4, %6, %u, %p placeholders)")
        case .regex:
            do {
                _ = try Regex(text)
                return .success(text)
            } catch {
                return invalid("a regular expression")
            }
        case .choice(let words):
            let lowered = text.lowercased()
            return words.contains(lowered) ? .success(lowered) : invalid("one of \(words.joined(separator: ", "))")
        case .choices(let words):
            let items = listItems(text, as: type)!
            guard !items.valid.isEmpty, items.invalid.isEmpty else {
                return invalid(
                    "a list of \(words.joined(separator: ", "))"
                        + Suggestion.didYouMean(items.invalid.first ?? "", among: words, otherwise: ""))
            }
            return .success(items.valid.joined(separator: ","))
        case .urls:
            let items = listItems(text, as: type)!
            return !items.valid.isEmpty && items.invalid.isEmpty
                ? .success(items.valid.joined(separator: ",")) : invalid("a list of http:// or https:// URLs")
        case .ip:
            return looksLikeIPv4(text) || looksLikeIPv6(text) ? .success(text) : invalid("an IP address")
        case .ipv4:
            return looksLikeIPv4(text) ? .success(text) : invalid("an IPv4 address")
        case .ipv6:
            return looksLikeIPv6(text) ? .success(text) : invalid("an IPv6 address")
        }
    }

    /// ddclient's `interval()`: `30`, `30s`, `5m`, `5min`, `2h`, `1d`, `inf`… (prefix match,
    /// case-insensitive), or nil.
    public static func interval(_ text: String) -> Interval? {
        let lowered = text.lowercased()
        if ["inf", "infinity", "infinite", "indefinite", "indefinitely", "never", "forever", "always"].contains(lowered)
        {
            return .infinite
        }
        let digits = lowered.prefix { $0.isASCIIDigit }
        guard !digits.isEmpty, let number = checkedNumber(digits) else { return nil }
        let unit = lowered.dropFirst(digits.count)
        let scale: Int
        if unit.isEmpty || unit.hasPrefix("s") {
            scale = 1
        } else if unit.hasPrefix("m") {
            scale = 60
        } else if unit.hasPrefix("h") {
            scale = 3600
        } else if unit.hasPrefix("d") {
            scale = 86400
        } else {
            return nil
        }
        let (seconds, overflow) = number.multipliedReportingOverflow(by: scale)
        guard !overflow, seconds <= Interval.maximumSeconds else { return nil }
        return .seconds(seconds)
    }

    /// The one conversion of decimal digits to a number, from any source (file, command line,
    /// cache, a provider's reply): nil unless it is 0…`maximum`, never a trap on overflow.
    public static func checkedNumber(_ digits: some StringProtocol, maximum: Int = Int(Int32.max)) -> Int? {
        guard !digits.isEmpty, digits.utf8.count <= 19, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
            let value = Int(digits), value <= maximum
        else { return nil }
        return value
    }

    static func isFQDN(_ text: String) -> Bool {
        // ddclient: an inner dot, `[^.]\.[^.]`.
        let characters = Array(text)
        guard characters.count >= 3 else { return false }
        for index in 1..<(characters.count - 1)
        where characters[index] == "." && characters[index - 1] != "." && characters[index + 1] != "." {
            return !text.contains(where: { $0 == " " || $0 == "," || $0 == "/" })
        }
        return false
    }

    /// For the list types (`notify-events`, `notify`): the items that are valid and those that
    /// are not, so that one typo drops only itself. nil for other types.
    static func listItems(_ text: String, as type: OptionType) -> (valid: [String], invalid: [String])? {
        switch type {
        case .choices(let words):
            let items = OptionTable.listItems(text.lowercased())
            return (items.filter(words.contains), items.filter { !words.contains($0) })
        case .urls:
            let items = OptionTable.listItems(text)
            return (items.filter(isURL), items.filter { !isURL($0) })
        default: return nil
        }
    }

    static func isFQDNWithPort(_ text: String) -> Bool {
        var rest = Substring(text)
        for scheme in ["http://", "https://"] where rest.hasPrefix(scheme) { rest = rest.dropFirst(scheme.count) }
        var host = rest.prefix { $0 != "/" }
        if host.hasPrefix("["), let close = host.firstIndex(of: "]") {
            let after = host[host.index(after: close)...]
            guard after.isEmpty || (after.hasPrefix(":") && isPort(after.dropFirst())) else { return false }
            return looksLikeIPv6(String(host[host.index(after: host.startIndex)..<close]))
        }
        if let colon = host.lastIndex(of: ":") {
            guard isPort(host[host.index(after: colon)...]) else { return false }
            host = host[..<colon]
        }
        return isFQDN(String(host)) || host == "localhost"
    }

    /// 1 to 65535 in decimal digits (a port libcurl would refuse only when the request is sent).
    static func isPort(_ text: Substring) -> Bool {
        !text.isEmpty && text.count <= 5 && text.allSatisfy(\.isASCIIDigit) && (1...65535).contains(Int(text)!)
    }

    static func isURL(_ text: String) -> Bool {
        let lowered = text.lowercased()
        var rest = Substring(text)
        if lowered.hasPrefix("http://") {
            rest = rest.dropFirst(7)
        } else if lowered.hasPrefix("https://") {
            rest = rest.dropFirst(8)
        } else if lowered.contains("://") {
            return false
        }
        let host = rest.prefix { $0 != "/" }
        return isFQDNWithPort(String(host).lowercased()) && !text.contains(" ")
    }

    /// A quick syntactic check; the detection layer parses addresses strictly.
    static func looksLikeIPv4(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4
            && parts.allSatisfy { !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isASCIIDigit) && Int($0)! <= 255 }
    }

    static func looksLikeIPv6(_ text: String) -> Bool {
        guard text.contains(":"), text.count <= 45 else { return false }
        return text.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
            && text.split(separator: ":", omittingEmptySubsequences: false).count <= 8
    }
}

/// Why a value is not valid for its option: the value as written and what was expected.
public struct OptionValueError: Error, Sendable, Equatable, CustomStringConvertible {
    public var value: String
    /// "a time interval (…)", "an IPv4 address": completes "'value' is not …".
    public var expected: String
    /// `'value' is not <expected>`.
    public var message: String { "'\(value)' is not \(expected)" }
    public var description: String { message }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
