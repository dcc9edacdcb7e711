/// What the command line says about the configuration, before validation. The command-line
/// parser produces it; the configuration loader validates and applies it (ddclient's
/// `init_config`): flag values override the globals, `-options=` assignments go to the globals
/// or, with `-host=`, to those hosts only (created when missing).
public struct CommandLineOverrides: Sendable, Equatable {
    /// Flag values keyed by canonical option name (`daemon`, `use`, `login`, `file`);
    /// booleans as `1`/`0`. Not yet validated: the loader checks them against the option table.
    public var values: [String: String]
    /// The `-options=a=1,b=2` text, parsed with the config file's assignment grammar.
    public var assignments: String?
    /// `-host=` names (comma-separated on the command line, split here).
    public var hosts: [String]

    public init(values: [String: String] = [:], assignments: String? = nil, hosts: [String] = []) {
        self.values = values
        self.assignments = assignments
        self.hosts = hosts
    }
}
