#if canImport(Glibc)
    import Glibc
#endif

extension DDSwiftCommand {
    /// `-status [-json]`: the cache's view of every host, router style. Reads the configuration
    /// only to mask its secrets, find the cache and say when a failing host is tried next; a
    /// broken configuration still shows status.
    static func status(
        asJSON: Bool, configPath: String, overrides: CommandLineOverrides, environment: [String: String]
    ) -> Int32 {
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
        let cachePath = overrides.values["cache"] ?? config?.global("cache") ?? DefaultPaths.cache
        // A cache that cannot be read is not an empty one ("no hosts yet" would hide it).
        do {
            try CacheFile.checkPath(cachePath)
        } catch {
            printError("\(DDSwiftVersion.program): \(error)")
            return ExitCode.failure
        }
        let entries: [String: CacheEntry]
        do {
            entries = try CacheFile.read(path: cachePath).entries
        } catch {
            printError("\(DDSwiftVersion.program): \(error)")
            return ExitCode.failure
        }
        // A cache written by another program (or an older ddswift) may hold a provider's
        // echo of a password: mask what the configuration says is secret.
        let masker = Log.silent
        if let config { registerSecrets(config, in: masker) }
        // The configuration's hosts say how long a failing host waits (its min-error-interval).
        let hosts = Dictionary((config?.hosts ?? []).map { ($0.name, $0) }) { first, _ in first }
        printOut(
            masker.mask(
                asJSON
                    ? StatusReport.json(entries, now: ProcessControl.now(), hosts: hosts)
                    : StatusReport.text(entries, now: ProcessControl.now(), hosts: hosts))
        )
        return ExitCode.success
    }
}
