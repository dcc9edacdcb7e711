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
    /// Default cache path (ddclient's).
    public static let defaultCachePath = DefaultPaths.cache
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
        switch parsed.action {
        case .help(let name?):
            guard let proto = ProtocolRegistry.named(name) else {
                printError(
                    "\(DDSwiftVersion.program): unknown protocol '\(name)'"
                        + Suggestion.didYouMean(name, among: ProtocolRegistry.names)
                        + "; -list-protocols lists them")
                return ExitCode.usage
            }
            printOut(ProtocolDocs.help(for: proto))
            return ExitCode.success
        case .help(nil):
            printOut(CommandLineHelp.usage(protocols: ProtocolRegistry.names))
            return ExitCode.success
        case .version(let short):
            printOut(CommandLineHelp.versionText(short: short))
            return ExitCode.success
        case .listProtocols:
            printOut(ProtocolDocs.listing(verbose: overrides.values["verbose"] == "1"))
            return ExitCode.success
        case .listWebServices:
            printOut(WebServices.listing())
            return ExitCode.success
        case .listDevices:
            printOut(Routers.listing())
            return ExitCode.success
        case .getURL(let url):
            // ddclient 3.x's debugging aid: print a page's body, no configuration needed.
            let timeout = Double(
                overrides.values["timeout"].flatMap { Int($0) } ?? OptionTable.defaultInteger("timeout"))
            let client = CurlHTTPClient(
                configuration: HTTPClientConfiguration(connectTimeout: timeout, totalTimeout: timeout))
            do {
                let response = try client.send(HTTPRequest(url: url.contains("://") ? url : "http://\(url)"))
                printOut(response.text)
                return response.isSuccess ? ExitCode.success : ExitCode.failure
            } catch {
                printError("\(DDSwiftVersion.program): \(error)")
                return ExitCode.failure
            }
        default:
            break
        }

        let configPath = overrides.values["file"] ?? ConfigLoader.defaultPath()
        if case .status(let asJSON) = parsed.action {
            let config: Configuration?
            do {
                config = try ConfigLoader.load(path: configPath, overrides: overrides, environment: environment)
            } catch {
                config = nil
                if access(configPath, F_OK) == 0 {
                    printError(
                        "\(DDSwiftVersion.program): \(error); provider messages below are shown without masking the configuration's secrets"
                    )
                }
            }
            let cachePath = overrides.values["cache"] ?? config?.global("cache") ?? defaultCachePath
            let entries = CacheFile.read(path: cachePath).entries
            // A cache written by another program (or an older ddswift) may hold a provider's
            // echo of a password: mask what the configuration says is secret.
            let masker = Log.silent
            if let config { registerSecrets(config, in: masker) }
            printOut(
                masker.mask(asJSON ? StatusReport.json(entries) : StatusReport.text(entries, now: ProcessControl.now()))
            )
            return ExitCode.success
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
            reportDiagnostics(config, to: Log(verbosity: .normal))
            if showSecrets, isatty(STDOUT_FILENO) == 1 {
                printError(
                    "\(DDSwiftVersion.program): warning: -show-secrets prints passwords and tokens on this terminal")
            }
            printOut(ConfigPrinter.render(config, format: format, showSecrets: showSecrets))
            return config.diagnostics.contains { $0.severity == .error } ? ExitCode.usage : ExitCode.success
        }

        let daemonSeconds = config.globalInterval("daemon").flatMap { interval -> Int? in
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
        var log = makeLog(config, mailer: mailer)
        reportDiagnostics(config, to: log)
        let configErrors = config.diagnostics.contains { $0.severity == .error }
        registerSecrets(config, in: log)
        let http = makeHTTPClient(config, log: log, environment: environment)

        if parsed.action == .notifyTest {
            guard let notifier = Notifier.configured(config, http: makeNotificationClient()) else {
                printError("\(DDSwiftVersion.program): -notify-test: no notify= or notify-cmd= is configured")
                return ExitCode.usage
            }
            let targets = notifier.urls.count + (notifier.command == nil ? 0 : 1)
            if notifier.sendTest(log: log, now: ProcessControl.now()) {
                printOut("notify test: delivered to \(targets) target\(targets == 1 ? "" : "s")")
                return ExitCode.success
            }
            printOut("notify test: not delivered to every target (see the warnings above)")
            return ExitCode.failure
        }

        if parsed.action.isQuery {
            let detector = IPDetector(http: http, log: log)
            printOut(QueryReport.render(hosts: config.hosts, globals: config.globals, detector: detector))
            return ExitCode.success
        }

        let cachePath = config.global("cache") ?? defaultCachePath
        do {
            try CacheFile.checkPath(cachePath)
        } catch {
            log.fatal("\(error)")
            return ExitCode.failure
        }
        // -test writes nothing: no lock file, no pid file, no cache, no mail, no postscript.
        let dryRun = config.globalBool("test") || config.global("exec") == "0"
        let lockPath = cachePath + ".lock"
        let lockWait = environment["DDSWIFT_LOCK_WAIT"].flatMap(Double.init) ?? Self.lockWait
        // The lock is held for one cycle only: a daemon sleeps without it, so a forced run
        // (OPNsense's "Force update" runs `ddclient -force`) waits at most for the current cycle.
        func takeLock() throws(LockFile.Failure) -> LockFile? {
            if dryRun {
                try LockFile.check(path: lockPath)
                return nil
            }
            return try LockFile(path: lockPath, wait: lockWait)
        }
        ProcessControl.installSignalHandlers()
        // ddclient writes its pid file only when it runs as a daemon.
        let pidPath = daemonSeconds == nil || dryRun ? nil : config.global("pid").flatMap { $0.isEmpty ? nil : $0 }
        if let pidPath {
            do { try ProcessControl.writePidFile(pidPath) } catch { log.warning("cannot write the pid file: \(error)") }
        }
        defer { if let pidPath { ProcessControl.removeFile(pidPath) } }

        /// One cycle: the cache is read afresh (a forced run may have changed it while the
        /// daemon slept), then detect, decide, send, write; then postscript and mail.
        func runOneCycle() -> Int32 {
            let records = DetectionRecords()
            var configured = IPDetector(http: http, log: log)
            configured.onAnswer = { record in records.add(record) }
            let detector = configured
            let environmentForRun = RunEnvironment(
                http: http, log: log, now: { ProcessControl.now() },
                detect: { hosts in detector.detect(hosts) },
                shouldStop: { ProcessControl.stopRequested })
            var options = CycleOptions(cachePath: cachePath)
            options.force = config.globalBool("force")
            options.dryRun = dryRun
            options.writeCacheAfterEachGroup = daemonSeconds != nil
            options.maxConcurrency = config.globalInteger("max-concurrency")
            options.maxPerServer = config.globalInteger("max-per-server")
            options.configModified = ProcessControl.modificationTime(configPath)
            let notifier = dryRun ? nil : Notifier.configured(config, http: makeNotificationClient())
            notifier?.cycleStarting()
            let started = monotonicSeconds()
            let startedAt = ProcessControl.now()
            let summary = UpdateRunner(environment: environmentForRun).runCycle(config, options: options)
            var exit = configErrors ? ExitCode.usage : summary.exitCode
            if config.hosts.isEmpty && !configErrors && daemonSeconds == nil { exit = ExitCode.failure }
            let report = CycleReport(
                summary: summary, events: summary.events, detections: records.all, startedAt: startedAt,
                durationSeconds: monotonicSeconds() - started, cache: summary.cache, configuration: config,
                dryRun: dryRun, cachePath: cachePath)
            // The outputs of the cycle, after the cache is written: postscript and mail as
            // ddclient runs them, then the metrics file and the notifications.
            var observers: [any CycleObserver] = [PostscriptObserver(), MailObserver(mailer), Verifier()]
            if let path = config.global("metrics-file"), !path.isEmpty { observers.append(MetricsFile(path: path)) }
            if let notifier { observers.append(notifier) }
            for observer in observers { observer.cycleFinished(report, log: log) }
            return exit
        }

        // watch=no: only the interval (and SIGHUP) start a cycle.
        let watch = daemonSeconds != nil && config.globalBool("watch") ? AddressWatch() : nil
        var lastExit = ExitCode.success
        while true {
            var cycleLock: LockFile?
            var skipCycle = false
            do {
                cycleLock = try takeLock()
            } catch {
                if daemonSeconds != nil, case .busy = error {
                    log.warning("\(error); this cycle is skipped")
                    skipCycle = true
                } else {
                    log.fatal("\(error)")
                    // 3 means only "another run holds the lock"; cron and the units take it for success.
                    if case .busy = error { return ExitCode.busy }
                    return ExitCode.failure
                }
            }
            if !skipCycle { lastExit = runOneCycle() }
            withExtendedLifetime(cycleLock) {}
            cycleLock = nil  // released before sleeping
            guard let interval = daemonSeconds, !ProcessControl.stopRequested else { break }
            let jitter = config.global("jitter").flatMap { Int($0) } ?? interval / 5
            let sleep = Double(interval + ProcessControl.random(below: jitter + 1))
            log.info("sleeping for \(Int(sleep)) seconds")
            switch ProcessControl.sleep(seconds: sleep, watch: watch) {
            case .stop:
                break
            case .reload:
                do {
                    config = try ConfigLoader.load(
                        path: configPath, overrides: overrides, environment: environment, routers: Routers.names)
                    log = makeLog(config, mailer: mailer)
                    reportDiagnostics(config, to: log)
                    registerSecrets(config, in: log)
                    log.info("configuration reloaded from \(configPath)")
                } catch {
                    log.warning("cannot reload the configuration, keeping the old one: \(error)")
                }
                continue
            case .timeUp:
                continue
            case .addressChanged:
                log.info("an address or default route changed; checking now")
                continue
            }
            break
        }
        if ProcessControl.stopRequested {
            log.info(ProcessControl.interruptedByUser ? "caught SIGINT; exiting" : "caught SIGTERM; exiting")
            if daemonSeconds != nil { return ExitCode.success }
        }
        return lastExit
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
        for spec in OptionTable.global where spec.secret {
            if let value = config.globals[spec.name] { values.insert(value) }
        }
        var secretOptions: [String: [String]] = [:]  // by protocol: a table per host cost a dictionary copy each
        for host in config.hosts {
            let names =
                secretOptions[host.protocolName]
                ?? {
                    let specs =
                        ProtocolRegistry.named(host.protocolName).map { OptionTable.hostOptions(for: $0) }
                        ?? OptionTable.commonByName
                    return specs.filter(\.value.secret).map(\.key).sorted()
                }()
            secretOptions[host.protocolName] = names
            for name in names {
                guard let value = host.values[name] else { continue }
                values.insert(value)
                if let login = host.values["login"], value.count >= 3 {
                    log.register(secret: Base64.encode(Array("\(login):\(value)".utf8)))
                }
            }
        }
        for value in values { log.register(secret: value) }
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
