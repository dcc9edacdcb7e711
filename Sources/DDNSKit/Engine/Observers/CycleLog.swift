/// The log lines of a cycle's outcomes, one per event, at ddclient's levels: SUCCESS for an
/// update, FAILED for a failure or a hold, WARNING for a skip that holds back a change, and
/// the other skips only at `-verbose`. Other lines (detection, decisions, warnings about the
/// configuration) are not outcomes and are logged where they arise.
struct CycleLog: CycleEventSink {
    let log: Log

    func receive(_ event: CycleEvent) {
        let level: LogLevel
        switch event.kind {
        case .checked: return
        case .updated, .recovered: level = .success
        case .failed, .held: level = .failed
        case .mismatch: level = .warning
        case .skipped:
            if event.isWarning {
                level = .warning
            } else if log.verbosity >= .verbose {
                level = .info
            } else {
                return
            }
        }
        log.log(level, event.message, [event.protocolName, event.host], event: event.kind, family: event.family)
    }
}
