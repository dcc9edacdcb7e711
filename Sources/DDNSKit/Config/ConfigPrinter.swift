/// `--print-config`: the effective configuration as `ddclient.conf` or YAML, such that reading
/// the output back gives the same hosts and values. Only values that differ from the defaults
/// are printed. Secrets are `********` unless `showSecrets`.
public enum ConfigPrinter {
    /// What a secret is printed as without `showSecrets`; a configuration holding it is refused.
    public static let mask = "********"

    public static func render(
        _ config: Configuration, format: ConfigFormat, showSecrets: Bool,
        protocols: [any DDNSProtocol] = ProtocolRegistry.all
    ) -> String {
        let globals = OptionTable.global.compactMap { spec -> (String, String, Bool)? in
            guard spec.name != "file", let value = config.globals[spec.name], value != spec.defaultValue else {
                return nil
            }
            return (spec.name, value, spec.secret)
        }
        var hosts: [(name: String, values: [(String, String, Bool)])] = []
        for host in config.hosts {
            guard let proto = protocols.first(where: { $0.name == host.protocolName }) else { continue }
            let specs = OptionTable.hostOptions(for: proto)
            var values: [(String, String, Bool)] = [("protocol", proto.name, false)]
            for name in host.values.keys.sorted()
            where name != "protocol" && name != "host" && OptionTable.globalByName[name] == nil {
                guard let spec = specs[name], let value = host.values[name] else { continue }
                if value == spec.defaultValue { continue }
                if name == "use" {
                    let v4 = host.values["usev4"] ?? "disabled"
                    let v6 = host.values["usev6"] ?? "disabled"
                    if value == ((v4 != "disabled" || v6 != "disabled") ? "disabled" : "ip") { continue }
                }
                values.append((name, value, spec.secret))
            }
            hosts.append((host.name, values))
        }
        switch format {
        case .conf: return renderConf(file: config.file, globals: globals, hosts: hosts, showSecrets: showSecrets)
        case .yaml: return renderYAML(file: config.file, globals: globals, hosts: hosts, showSecrets: showSecrets)
        }
    }

    private static func renderConf(
        file: String, globals: [(String, String, Bool)], hosts: [(name: String, values: [(String, String, Bool)])],
        showSecrets: Bool
    ) -> String {
        var out = "# effective configuration of \(file) (ddswift \(DDSwiftVersion.string))\n"
        for (name, value, secret) in globals {
            out +=
                assignmentLine([(name, value, secret)], showSecrets: showSecrets).map { $0 + "\n" }
                ?? "# \(name): value contains '#', which ddclient.conf cannot hold\n"
        }
        for host in hosts {
            // ddclient.conf reads one `…password=` per line, and it must come last: the host is
            // written again (a repeated host only gains new keys) for each further secret.
            let plain = host.values.filter { !$0.0.hasSuffix("password") }
            let passwords = host.values.filter { $0.0.hasSuffix("password") }
            var lines: [[(String, String, Bool)]] = [plain + passwords.prefix(1)]
            for extra in passwords.dropFirst() { lines.append([extra]) }
            for items in lines {
                if let line = assignmentLine(items, showSecrets: showSecrets) {
                    out += "\(line) \(host.name)\n"
                } else {
                    out += "# \(host.name): a value contains '#', which ddclient.conf cannot hold outside a password\n"
                }
            }
        }
        return out
    }

    /// `a=1, b='x y', password='…'`, or nil when a value cannot be written.
    static func assignmentLine(_ items: [(String, String, Bool)], showSecrets: Bool) -> String? {
        var parts: [String] = []
        for (name, value, secret) in items {
            let shown = secret && !showSecrets ? mask : value
            if name.hasSuffix("password") {
                // Read by the special password rule: taken verbatim, no escapes.
                let needsQuotes = shown.isEmpty || shown.contains { " \t,'\"#\\".contains($0) } || shown.hasPrefix("'")
                parts.append(needsQuotes ? "\(name)='\(shown)'" : "\(name)=\(shown)")
                continue
            }
            if shown.contains("#") || shown.contains("\n") { return nil }
            parts.append("\(name)=\(quote(shown))")
        }
        return parts.joined(separator: ", ")
    }

    /// A value as `parse_assignments` reads it back: special characters escaped with `\`
    /// (quotes would not keep double spaces: ddclient folds white space before parsing).
    static func quote(_ value: String) -> String {
        if value.isEmpty { return "''" }
        var out = ""
        for character in value {
            if " \t,'\"\\".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }

    private static func renderYAML(
        file: String, globals: [(String, String, Bool)], hosts: [(name: String, values: [(String, String, Bool)])],
        showSecrets: Bool
    ) -> String {
        var out = "# effective configuration of \(file) (ddswift \(DDSwiftVersion.string))\n"
        for (name, value, secret) in globals {
            out += "\(name): \(yamlQuote(secret && !showSecrets ? mask : value))\n"
        }
        if !hosts.isEmpty { out += "hosts:\n" }
        for host in hosts {
            out += "  - host: \(yamlQuote(host.name))\n"
            for (name, value, secret) in host.values {
                out += "    \(name): \(yamlQuote(secret && !showSecrets ? mask : value))\n"
            }
        }
        return out
    }

    /// A double-quoted YAML scalar.
    static func yamlQuote(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\x" + (hex.count < 2 ? "0" : "") + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
