/// ddclient's `postscript`: after updates succeeded, run it with the new addresses (all IPv4,
/// then all IPv6) as arguments, bounded by a timeout; it never changes the exit code.
public struct PostscriptObserver: CycleObserver {
    public init() {}

    public func cycleFinished(_ report: CycleReport, log: Log) {
        guard !report.dryRun, let script = report.configuration.global("postscript"), !script.isEmpty,
            !report.summary.updatedAddresses.isEmpty
        else { return }
        let addresses = report.summary.updatedAddresses
        let output = CommandRunner.run(
            "\(script) \(addresses.map { "'" + $0 + "'" }.joined(separator: " "))", timeout: 60)
        if output.status != 0 {
            log.warning(
                "postscript '\(script)' \(output.timedOut ? "did not finish within 60 s" : "exited with status \(output.status ?? -1)"): \(output.stderr.excerpt(200))"
            )
        } else {
            log.info("postscript '\(script)' ran with \(addresses.joined(separator: " "))")
        }
    }
}
