/// The update run: one cycle (cron, hooks, `-daemon=0`) or a daemon's loop of cycles, each
/// under the cache lock, with sleeps that end early for SIGHUP (reload), a stop signal or an
/// address change (netlink). What a cycle produces goes to the observers.
final class UpdateLoop {
    var config: Configuration
    let overrides: CommandLineOverrides
    let environment: [String: String]
    let configPath: String
    let daemonSeconds: Int?
    let configErrors: Bool
    let mailer: Mailer
    var log: Log
    let http: CurlHTTPClient

    init(
        config: Configuration, overrides: CommandLineOverrides, environment: [String: String], configPath: String,
        daemonSeconds: Int?, configErrors: Bool, mailer: Mailer, log: Log, http: CurlHTTPClient
    ) {
        self.config = config
        self.overrides = overrides
        self.environment = environment
        self.configPath = configPath
        self.daemonSeconds = daemonSeconds
        self.configErrors = configErrors
        self.mailer = mailer
        self.log = log
        self.http = http
    }

    func run() -> Int32 {
        let cachePath = config.global("cache") ?? DefaultPaths.cache
        do {
            try CacheFile.checkPath(cachePath)
        } catch {
            log.fatal("\(error)")
            return ExitCode.failure
        }
        // -test writes nothing: no lock file, no pid file, no cache, no mail, no postscript.
        let dryRun = config.isDryRun
        let lockPath = cachePath + ".lock"
        let lockWait = environment["DDSWIFT_LOCK_WAIT"].flatMap(Double.init) ?? DDSwiftCommand.lockWait
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
        func runOneCycle(notifier: Notifier?) -> (exit: Int32, report: CycleReport, observers: [any CycleObserver]) {
            let records = LockedList<DetectionRecord>()
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
            options.recordChecked = notifier?.events.contains(.checked) ?? false
            let started = monotonicSeconds()
            let startedAt = ProcessControl.now()
            let summary = UpdateRunner(environment: environmentForRun).runCycle(config, options: options)
            var exit = configErrors ? ExitCode.usage : summary.exitCode
            if config.hosts.isEmpty && !configErrors && daemonSeconds == nil { exit = ExitCode.failure }
            let report = CycleReport(
                summary: summary, detections: records.all, startedAt: startedAt,
                durationSeconds: monotonicSeconds() - started, configuration: config, dryRun: dryRun,
                cachePath: cachePath)
            // The outputs of the cycle, after the cache is written: postscript and mail as
            // ddclient runs them, then the metrics file and the notifications.
            // The verifier last: it waits verify-delay before asking, and nothing else should.
            var observers: [any CycleObserver] = [PostscriptObserver(), MailObserver(mailer)]
            if let path = config.global("metrics-file"), !path.isEmpty { observers.append(MetricsFile(path: path)) }
            if let notifier { observers.append(notifier) }
            observers.append(Verifier(lockWait: lockWait, notifier: notifier))
            return (exit, report, observers)
        }

        // watch=no: only the interval (and SIGHUP) start a cycle.
        let watch = daemonSeconds != nil && config.globalBool("watch") ? AddressWatch() : nil
        var lastExit = ExitCode.success
        while true {
            let notifier = dryRun ? nil : Notifier.configured(config, http: DDSwiftCommand.makeNotificationClient())
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
            // A healthchecks /start once the cycle holds the lock: a cycle skipped for a busy
            // lock sends neither /start nor its end.
            let starting = skipCycle ? nil : notifier?.cycleStarting()
            let cycle = skipCycle ? nil : runOneCycle(notifier: notifier)
            withExtendedLifetime(cycleLock) {}
            cycleLock = nil
            // The outputs run after the lock is released: a hook or a forced run never waits
            // for a slow webhook or for verify-delay (the verifier takes the lock again to write).
            starting?.join()
            if let cycle {
                lastExit = cycle.exit
                for observer in cycle.observers { observer.cycleFinished(cycle.report, log: log) }
            }
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
                    log = DDSwiftCommand.makeLog(config, mailer: mailer)
                    DDSwiftCommand.reportDiagnostics(config, to: log)
                    DDSwiftCommand.registerSecrets(config, in: log)
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
}
