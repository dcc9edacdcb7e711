/// What the command line asks for, besides configuration values.
public enum CommandAction: Sendable, Equatable {
    /// Detect and update (the default).
    case run
    /// `-help`, or `-help=NAME` for one protocol's options and example.
    case help(protocol: String?)
    case version(short: Bool)
    case listProtocols
    case listWebServices
    case listDevices
    /// Survey the address sources and exit.
    case query
    /// Print the cache's view of every host.
    case status(json: Bool)
    /// Print the effective configuration.
    case printConfig(format: ConfigFormat, showSecrets: Bool)
    /// Print the body of a URL (ddclient 3.x `-geturl`).
    case getURL(String)
    /// Send one test event to every notification target.
    case notifyTest

    public var isQuery: Bool { self == .query }
}

/// A configuration file format.
public enum ConfigFormat: String, Sendable, Equatable, CaseIterable {
    /// ddclient.conf syntax.
    case conf
    case yaml
}

/// The parsed command line: configuration values for the loader, and the action.
public struct ParsedCommandLine: Sendable, Equatable {
    public var overrides: CommandLineOverrides
    public var action: CommandAction

    public init(overrides: CommandLineOverrides = CommandLineOverrides(), action: CommandAction = .run) {
        self.overrides = overrides
        self.action = action
    }
}

/// A command line that cannot be understood; the program exits with code 2.
public struct CommandLineError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// ddclient's command line, parsed the way Perl's Getopt::Long (default configuration) does:
/// `-flag` and `--flag`, `-flag=value` and `-flag value`, case-insensitive unique prefixes,
/// `-noflag`/`-no-flag` for negatable flags, `+flag`, and `--` to end the options.
///
/// Differences from ddclient, on purpose: an unknown flag or a stray argument is an error
/// (exit 2) instead of being ignored, and `-postscript` takes a value.
public enum CommandLineParser {
    /// Every spelling (flag names and their negations) with what it means.
    private struct Spelling {
        var flag: CommandLineFlag
        var negated: Bool
    }

    /// Every spelling and what it means; built only when a name is not spelled out in full
    /// (a cron run's `-file`, `-cache` are found by `exactSpelling` without it).
    private static let spellings: [String: Spelling] = {
        var table: [String: Spelling] = [:]
        for flag in CommandLineFlags.all {
            for (name, negated) in spellings(of: flag) { table[name] = Spelling(flag: flag, negated: negated) }
        }
        return table
    }()

    /// How `flag` may be written in full: its name, and `noNAME`, `no-NAME` when negatable.
    private static func spellings(of flag: CommandLineFlag) -> [(name: String, negated: Bool)] {
        flag.kind == .negatable
            ? [(flag.name, false), ("no" + flag.name, true), ("no-" + flag.name, true)] : [(flag.name, false)]
    }

    private static let sortedSpellings: [String] = spellings.keys.sorted()

    /// The flag spelled exactly `name` (`name`, `noname`, `no-name`), by a walk over the flag
    /// list: cheaper than building the spelling table on a run that spells every flag out.
    private static func exactSpelling(_ name: String) -> Spelling? {
        for flag in CommandLineFlags.all {
            if let spelling = spellings(of: flag).first(where: { $0.name == name }) {
                return Spelling(flag: flag, negated: spelling.negated)
            }
        }
        return nil
    }

    public static func parse(_ arguments: [String]) throws(CommandLineError) -> ParsedCommandLine {
        var result = ParsedCommandLine()
        var actions: [CommandAction] = []
        var json = false
        var showSecrets = false
        var printFormat: ConfigFormat?
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            if argument == "--" {
                if let stray = rest.first { throw CommandLineError("unexpected argument '\(stray)'") }
                break
            }
            let body: Substring
            if argument.hasPrefix("--") {
                body = argument.dropFirst(2)
            } else if argument.hasPrefix("-") || argument.hasPrefix("+") {
                body = argument.dropFirst()
            } else {
                throw CommandLineError("unexpected argument '\(argument)' (options start with '-')")
            }
            guard !body.isEmpty else { throw CommandLineError("unexpected argument '\(argument)'") }
            var name = Substring(body)
            var inlineValue: String?
            if let equals = body.firstIndex(of: "=") {
                name = body[..<equals]
                inlineValue = String(body[body.index(after: equals)...])
            }
            let spelling = try resolve(name.lowercased())
            let flag = spelling.flag
            var value: String
            switch flag.kind {
            case .plain, .negatable:
                if inlineValue != nil { throw CommandLineError("Option \(name) does not take an argument") }
                value = spelling.negated ? "0" : "1"
            case .string, .integer:
                if let inlineValue {
                    value = inlineValue
                } else if let next = rest.popFirst() {
                    value = next
                } else {
                    throw CommandLineError("Option \(name) requires an argument")
                }
                if flag.kind == .integer, Int(value) == nil {
                    throw CommandLineError("Value \"\(value)\" invalid for option \(flag.name) (number expected)")
                }
            case .optionalString:
                if let inlineValue {
                    value = inlineValue
                } else if let next = rest.first, !next.hasPrefix("-"), !next.isEmpty {
                    value = next
                    rest.removeFirst()
                } else {
                    value = ""
                }
            }
            if let option = flag.option {
                result.overrides.values[option] = value
                continue
            }
            switch flag.name {
            case "host":
                result.overrides.hosts = value.split(whereSeparator: { $0 == "," || $0 == " " }).map {
                    String($0).lowercased()
                }
            case "options":
                result.overrides.assignments = value
            case "help": actions.append(.help(protocol: value.isEmpty ? nil : value.lowercased()))
            case "version":
                guard value.isEmpty || value == "short" else {
                    throw CommandLineError("Value \"\(value)\" invalid for option version (only 'short')")
                }
                actions.append(.version(short: value == "short"))
            case "list-protocols": actions.append(.listProtocols)
            case "list-web-services": actions.append(.listWebServices)
            case "list-devices": actions.append(.listDevices)
            case "query": if value == "1" { actions.append(.query) } else { actions.removeAll { $0 == .query } }
            case "status": actions.append(.status(json: false))
            case "json": json = value == "1"
            case "show-secrets": showSecrets = value == "1"
            case "print-config":
                guard let format = value.isEmpty ? .conf : ConfigFormat(rawValue: value.lowercased()) else {
                    throw CommandLineError("Value \"\(value)\" invalid for option print-config (conf or yaml)")
                }
                printFormat = format
                actions.append(.printConfig(format: format, showSecrets: false))
            case "geturl": actions.append(.getURL(value))
            case "notify-test": actions.append(.notifyTest)
            default: break
            }
        }
        // One action wins: information first, then status, printing, query, run.
        let precedence: [(CommandAction) -> Bool] = [
            { if case .help = $0 { true } else { false } }, { if case .version = $0 { true } else { false } },
            { $0 == .listProtocols }, { $0 == .listWebServices }, { $0 == .listDevices },
            { if case .getURL = $0 { true } else { false } },
            { if case .status = $0 { true } else { false } },
            { if case .printConfig = $0 { true } else { false } },
            { $0 == .notifyTest }, { $0 == .query },
        ]
        for matches in precedence {
            if let action = actions.first(where: matches) {
                result.action = action
                break
            }
        }
        if case .status = result.action { result.action = .status(json: json) }
        if case .printConfig = result.action, let printFormat {
            result.action = .printConfig(format: printFormat, showSecrets: showSecrets)
        }
        return result
    }

    /// Exact spelling, else a unique prefix (Getopt::Long's auto-abbreviation).
    private static func resolve(_ name: String) throws(CommandLineError) -> Spelling {
        if let exact = exactSpelling(name) { return exact }
        let candidates = sortedSpellings.filter { $0.hasPrefix(name) }
        guard let first = candidates.first else {
            throw CommandLineError(
                "Unknown option: \(name)" + Suggestion.didYouMean(name, among: sortedSpellings) { "-\($0)" })
        }
        let meanings = Set(candidates.map { "\(spellings[$0]!.flag.name)/\(spellings[$0]!.negated)" })
        guard meanings.count == 1 else {
            throw CommandLineError("Option \(name) is ambiguous (\(candidates.joined(separator: ", ")))")
        }
        return spellings[first]!
    }
}
