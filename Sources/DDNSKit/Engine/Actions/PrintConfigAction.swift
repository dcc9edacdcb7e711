#if canImport(Glibc)
    import Glibc
#endif

extension DDSwiftCommand {
    /// `-print-config[=conf|yaml] [-show-secrets]`: the effective configuration, such that
    /// reading it back gives the same configuration.
    static func printConfiguration(_ config: Configuration, format: ConfigFormat, showSecrets: Bool) -> Int32 {
        reportDiagnostics(config, to: Log(verbosity: .normal))
        if showSecrets, isatty(STDOUT_FILENO) == 1 {
            printError(
                "\(DDSwiftVersion.program): warning: -show-secrets prints passwords and tokens on this terminal")
        }
        printOut(ConfigPrinter.render(config, format: format, showSecrets: showSecrets))
        return config.diagnostics.contains { $0.severity == .error } ? ExitCode.usage : ExitCode.success
    }
}
