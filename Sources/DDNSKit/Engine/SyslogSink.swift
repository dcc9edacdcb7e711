#if canImport(Glibc)
    import Glibc
#endif

/// Sends log lines to syslog(3) (`-syslog`), with the `facility` option's facility and a
/// priority that follows the line's severity (ddclient sends everything at one priority,
/// which hides failures among successes).
public struct SyslogSink: LogSink {
    /// Opens the connection once; `openlog` keeps the ident pointer, so it lives for the process.
    public init(ident: String = DDSwiftVersion.program, facility: String = "daemon") {
        openlog(strdup(ident), LOG_PID | LOG_NDELAY, Self.facilityCode(facility) ?? LOG_DAEMON)
    }

    /// syslog facility names (`daemon`, `user`, `local0`…`local7`, …).
    public static func facilityCode(_ name: String) -> Int32? {
        switch name.lowercased() {
        case "auth": LOG_AUTH
        case "authpriv": LOG_AUTHPRIV
        case "cron": LOG_CRON
        case "daemon": LOG_DAEMON
        case "kern": LOG_KERN
        case "lpr": LOG_LPR
        case "mail": LOG_MAIL
        case "news": LOG_NEWS
        case "syslog": LOG_SYSLOG
        case "user": LOG_USER
        case "uucp": LOG_UUCP
        case "local0": LOG_LOCAL0
        case "local1": LOG_LOCAL1
        case "local2": LOG_LOCAL2
        case "local3": LOG_LOCAL3
        case "local4": LOG_LOCAL4
        case "local5": LOG_LOCAL5
        case "local6": LOG_LOCAL6
        case "local7": LOG_LOCAL7
        default: nil
        }
    }

    public func write(_ level: LogLevel, _ line: String) {
        let priority: Int32
        switch level {
        case .debug: priority = LOG_DEBUG
        case .info: priority = LOG_INFO
        case .success: priority = LOG_NOTICE
        case .warning: priority = LOG_WARNING
        case .failed: priority = LOG_ERR
        case .fatal: priority = LOG_CRIT
        }
        for part in line.split(separator: "\n") {
            String(part).withCString { text in
                withVaList([text]) { vsyslog(priority, "%s", $0) }
            }
        }
    }
}
