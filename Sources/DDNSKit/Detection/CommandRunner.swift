import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a shell command with a timeout and collects what it prints (`cmd=`, `postscript`, mail).
public enum CommandRunner {
    private static let spawnLock = SpawnLock()
    /// Secret values: an environment variable holding one (`password_env=VAR`) is not passed
    /// to any child (`cmd=`, `postscript`, sendmail); the run has already read it.
    private static let withheldValues = Mutex<Set<String>>([])

    /// Withholds from every later child each environment variable whose value is in `secrets`.
    public static func withholdEnvironment(holding secrets: some Sequence<String>) {
        // As for masking, values shorter than 3 characters are not taken: `password=1` must
        // not strip SHLVL=1 and every other variable that happens to be 1.
        withheldValues.withLock { $0.formUnion(secrets.filter { $0.count >= 3 }) }
    }

    /// `environ` without the withheld variables, as C strings (the caller frees them).
    static func childEnvironment(adding extra: [String: String] = [:]) -> [UnsafeMutablePointer<CChar>?] {
        let withheld = withheldValues.withLock { $0 }
        var result: [UnsafeMutablePointer<CChar>?] = []
        var cursor = environ
        while let entry = cursor.pointee {
            let text = String(cString: entry)
            let name = text.firstIndex(of: "=").map { String(text[..<$0]) } ?? text
            let value = text.firstIndex(of: "=").map { String(text[text.index(after: $0)...]) } ?? ""
            if (withheld.isEmpty || !withheld.contains(value)) && extra[name] == nil { result.append(strdup(entry)) }
            cursor += 1
        }
        for (name, value) in extra.sorted(by: { $0.key < $1.key }) where !withheld.contains(value) {
            result.append(strdup("\(name)=\(value)"))
        }
        return result + [nil]
    }

    public struct Output: Sendable, Equatable {
        /// Exit status, or nil when the command was killed at the timeout.
        public var status: Int32?
        public var stdout: String
        public var stderr: String
        public var timedOut: Bool
    }

    /// `/bin/sh -c command`, with `input` on stdin; the whole process group is killed when
    /// `timeout` seconds pass.
    public static func run(
        _ command: String, input: String = "", timeout: Double = 30, environment extra: [String: String] = [:]
    ) -> Output {
        var stdoutPipe: [Int32] = [0, 0]
        var stderrPipe: [Int32] = [0, 0]
        var stdinPipe: [Int32] = [0, 0]
        // A command started at the same time on another thread must not inherit these ends
        // (it would hold our pipe open): pipes are made close-on-exec, and pipe creation and
        // spawning are serialised so no spawn sees a pipe before its flag is set.
        spawnLock.lock()
        var spawnLocked = true
        defer { if spawnLocked { spawnLock.unlock() } }
        guard pipe(&stdoutPipe) == 0, pipe(&stderrPipe) == 0, pipe(&stdinPipe) == 0 else {
            return Output(status: nil, stdout: "", stderr: "cannot create pipes", timedOut: false)
        }
        for fd in stdoutPipe + stderrPipe + stdinPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_adddup2(&actions, stdinPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, stderrPipe[1], 2)
        for fd in stdinPipe + stdoutPipe + stderrPipe { posix_spawn_file_actions_addclose(&actions, fd) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        posix_spawnattr_setpgroup(&attributes, 0)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGTERM, SIGINT, SIGHUP] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var pid: pid_t = 0
        let arguments = ["/bin/sh", "-c", command]
        var cArguments: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        var childEnvironment = Self.childEnvironment(adding: extra)
        let rc = posix_spawn(&pid, "/bin/sh", &actions, &attributes, &cArguments, &childEnvironment)
        for pointer in cArguments + childEnvironment { free(pointer) }
        posix_spawn_file_actions_destroy(&actions)
        posix_spawnattr_destroy(&attributes)
        close(stdinPipe[0])
        close(stdoutPipe[1])
        close(stderrPipe[1])
        spawnLock.unlock()
        spawnLocked = false
        guard rc == 0 else {
            close(stdinPipe[1])
            close(stdoutPipe[0])
            close(stderrPipe[0])
            return Output(
                status: nil, stdout: "", stderr: "cannot run /bin/sh: \(String(cString: strerror(rc)))", timedOut: false
            )
        }
        if !input.isEmpty {
            var bytes = Array(input.utf8)
            _ = bytes.withUnsafeMutableBytes { write(stdinPipe[1], $0.baseAddress, $0.count) }
        }
        close(stdinPipe[1])

        var out: [UInt8] = []
        var err: [UInt8] = []
        let deadline = monotonicSeconds() + timeout
        var open = [stdoutPipe[0], stderrPipe[0]]
        var timedOut = false
        var buffer = [UInt8](repeating: 0, count: 8192)
        while !open.isEmpty {
            let left = deadline - monotonicSeconds()
            if left <= 0 {
                timedOut = true
                kill(-pid, SIGKILL)
                break
            }
            var fds = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&fds, nfds_t(fds.count), Int32(min(left, 1) * 1000))
            if ready < 0 && errno != EINTR { break }
            for entry in fds where entry.revents != 0 {
                let count = read(entry.fd, &buffer, buffer.count)
                if count <= 0 {
                    open.removeAll { $0 == entry.fd }
                } else if entry.fd == stdoutPipe[0] {
                    if out.count < 1 << 20 { out += buffer[0..<count] }
                } else if err.count < 1 << 16 {
                    err += buffer[0..<count]
                }
            }
        }
        close(stdoutPipe[0])
        close(stderrPipe[0])
        var status: Int32 = 0
        if timedOut {
            waitpid(pid, &status, 0)
            return Output(
                status: nil, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self),
                timedOut: true)
        }
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exitStatus: Int32 = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return Output(
            status: exitStatus, stdout: String(decoding: out, as: UTF8.self),
            stderr: String(decoding: err, as: UTF8.self), timedOut: false)
    }
}

/// A plain mutex for the spawn section (held only around pipe creation and posix_spawn).
private final class SpawnLock: @unchecked Sendable {
    // @unchecked: the pthread mutex is the synchronisation.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    init() { pthread_mutex_init(mutex, nil) }
    func lock() { pthread_mutex_lock(mutex) }
    func unlock() { pthread_mutex_unlock(mutex) }
}
