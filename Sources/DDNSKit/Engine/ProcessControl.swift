import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Signal flags, set by the handlers and read by the run loop. Atomics are lock-free, so the
/// handlers stay async-signal-safe.
private let stopFlag = Atomic<Int32>(0)
private let reloadFlag = Atomic<Int32>(0)
/// When the stop was asked for, in monotonic milliseconds (clock_gettime is async-signal-safe).
private let stopTime = Atomic<Int64>(0)

/// The first stop signal's time is kept (a second Ctrl-C must not extend the grace); the flag
/// is published after it (release), so whoever sees the flag (acquire) sees the time.
private func recordStop(_ value: Int32) {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    let milliseconds = max(1, Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000)
    _ = stopTime.compareExchange(expected: 0, desired: milliseconds, ordering: .relaxed)
    stopFlag.store(value, ordering: .releasing)
}

/// Process-level behaviour: signals, the daemon's sleep, the pid file, detaching.
public enum ProcessControl {
    /// Why a daemon's sleep ended.
    public enum Wake: Sendable, Equatable {
        case timeUp
        case stop
        case reload
        /// The address watch saw a change (after a short quiet time, so a burst is one wake).
        case addressChanged
    }

    /// SIGTERM/SIGINT ask to stop (the current requests finish, the cache is written);
    /// SIGHUP asks to reload the configuration. SIGPIPE is ignored (a closed socket is an error,
    /// not a death).
    public static func installSignalHandlers() {
        _ = stopFlag.load(ordering: .relaxed)  // initialise the globals before any handler can run
        _ = reloadFlag.load(ordering: .relaxed)
        _ = stopTime.load(ordering: .relaxed)
        signal(SIGTERM) { _ in recordStop(1) }
        signal(SIGINT) { _ in recordStop(2) }
        signal(SIGHUP) { _ in reloadFlag.store(1, ordering: .relaxed) }
        signal(SIGPIPE, SIG_IGN)
        // A parent may have started us with these blocked (posix_spawn passes its mask on).
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for number in [SIGTERM, SIGINT, SIGHUP] { sigaddset(&unblock, number) }
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
    }

    public static var stopRequested: Bool { stopFlag.load(ordering: .acquiring) != 0 }

    /// Waits `seconds` on a worker thread (a provider's pause between polls), in 0.1 s steps;
    /// false as soon as a stop was asked for, so the run still ends within 2 s. Unlike
    /// ``sleep(seconds:watch:)`` it leaves a pending reload alone.
    static func pauseUnlessStopped(seconds: Double) -> Bool {
        let end = monotonicSeconds() + seconds
        while monotonicSeconds() < end {
            if stopRequested { return false }
            usleep(100_000)
        }
        return !stopRequested
    }

    /// How long a request in progress may still finish after a stop signal: an answer that
    /// is on its way is recorded; a stuck request is abandoned, so the run ends within 2 s.
    public static let stopGrace = 0.5

    /// True once a stop was asked for more than ``stopGrace`` seconds ago.
    public static var stopGraceOver: Bool {
        guard stopRequested else { return false }
        let asked = Double(stopTime.load(ordering: .relaxed)) / 1000
        return monotonicSeconds() - asked >= stopGrace
    }

    /// True when SIGINT (rather than SIGTERM) asked to stop.
    public static var interruptedByUser: Bool { stopFlag.load(ordering: .relaxed) == 2 }

    /// Sleeps up to `seconds`, waking early for a stop or a reload request, or when `watch`
    /// sees an address change: 0.5 s after the last change of a burst, at most 1.5 s after its
    /// first, so a cycle starts within 2 s of the change.
    public static func sleep(seconds: Double, watch: AddressWatch? = nil) -> Wake {
        let deadline = monotonicSeconds() + seconds
        var firstChange: Double?
        var lastChange = 0.0
        while true {
            if stopRequested { return .stop }
            if reloadFlag.exchange(0, ordering: .relaxed) != 0 { return .reload }
            let now = monotonicSeconds()
            if let first = firstChange, now - lastChange >= 0.5 || now - first >= 1.5 { return .addressChanged }
            let left = deadline - now
            if left <= 0 { return .timeUp }
            if let watch {
                if watch.waitForChange(seconds: min(left, 0.1)) {
                    lastChange = monotonicSeconds()
                    if firstChange == nil { firstChange = lastChange }
                }
            } else {
                usleep(UInt32(min(left, 0.2) * 1_000_000))
            }
        }
    }

    /// Writes our pid to `path` (the `pid` option), mode 0644.
    public static func writePidFile(_ path: String) throws(FileError) {
        try AtomicFile.write("\(getpid())\n", to: path, mode: 0o644)
    }

    public static func removeFile(_ path: String) { unlink(path) }

    /// ddclient's daemon start without `-foreground`: fork, the parent exits 0, the child starts a
    /// session and points stdin/stdout/stderr at /dev/null. Call before any thread starts.
    /// Returns false when fork failed.
    public static func detach() -> Bool {
        let pid = fork()
        if pid < 0 { return false }
        if pid > 0 { _exit(0) }
        setsid()
        let devnull = open("/dev/null", O_RDWR)
        if devnull >= 0 {
            dup2(devnull, 0)
            dup2(devnull, 1)
            dup2(devnull, 2)
            if devnull > 2 { close(devnull) }
        }
        return true
    }

    /// The modification time of `path`, or nil.
    public static func modificationTime(_ path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int(info.st_mtim.tv_sec)
    }

    /// Seconds since the epoch.
    public static func now() -> Int { Int(time(nil)) }

    /// A random whole number in `0..<upperBound` (the daemon's jitter).
    public static func random(below upperBound: Int) -> Int {
        upperBound <= 0 ? 0 : Int.random(in: 0..<upperBound)
    }
}
