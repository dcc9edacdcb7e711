#if canImport(Glibc)
    import Glibc
#endif

/// Exit codes, documented in `-help`, the man page and the README. Cron jobs and hooks rely on them.
public enum ExitCode {
    /// Every host is current or was updated.
    public static let success: Int32 = 0
    /// At least one update (or address detection) failed.
    public static let failure: Int32 = 1
    /// The command line or the configuration is wrong.
    public static let usage: Int32 = 2
    /// Another run holds the cache lock.
    public static let busy: Int32 = 3
}

/// The whole program behind `main.swift`: command line → configuration → action → exit code.
public enum DDSwiftCommand {
    /// How long a second run waits for the lock before giving up with exit code 3
    /// (`DDSWIFT_LOCK_WAIT` in the environment overrides it).
    public static let lockWait: Double = 15

    public static func main(arguments: [String], environment: [String: String]) -> Int32 {
        let parsed: ParsedCommandLine
        do {
            parsed = try CommandLineParser.parse(arguments)
        } catch {
            printError(
                "\(DDSwiftVersion.program): \(error)\nTry '\(DDSwiftVersion.program) -help' for the list of flags.")
            return ExitCode.usage
        }
        let overrides = parsed.overrides
        if let exit = information(parsed.action, overrides: overrides) { return exit }

        let configPath = overrides.values["file"] ?? ConfigLoader.defaultPath()
        if case .status(let asJSON) = parsed.action {
            return status(asJSON: asJSON, configPath: configPath, overrides: overrides, environment: environment)
        }

        var config: Configuration
        do {
            config = try ConfigLoader.load(
                path: configPath, overrides: overrides, environment: environment, routers: Routers.names)
        } catch {
            printError("\(DDSwiftVersion.program): \(error)")
            return ExitCode.usage
        }

        if case .printConfig(let format, let showSecrets) = parsed.action {
            return printConfiguration(config, format: format, showSecrets: showSecrets)
        }

        // -test (or exec=0) is one dry cycle in the foreground, whatever daemon= says: a dry run
        // that detached and looped would never report.
        let daemonSeconds =
            config.isDryRun
            ? nil
            : config.globalInterval("daemon").flatMap { interval -> Int? in
                if case .seconds(let seconds) = interval, seconds > 0 { return seconds }
                return nil
            }
        let foreground = config.globalBool("foreground")
        if daemonSeconds != nil, !foreground, !parsed.action.isQuery {
            if !ProcessControl.detach() {
                printError("\(DDSwiftVersion.program): cannot start the daemon (fork failed)")
            }
        }

        let mailer = Mailer(sendmail: environment["DDSWIFT_SENDMAIL"] ?? "/usr/sbin/sendmail")
        let log = makeLog(config, mailer: mailer)
        reportDiagnostics(config, to: log)
        let configErrors = config.diagnostics.contains { $0.severity == .error }
        registerSecrets(config, in: log)
        let http = makeHTTPClient(config, log: log, environment: environment)

        if parsed.action == .notifyTest { return notifyTest(config, log: log) }

        if parsed.action.isQuery {
            let detector = IPDetector(http: http, log: log)
            printOut(QueryReport.render(hosts: config.hosts, globals: config.globals, detector: detector))
            return ExitCode.success
        }

        let loop = UpdateLoop(
            config: config, overrides: overrides, environment: environment, configPath: configPath,
            daemonSeconds: daemonSeconds, configErrors: configErrors, mailer: mailer, log: log, http: http)
        return loop.run()
    }

    /// Notifications get their own client: 5 s per request, whatever `timeout` says.
    static func makeNotificationClient() -> CurlHTTPClient {
        var settings = HTTPClientConfiguration(connectTimeout: 5, totalTimeout: 5)
        settings.shouldAbort = { ProcessControl.stopGraceOver }
        return CurlHTTPClient(configuration: settings)
    }

    static func makeLog(_ config: Configuration, mailer: Mailer? = nil) -> Log {
        let verbosity: Verbosity
        if config.globalBool("debug") {
            verbosity = .debug
        } else if config.globalBool("verbose") {
            verbosity = .verbose
        } else if config.globalBool("quiet") {
            verbosity = .quiet
        } else {
            verbosity = .normal
        }
        var sinks: [any LogSink] = [StandardErrorSink()]
        if config.globalBool("syslog") {
            sinks.append(SyslogSink(facility: config.global("facility") ?? "daemon"))
        }
        if let mailer, !(config.global("mail") ?? "").isEmpty || !(config.global("mail-failure") ?? "").isEmpty {
            sinks.append(mailer.sink)
        }
        return Log(verbosity: verbosity, sinks: sinks, json: config.global("log-format")?.lowercased() == "json")
    }

    static func reportDiagnostics(_ config: Configuration, to log: Log) {
        for diagnostic in config.diagnostics {
            switch diagnostic.severity {
            case .warning: log.warning(diagnostic.description)
            case .error: log.failed(diagnostic.description)
            }
        }
    }

    /// Every secret value of the configuration is masked in every later log line: secret
    /// globals, and for each host the values its own protocol declares secret (nsupdate's
    /// `password` is a key file's path, not a secret; the key is registered when read), with
    /// the forms derived from them that a request carries (HTTP Basic's `login:password`).
    /// The same values are withheld from child processes' environments.
    static func registerSecrets(_ config: Configuration, in log: Log) {
        var values: Set<String> = []
        var basicAuth: Set<String> = []
        for spec in OptionTable.global where spec.secret {
            guard let value = config.globals[spec.name] else { continue }
            // A list of secrets (notify's URLs, whose paths are credentials): each item, not
            // the list (whose start, the first URL's origin, would then mask a shown target).
            if OptionTable.listOptions.contains(spec.name) {
                for item in OptionTable.listItems(value) { values.insert(item) }
            } else {
                values.insert(value)
            }
        }
        // By protocol: the loader's, else (a configuration built by hand) from the option table.
        var secretOptions = config.secretOptions
        for host in config.hosts {
            let names =
                secretOptions[host.protocolName]
                ?? {
                    let specs =
                        ProtocolRegistry.named(host.protocolName).map { OptionTable.hostOptions(for: $0) }
                        ?? OptionTable.commonByName
                    return specs.filter(\.value.secret).map(\.key)
                }()
            secretOptions[host.protocolName] = names
            for name in names {
                guard let value = host.values[name] else { continue }
                values.insert(value)
                if let login = host.values["login"], value.count >= 3 {
                    basicAuth.insert("\(login):\(value)")
                }
            }
        }
        // Each distinct value once: 100,000 hosts sharing a login register one form, not 100,000.
        for value in values { log.register(secret: value) }
        for credentials in basicAuth { log.register(basicCredentials: credentials) }
        CommandRunner.withholdEnvironment(holding: values)
    }

    static func makeHTTPClient(_ config: Configuration, log: Log, environment: [String: String]) -> CurlHTTPClient {
        let timeout = Double(config.globalInteger("timeout"))
        var settings = HTTPClientConfiguration(connectTimeout: timeout, totalTimeout: timeout)
        settings.proxy = config.global("proxy").flatMap { $0.isEmpty ? nil : $0 }
        settings.caFile = config.global("ssl_ca_file").flatMap { $0.isEmpty ? nil : $0 }
        settings.caDirectory = config.global("ssl_ca_dir").flatMap { $0.isEmpty ? nil : $0 }
        settings.maxRedirects = config.globalInteger("redirect")
        // Test aid, like curl's --resolve: DDSWIFT_RESOLVE="host:port:address,…" pins names.
        if let pins = environment["DDSWIFT_RESOLVE"] {
            settings.resolve = pins.split(separator: ",").map(String.init)
        }
        settings.shouldAbort = { ProcessControl.stopGraceOver }
        if log.verbosity >= .debug {
            settings.trace = { line in log.debug(line, ["HTTP"]) }
        }
        return CurlHTTPClient(configuration: settings)
    }

    static func printOut(_ text: String) {
        writeAll(STDOUT_FILENO, text.hasSuffix("\n") ? text : text + "\n")
    }

    static func printError(_ text: String) {
        writeAll(STDERR_FILENO, text.hasSuffix("\n") ? text : text + "\n")
    }

    private static func writeAll(_ fd: Int32, _ text: String) {
        var copy = text
        copy.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }
}
