#if canImport(Glibc)
    import Glibc
#endif

/// A configuration that cannot be used at all: the file is missing or unreadable, its YAML is
/// malformed, or a command-line value is invalid (ddclient: FATAL). Exit code 2.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var location: SourceLocation?

    public init(_ message: String, at location: SourceLocation? = nil) {
        self.message = message
        self.location = location
    }

    public var description: String { location.map { "\($0): \(message)" } ?? message }
}

/// Reads a configuration (ddclient.conf or YAML), applies the command line, and resolves every
/// host against its own protocol's options.
public enum ConfigLoader {
    /// The first configuration file that exists (``DefaultPaths/configurationCandidates``);
    /// ddclient 4.x's path when none exists, so the error names the path ddclient would.
    public static func defaultPath(fileExists: ((String) -> Bool)? = nil) -> String {
        let exists: (String) -> Bool = fileExists ?? { access($0, F_OK) == 0 }
        return DefaultPaths.configurationCandidates.first(where: exists) ?? "/etc/ddclient/ddclient.conf"
    }

    /// The largest configuration file read (a 100,000-host file is about 5 MB).
    public static let maximumSize = 64 << 20

    /// Reads `path` (format by extension or content), checks its permissions, and resolves it.
    public static func load(
        path: String, overrides: CommandLineOverrides = CommandLineOverrides(), environment: [String: String] = [:],
        protocols: [any DDNSProtocol] = ProtocolRegistry.all,
        routers: @escaping @Sendable @autoclosure () -> Set<String> = []
    ) throws(ConfigError) -> Configuration {
        let text: String
        do {
            text = try readRegularFile(path, limit: maximumSize, allowStreams: true)
        } catch {
            throw ConfigError("cannot read the configuration file \(path): \(error.why)")
        }
        var config = try parse(
            text: text, file: path, format: nil, overrides: overrides, environment: environment, protocols: protocols,
            routers: routers())
        // -test (or exec=0, from the command line or the file) writes nothing, so it reports a
        // readable configuration instead of fixing it.
        config.diagnostics.insert(contentsOf: FilePermissions.check(path, fix: !config.isDryRun), at: 0)
        return config
    }

    /// Parses configuration text. `format` nil: YAML for `.yaml`/`.yml` names or YAML-looking text.
    public static func parse(
        text: String, file: String, format: ConfigFormat? = nil,
        overrides: CommandLineOverrides = CommandLineOverrides(),
        environment: [String: String] = [:], protocols: [any DDNSProtocol] = ProtocolRegistry.all,
        routers: @escaping @Sendable @autoclosure () -> Set<String> = []
    ) throws(ConfigError) -> Configuration {
        let chosen = format ?? detectFormat(text: text, file: file)
        let raw: RawConfig
        switch chosen {
        case .conf: raw = ConfFileParser.parse(text, file: file, environment: environment)
        case .yaml: raw = try YAMLConfigLoader.parse(text, file: file, environment: environment)
        }
        return try resolve(
            raw, file: file, overrides: overrides, environment: environment, protocols: protocols, routers: routers())
    }

    static func detectFormat(text: String, file: String) -> ConfigFormat {
        let lowered = file.lowercased()
        if lowered.hasSuffix(".yaml") || lowered.hasSuffix(".yml") { return .yaml }
        for line in text.utf8.split(separator: UInt8(ascii: "\n")).prefix(50).map({ Substring($0) }) {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            if trimmed.hasPrefix("---") { return .yaml }
            let name = trimmed.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
            let after = trimmed.dropFirst(name.count)
            if !name.isEmpty, after.hasPrefix(":"), after.dropFirst().first.map({ $0 == " " || $0 == "\t" }) ?? true {
                return .yaml
            }
            return .conf
        }
        return .conf
    }

    /// ddclient 4.x's `opt()` order, with the command line first: a value given on the command
    /// line → the value the host captured or set → the final globals → the protocol's default →
    /// the common default. Values are validated against the host's own protocol.
    static func resolve(
        _ raw: RawConfig, file: String, overrides: CommandLineOverrides, environment: [String: String],
        protocols: [any DDNSProtocol], routers: @escaping @Sendable @autoclosure () -> Set<String>
    ) throws(ConfigError) -> Configuration {
        var raw = raw
        var diagnostics = raw.diagnostics
        let context = OptionValue.Context(protocolNames: Set(protocols.map(\.name)), routers: routers())
        let commandLine = SourceLocation(file: "<command line>", line: 0)

        // Command-line values: invalid ones are fatal, as in ddclient.
        var cli: [String: String] = [:]
        for (name, text) in overrides.values {
            guard let spec = OptionTable.anySpec(name, protocols: protocols) else {
                throw ConfigError(
                    "unknown option '--\(name)'"
                        + Suggestion.didYouMean(name, among: OptionTable.allNames(protocols: protocols)) { "'--\($0)'" }
                )
            }
            switch OptionValue.normalise(text, as: spec.type, context: context) {
            case .success(let value): cli[name] = value
            case .failure(let error): throw ConfigError("invalid argument '--\(name)=\(text)': \(error.message)")
            }
        }
        if let assignments = overrides.assignments {
            let parsed = ConfFileParser.parseAssignments(assignments, environment: environment)
            guard parsed.rest.trimmingSuffix(while: { $0 == " " }).isEmpty else {
                throw ConfigError("unexpected content in '--options' argument: \(parsed.rest)")
            }
            if overrides.hosts.isEmpty {
                for (name, text) in parsed.values {
                    guard let spec = OptionTable.anySpec(name, protocols: protocols) else {
                        throw ConfigError(
                            "unknown option '\(name)' in --options"
                                + Suggestion.didYouMean(name, among: OptionTable.allNames(protocols: protocols)))
                    }
                    switch OptionValue.normalise(text, as: spec.type, context: context) {
                    case .success(let value): cli[name] = value
                    case .failure(let error):
                        throw ConfigError("invalid value in --options '\(name)=\(text)': \(error.message)")
                    }
                }
            } else {
                for host in overrides.hosts {
                    let index =
                        raw.index(of: host)
                        ?? {
                            raw.append(RawHost(name: host, values: raw.globals, location: commandLine))
                            return raw.hosts.count - 1
                        }()
                    for (name, text) in parsed.values {
                        raw.setValue(RawValue(text, at: commandLine, onHostLine: true), forKey: name, host: index)
                    }
                }
            }
        }

        // Globals.
        var globals: [String: String] = [:]
        for spec in OptionTable.global {
            var noMemo: [String: Result<String, OptionValueError>] = [:]
            if case .value(let value) = pick(
                spec, cli: cli[spec.name], candidates: [raw.globals[spec.name]], context: context, host: nil,
                diagnostics: &diagnostics, memo: &noMemo)
            {
                globals[spec.name] = value
            }
        }
        for (name, value) in raw.globals where OptionTable.globalByName[name] == nil {
            if let spec = OptionTable.anySpec(name, protocols: protocols) {
                // Host options on a global line: protocols may type an option differently (ttl
                // is a number for one, an interval for another), and each host checks it again
                // against its own; here it is an error only when no definition accepts it.
                // The other definitions are looked up only when the first refuses the value
                // (listing every protocol's options costs more than the rest of a cron run).
                var firstError: OptionValueError?
                func accepts(_ candidate: OptionSpec) -> Bool {
                    switch OptionValue.normalise(value.text, as: candidate.type, context: context) {
                    case .success(let normalised):
                        globals[name] = normalised
                        return true
                    case .failure(let error):
                        firstError = firstError ?? error
                        return false
                    }
                }
                if !accepts(spec) {
                    for proto in protocols {
                        if let other = proto.options.first(where: { $0.name == name }), accepts(other) { break }
                    }
                }
                // `protocol` is checked per host, where an unknown or retired one is explained.
                if globals[name] == nil, name != "protocol", let firstError {
                    diagnostics.append(
                        invalidValue(
                            spec, firstError, at: value.location,
                            consequence: spec.type.namesDestination
                                ? "the hosts that use it are skipped, nothing sent" : "ignored"))
                }
            } else {
                diagnostics.append(
                    ConfigDiagnostic(
                        .warning,
                        "unrecognized keyword (ignored)"
                            + Suggestion.didYouMean(name, among: OptionTable.allNames(protocols: protocols)),
                        at: value.location, option: name))
            }
        }
        for (name, value) in cli where globals[name] == nil || OptionTable.globalByName[name] == nil {
            globals[name] = value
        }
        if let file = overrides.values["file"] { globals["file"] = file }

        // Hosts. Most values are captured globals, equal for every host: their normalised form
        // is computed once (`memo`), and each protocol's option table once (`tables`).
        var hosts: [HostConfig] = []
        // One memo per protocol: an option name has one type within a protocol, not across them.
        var memos: [String: [String: Result<String, OptionValueError>]] = [:]
        var tables: [String: (specs: [String: OptionSpec], ordered: [(String, OptionSpec)], required: [String])] = [:]
        let globalHostValues = globals.filter { OptionTable.globalByName[$0.key] != nil }
        var resolved: [ResolutionSignature: (values: [String: String], invalid: Bool)] = [:]
        var lastResolved: (signature: ResolutionSignature, result: (values: [String: String], invalid: Bool))?
        // Filled as hosts name protocols (a table of all 49 cost more than a cron run's host).
        var protocolsByName: [String: (any DDNSProtocol)?] = [:]
        func protocolNamed(_ text: String) -> (any DDNSProtocol)? {
            if let known = protocolsByName[text] { return known }
            let lowered = text.lowercased()
            let found = protocols.first { $0.name == text } ?? protocols.first { $0.name == lowered }
            protocolsByName[text] = .some(found)
            return found
        }
        for rawHost in raw.hosts {
            let protocolText =
                overrides.values["protocol"] ?? rawHost.values["protocol"]?.text ?? raw.globals["protocol"]?.text
                ?? "dyndns2"
            guard let proto = protocolNamed(protocolText) else {
                let location = rawHost.values["protocol"]?.location ?? rawHost.location
                let message =
                    RetiredProtocols.reason(protocolText).map {
                        "protocol '\(protocolText)' is no longer offered: \($0); host skipped, nothing sent"
                    }
                    ?? "unknown protocol '\(protocolText)'"
                    + Suggestion.didYouMean(
                        protocolText, among: protocols.map(\.name).sorted(), otherwise: " (see -list-protocols)")
                    + "; host skipped"
                diagnostics.append(ConfigDiagnostic(.error, message, at: location, host: rawHost.name))
                continue
            }
            if let problem = HostName.problem(
                rawHost.name, allowWildcard: proto.acceptsWildcardName, allowApexMarker: proto.acceptsApexMarker)
            {
                let shown = String(
                    rawHost.name.prefix(80).map { $0.isASCII && !$0.isWhitespace || $0 == " " ? $0 : "?" })
                diagnostics.append(
                    ConfigDiagnostic(
                        .error, "host name '\(shown)' \(problem); host skipped, nothing sent", at: rawHost.location))
                continue
            }
            let table =
                tables[proto.name]
                ?? {
                    let specs = OptionTable.hostOptions(for: proto)
                    // The names sorted, not the (name, spec) pairs: each move of a pair copies a spec.
                    let ordered = specs.keys.sorted().map { ($0, specs[$0]!) }
                    return (specs, ordered, ordered.filter { $0.1.required }.map(\.0))
                }()
            tables[proto.name] = table
            let specs = table.specs
            var valid = true
            // Hosts that captured the same values (every host between two global lines) resolve
            // alike: resolved once per distinct set, a 100,000-host file costs a hash per host.
            // Only hosts made of captured globals repeat; a host with values of its own line is
            // usually unique, and hashing its values to look it up would only cost.
            let shareable = !rawHost.values.values.contains(where: \.onHostLine)
            let signature = shareable ? ResolutionSignature(protocolName: proto.name, values: rawHost.values) : nil
            // They also share one dictionary (copy-on-write): nothing per host is stored in it.
            let values: [String: String]
            // The previous host's signature first: hosts in a row share their captured values'
            // dictionary, so equality is a pointer comparison where hashing would read it all.
            let known =
                signature.flatMap { signature in
                    lastResolved.flatMap { $0.signature == signature ? $0.result : nil } ?? resolved[signature]
                }
            if let signature, let known {
                values = known.values
                if known.invalid { valid = false }
                lastResolved = (signature, known)
            } else {
                var fresh = globalHostValues
                for (name, spec) in table.ordered {
                    let candidates = [rawHost.values[name], raw.globals[name]]
                    switch pick(
                        spec, cli: cli[name], candidates: candidates, context: context, host: rawHost.name,
                        diagnostics: &diagnostics, memo: &memos[proto.name, default: [:]])
                    {
                    case .value(let value): fresh[name] = value
                    case .none: break
                    case .invalid: valid = false
                    }
                }
                fresh["protocol"] = proto.name
                if fresh["use"] == nil {
                    let v4 = fresh["usev4"] ?? "disabled"
                    let v6 = fresh["usev6"] ?? "disabled"
                    fresh["use"] = (v4 != "disabled" || v6 != "disabled") ? "disabled" : "ip"
                }
                if let signature {
                    resolved[signature] = (fresh, !valid)
                    lastResolved = (signature, (fresh, !valid))
                }
                values = fresh
            }
            for (name, value) in rawHost.values
            where value.onHostLine && specs[name] == nil && OptionTable.globalByName[name] == nil && name != "host" {
                let message: String
                if OptionTable.commonByName[name] != nil {
                    message = "not used by protocol \(proto.name) (ignored)"
                } else if OptionTable.anySpec(name, protocols: protocols) != nil {
                    message = "not an option of protocol \(proto.name) (ignored)"
                } else {
                    message =
                        "unrecognized keyword (ignored)"
                        + Suggestion.didYouMean(name, among: OptionTable.allNames(protocols: protocols))
                }
                diagnostics.append(
                    ConfigDiagnostic(.warning, message, at: value.location, host: rawHost.name, option: name))
            }
            for name in table.required where (values[name] ?? "").isEmpty {
                diagnostics.append(
                    ConfigDiagnostic(
                        .error, "'\(name)' is required by protocol \(proto.name); host skipped, nothing sent",
                        at: rawHost.location, host: rawHost.name, option: name))
                valid = false
            }
            // A secret that is the mask `-print-config` writes (a converted file without
            // -show-secrets) would be sent to the provider as "********".
            for (name, spec) in table.ordered where spec.secret && values[name] == ConfigPrinter.mask {
                let location = rawHost.values[name]?.location ?? rawHost.location
                diagnostics.append(
                    ConfigDiagnostic(
                        .error,
                        "\(name) is \(ConfigPrinter.mask), the mask -print-config writes; convert with -print-config=yaml -show-secrets, "
                            + "or set the real value; host skipped, nothing sent",
                        at: location, host: rawHost.name, option: name))
                valid = false
            }
            if valid { hosts.append(HostConfig(name: rawHost.name, values: values, location: rawHost.location)) }
        }
        if !overrides.hosts.isEmpty {
            let wanted = Set(overrides.hosts)
            let known = Set(hosts.map(\.name))
            for name in overrides.hosts where !known.contains(name) {
                diagnostics.append(
                    ConfigDiagnostic(
                        .warning,
                        "-host \(name): not a host of \(file)"
                            + (raw.index(of: name) != nil ? " that can be sent (see above)" : ""),
                        at: nil))
            }
            hosts = hosts.filter { wanted.contains($0.name) }
        }
        var configuration = Configuration(file: file, globals: globals, hosts: hosts, diagnostics: diagnostics)
        configuration.secretOptions = tables.mapValues { $0.ordered.filter { $0.1.secret }.map(\.0) }
        return configuration
    }

    /// `file:line: option: 'value' is not …; …`; a secret value is not repeated.
    static func invalidValue(
        _ spec: OptionSpec, _ error: OptionValueError, at location: SourceLocation?, consequence: String = "ignored"
    ) -> ConfigDiagnostic {
        let shown = spec.secret ? ConfigPrinter.mask : error.value
        return ConfigDiagnostic(
            consequence.hasPrefix("ignored") ? .warning : .error,
            "\(spec.name): '\(shown)' is not \(error.expected) (\(consequence))", at: location)
    }

    /// What a host's option resolves to.
    private enum Pick {
        case value(String)
        /// No value and no default (`use`: decided by the caller).
        case none
        /// The value written names where requests go (`server`) and is not valid: the host is
        /// skipped rather than sent, with its login, to the default provider.
        case invalid
    }

    /// The command line's value, else the first valid value written (the host's line, then
    /// the globals it captured), else the default. An invalid value is a warning and falls
    /// through, as ddclient drops it, except where it says where requests go (a host name or
    /// URL type): that is an error, once per place it is written, and its hosts are skipped.
    private static func pick(
        _ spec: OptionSpec, cli: String?, candidates: [RawValue?], context: OptionValue.Context, host: String?,
        diagnostics: inout [ConfigDiagnostic], memo: inout [String: Result<String, OptionValueError>]
    ) -> Pick {
        if let cli { return .value(cli) }
        var seen = Set<SourceLocation?>()
        for candidate in candidates.compactMap({ $0 }) {
            let key = spec.name + "\u{0}" + candidate.text
            let normalised = memo[key] ?? OptionValue.normalise(candidate.text, as: spec.type, context: context)
            memo[key] = normalised
            switch normalised {
            case .success(let value): return .value(value)
            case .failure(let error):
                if host != nil, spec.type.namesDestination {
                    // One error per written value, not one per host that captured it.
                    let start = "\(spec.name): '"
                    if !diagnostics.contains(where: {
                        $0.location == candidate.location && $0.message.hasPrefix(start)
                    }) {
                        diagnostics.append(
                            invalidValue(
                                spec, error, at: candidate.location,
                                consequence: candidate.onHostLine
                                    ? "host skipped, nothing sent" : "the hosts that use it are skipped, nothing sent"
                            ))
                    }
                    return .invalid
                }
                // A list keeps its valid items: one typo in notify-events must not bring back
                // the default list, nor one bad URL silence every notify target.
                if let items = OptionValue.listItems(candidate.text, as: spec.type), !items.valid.isEmpty {
                    let dropped = spec.secret ? "\(items.invalid.count) item(s)" : items.invalid.joined(separator: ", ")
                    diagnostics.append(
                        invalidValue(spec, error, at: candidate.location, consequence: "ignored: \(dropped)"))
                    return .value(items.valid.joined(separator: ","))
                }
                // One warning per written value, not one per host that captured it.
                if !seen.contains(candidate.location), candidate.onHostLine || host == nil {
                    seen.insert(candidate.location)
                    diagnostics.append(invalidValue(spec, error, at: candidate.location))
                }
            }
        }
        if spec.name == "use" { return .none }  // dynamic default, decided by the caller
        return spec.defaultValue.map { .value($0) } ?? .none
    }
}

/// What a host's resolved values depend on besides the command line and the globals.
private struct ResolutionSignature: Hashable {
    var protocolName: String
    var values: [String: RawValue]
}

/// ddclient's check on configuration and cache files: readable by others means exposed secrets.
public enum FilePermissions {
    /// Warnings for `path`. A regular file the runner owns that others can read is fixed to
    /// 0600 through its own descriptor (opened with `O_NOFOLLOW`, so a symbolic link planted at
    /// the path never turns a root run's chmod against its target); anything else (a link, a
    /// folder, another owner's file) is only reported.
    public static func check(_ path: String, fix: Bool = true) -> [ConfigDiagnostic] {
        let location = SourceLocation(file: path, line: 0)
        var link = stat()
        guard lstat(path, &link) == 0 else { return [] }
        if link.st_mode & S_IFMT == S_IFLNK {
            var target = stat()
            guard stat(path, &target) == 0, target.st_mode & 0o077 != 0 else { return [] }
            return [
                ConfigDiagnostic(
                    .warning,
                    "file must be accessible only by its owner; it is a symbolic link, so ddswift does not change it (chmod 600 its target)",
                    at: location)
            ]
        }
        guard link.st_mode & S_IFMT == S_IFREG else { return [] }
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return [] }
        let mode = info.st_mode & 0o777
        if info.st_uid == geteuid() {
            if mode & 0o077 != 0 {
                // One link only: a hard link planted at the path shares the inode of another file.
                if fix, info.st_nlink == 1, fchmod(fd, 0o600) == 0 {
                    return [
                        ConfigDiagnostic(
                            .warning, "file must be accessible only by its owner (fixed to 0600)", at: location)
                    ]
                }
                return [
                    ConfigDiagnostic(
                        .warning, "file must be accessible only by its owner (chmod 600 \(path))", at: location)
                ]
            }
            return []
        }
        var warnings: [ConfigDiagnostic] = []
        if mode & 0o022 != 0 {
            warnings.append(
                ConfigDiagnostic(
                    .warning, "file should be owned only by ddswift's user or not be writable by others", at: location))
        }
        if mode & 0o007 != 0 {
            warnings.append(ConfigDiagnostic(.warning, "file must not be accessible by others", at: location))
        }
        return warnings
    }
}
