import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// ddclient's `mail`/`mail-failure`: after each cycle, the cycle's messages (warnings,
/// successes and failures; INFO only with `-verbose`) go to `mail`, or to `mail-failure`
/// instead when the cycle failed. Nothing is sent when there is nothing to say or when the
/// text is the same as the last mail (a daemon does not repeat itself). Secrets are already
/// masked by the log.
public final class Mailer: Sendable {
    public let sink = MailSink()
    private let lastSent = Synchronization.Mutex<String?>(nil)
    /// The sendmail program (`DDSWIFT_SENDMAIL` overrides it, for tests).
    let sendmail: String

    public init(sendmail: String = "/usr/sbin/sendmail") { self.sendmail = sendmail }

    /// Drops the collected messages (a `-test` cycle mails nothing).
    public func discardCycle() { _ = sink.take() }

    /// Sends the collected messages if `mail`/`mail-failure` asks for it; clears them.
    public func finishCycle(_ config: Configuration, failed: Bool, log: Log) {
        let body = sink.take()
        let mail = config.global("mail").flatMap { $0.isEmpty ? nil : $0 }
        let mailFailure = config.global("mail-failure").flatMap { $0.isEmpty ? nil : $0 }
        let recipient = (failed ? mailFailure : nil) ?? mail
        guard let recipient, !body.isEmpty else { return }
        let repeated = lastSent.withLock { last in
            defer { last = body }
            return last == body
        }
        if repeated { return }
        var host = [CChar](repeating: 0, count: 256)
        gethostname(&host, host.count - 1)
        let hostname = String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var message = "To: \(recipient)\n"
        if let from = config.global("mail-from"), !from.isEmpty { message += "From: \(from)\n" }
        message += "Subject: status report from \(DDSwiftVersion.program)@\(hostname)\n\n"
        message += body + "\n-- \n   \(DDSwiftVersion.program)@\(hostname) (version \(DDSwiftVersion.string))\n"
        let quoted = "'" + recipient.replacingAll("'", with: "'\\''") + "'"
        let output = CommandRunner.run("\(sendmail) -oi \(quoted)", input: message, timeout: 60)
        if output.status != 0 {
            log.warning(
                "cannot send mail to \(recipient) with \(sendmail): \(output.timedOut ? "timed out" : "exit status \(output.status ?? -1)") \(output.stderr.excerpt(200))"
            )
        }
    }
}

/// Collects the lines a mail report contains (ddclient mails INFO, WARNING, SUCCESS, FAILED, FATAL).
public final class MailSink: LogSink {
    private let lines = Synchronization.Mutex<[String]>([])
    public func write(_ level: LogLevel, _ line: String) {
        guard level != .debug else { return }
        lines.withLock { $0.append(line) }
    }

    func take() -> String {
        lines.withLock { lines in
            defer { lines.removeAll() }
            return lines.joined(separator: "\n")
        }
    }
}
