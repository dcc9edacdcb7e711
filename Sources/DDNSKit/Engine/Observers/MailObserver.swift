/// ddclient's `mail`/`mail-failure`, as an observer: the cycle's messages, after the cycle.
public struct MailObserver: CycleObserver {
    public let mailer: Mailer

    public init(_ mailer: Mailer) { self.mailer = mailer }

    public func cycleFinished(_ report: CycleReport, log: Log) {
        // -test sends nothing, mail included (ddclient's -noexec drops it too).
        if report.dryRun {
            mailer.discardCycle()
        } else {
            mailer.finishCycle(report.configuration, failed: report.failed, log: log)
        }
    }
}
