extension DDSwiftCommand {
    /// `-notify-test`: one test event to every `notify`/`notify-cmd` target; 0 when all got it.
    static func notifyTest(_ config: Configuration, log: Log) -> Int32 {
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
}
