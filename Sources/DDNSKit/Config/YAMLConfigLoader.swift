/// The YAML form of `ddclient.conf`, with the same option names and the same validation:
///
/// ```yaml
/// # global options at the top level
/// daemon: 300
/// usev4: webv4
/// protocol: dyndns2
/// login: bob
/// password_env: DDNS_PASSWORD   # _env and _file work as in ddclient.conf
/// hosts:
///   - host: home.example.org          # one name …
///   - host: [a.example.org, b.example.org]   # … or several
///     protocol: cloudflare
///     zone: example.org
/// ```
/// Every host takes the global options (the order of keys does not matter in YAML) and
/// overrides them with its own. `hosts` may also be a mapping from host name to options.
/// Booleans may be written `yes`/`no`/`true`/`false`; intervals as in ddclient (`5m`).
public enum YAMLConfigLoader {
    public static func parse(_ text: String, file: String, environment: [String: String] = [:]) throws(ConfigError)
        -> RawConfig
    {
        let documents: [YAMLNode]
        do {
            documents = try YAMLReader.parse(text, file: file)
        } catch {
            throw ConfigError(error.message, at: SourceLocation(file: file, line: error.line, column: error.column))
        }
        var config = RawConfig()
        guard let root = documents.first else { return config }
        if documents.count > 1 {
            config.diagnostics.append(
                ConfigDiagnostic(
                    .warning, "only the first YAML document is read",
                    at: SourceLocation(file: file, line: documents[1].line, column: documents[1].column)))
        }
        guard let pairs = root.pairs else {
            throw ConfigError(
                "the top level must be a mapping of options (and 'hosts')",
                at: SourceLocation(file: file, line: root.line, column: root.column))
        }
        var hostNodes: YAMLNode?
        var globalKeys: [String: YAMLPair] = [:]
        for pair in pairs {
            if pair.key == "hosts" {
                hostNodes = pair.value
                continue
            }
            if let (name, value) = scalarOption(
                pair, file: file, environment: environment, diagnostics: &config.diagnostics)
            {
                try checkRepeated(name, pair, in: &globalKeys, file: file)
                config.globals[name] = value
            }
        }
        guard let hostNodes else { return config }
        var entries: [(names: [YAMLNode], options: [YAMLPair], node: YAMLNode)] = []
        switch hostNodes.value {
        case .sequence(let items):
            for item in items {
                guard let pairs = item.pairs else {
                    if let name = item.scalar {
                        entries.append(
                            ([YAMLNode(.scalar(name, quoted: false), line: item.line, column: item.column)], [], item))
                    } else {
                        config.diagnostics.append(
                            ConfigDiagnostic(
                                .error, "a host entry must be a mapping with 'host:'", at: location(item, file)))
                    }
                    continue
                }
                guard let hostNode = item["host"] else {
                    config.diagnostics.append(
                        ConfigDiagnostic(.error, "host entry without 'host:'; skipped", at: location(item, file)))
                    continue
                }
                let names = hostNode.items ?? [hostNode]
                entries.append((names, pairs.filter { $0.key != "host" }, item))
            }
        case .mapping(let pairs):
            for pair in pairs {
                let options = pair.value.pairs ?? []
                if pair.value.pairs == nil, pair.value.scalar.map({ !$0.isEmpty }) ?? true {
                    config.diagnostics.append(
                        ConfigDiagnostic(
                            .error, "the options of host '\(pair.key)' must be a mapping",
                            at: location(pair.value, file)))
                    continue
                }
                entries.append(
                    (
                        [YAMLNode(.scalar(pair.key, quoted: false), line: pair.keyLine, column: pair.keyColumn)],
                        options, pair.value
                    ))
            }
        case .scalar:
            throw ConfigError("'hosts' must be a list (or a mapping of host names)", at: location(hostNodes, file))
        }
        for entry in entries {
            var locals: [String: RawValue] = [:]
            var localKeys: [String: YAMLPair] = [:]
            for pair in entry.options {
                if let (name, value) = scalarOption(
                    pair, file: file, environment: environment, diagnostics: &config.diagnostics)
                {
                    try checkRepeated(name, pair, in: &localKeys, file: file)
                    locals[name] = RawValue(value.text, at: value.location, onHostLine: true)
                }
            }
            for nameNode in entry.names {
                guard let name = nameNode.scalar?.lowercased(), !name.isEmpty, ConfFileParser.isPlausibleHost(name)
                else {
                    config.diagnostics.append(
                        ConfigDiagnostic(
                            .error,
                            "not a host name: \(nameNode.scalar ?? "(a list or mapping)")"
                                + HostName.asciiHint(nameNode.scalar ?? ""),
                            at: location(nameNode, file)))
                    continue
                }
                var values = config.globals
                values.merge(locals) { $1 }
                if let existing = config.index(of: name) {
                    config.diagnostics.append(
                        ConfigDiagnostic(
                            .warning, "host defined again; the first definition's values are kept",
                            at: location(nameNode, file), host: name))
                    for (key, value) in values where config.hosts[existing].values[key] == nil {
                        config.setValue(value, forKey: key, host: existing)
                    }
                } else {
                    config.append(RawHost(name: name, values: values, location: location(nameNode, file)))
                }
            }
        }
        return config
    }

    /// Keys that differ only in case, or by `_env`/`_file`, set the same option: as for a key
    /// written twice, which one did the user mean?
    private static func checkRepeated(_ name: String, _ pair: YAMLPair, in seen: inout [String: YAMLPair], file: String)
        throws(ConfigError)
    {
        if let first = seen[name] {
            throw ConfigError(
                "'\(pair.key)' and '\(first.key)' both set option '\(name)', at lines \(first.keyLine) and \(pair.keyLine)",
                at: SourceLocation(file: file, line: pair.keyLine, column: pair.keyColumn))
        }
        seen[name] = pair
    }

    private static func location(_ node: YAMLNode, _ file: String) -> SourceLocation {
        SourceLocation(file: file, line: node.line, column: node.column)
    }

    /// `key: scalar`, with `_env`/`_file` indirection; anything else is a diagnostic.
    private static func scalarOption(
        _ pair: YAMLPair, file: String, environment: [String: String], diagnostics: inout [ConfigDiagnostic]
    ) -> (String, RawValue)? {
        let at = SourceLocation(file: file, line: pair.value.line, column: pair.value.column)
        // A list option (`usev4: [dnsv4, webv4]`) is the comma list ddclient.conf writes quoted.
        if OptionTable.listOptions.contains(pair.key.lowercased()), let items = pair.value.items,
            !items.isEmpty, items.allSatisfy({ $0.scalar.map { !$0.contains(",") } ?? false })
        {
            return (pair.key.lowercased(), RawValue(items.compactMap(\.scalar).joined(separator: ","), at: at))
        }
        guard let text = pair.value.scalar else {
            diagnostics.append(
                ConfigDiagnostic(
                    .warning, "value must be a single value, not a list or mapping (ignored)", at: at, option: pair.key)
            )
            return nil
        }
        let name = pair.key.lowercased()
        if name.hasSuffix("_env") || (name.hasSuffix("_file") && name != "ssl_ca_file") {
            let assignment = ConfFileParser.parseAssignments("\(name)=\(escape(text))", environment: environment)
            for warning in assignment.warnings { diagnostics.append(ConfigDiagnostic(.warning, warning, at: at)) }
            guard let (real, value) = assignment.values.first else { return nil }
            return (real, RawValue(value, at: at))
        }
        return (name, RawValue(text, at: at))
    }

    private static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            if "\\'\" ,\t\n".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
