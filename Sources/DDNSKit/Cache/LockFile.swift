#if canImport(Glibc)
    import Glibc
#endif

/// One run at a time per cache file: an exclusive `flock` on `<cache>.lock`, held until the
/// value is released or the process ends (the kernel drops it even after a crash).
public final class LockFile: Sendable {
    public let path: String
    private let descriptor: Int32

    /// Why the lock could not be taken.
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// Another run holds it and did not let go within the wait.
        case busy(path: String, waited: Double)
        case file(FileError)

        public var description: String {
            switch self {
            case .busy(let path, let waited):
                "another ddswift run holds \(path); gave up after \(formatSeconds(waited))"
            case .file(let error): error.description
            }
        }
    }

    /// Takes the lock, waiting up to `wait` seconds for another run to finish.
    public init(path: String, wait: Double) throws(Failure) {
        do {
            try AtomicFile.makeDirectories(AtomicFile.parentDirectory(of: path))
        } catch {
            throw .file(error)
        }
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY, 0o600)
        guard fd >= 0 else { throw .file(FileError(path: path, operation: "open", code: errno)) }
        // Only our own single-link regular file is written: a hard link planted at the path
        // (to /etc/shadow, say) would otherwise be truncated by a root run.
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let code = errno
            close(fd)
            throw .file(FileError(path: path, operation: "open", code: code))
        }
        if let refusal = Self.refusal(info) {
            close(fd)
            throw .file(FileError(path: path, operation: "use the lock file", reason: refusal))
        }
        let deadline = monotonicSeconds() + wait
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                let code = errno
                close(fd)
                throw .file(FileError(path: path, operation: "lock", code: code))
            }
            if monotonicSeconds() >= deadline {
                close(fd)
                throw .busy(path: path, waited: wait)
            }
            usleep(50_000)
        }
        ftruncate(fd, 0)
        let pid = "\(getpid())\n"
        _ = pid.withCString { Glibc.write(fd, $0, strlen($0)) }
        self.path = path
        self.descriptor = fd
    }

    deinit { close(descriptor) }  // closing releases the flock

    /// Why an existing lock file must not be used, or nil.
    private static func refusal(_ info: stat) -> String? {
        if info.st_mode & S_IFMT != S_IFREG { return "it is not a regular file" }
        if info.st_nlink != 1 { return "it has \(info.st_nlink) hard links; remove it and run again" }
        if info.st_uid != geteuid() {
            return "it belongs to user \(info.st_uid), not to this run's user \(geteuid()); remove it and run again"
        }
        return nil
    }

    /// `-test`: what taking the lock would refuse, without creating or writing anything.
    public static func check(path: String) throws(Failure) {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            guard errno == ENOENT else {
                throw .file(FileError(path: path, operation: "use the lock file", code: errno))
            }
            // The real run creates it: its folder (or the nearest that exists) must be writable.
            var folder = AtomicFile.parentDirectory(of: path)
            while access(folder, F_OK) != 0, folder != "/", !folder.isEmpty {
                folder = AtomicFile.parentDirectory(of: folder)
            }
            if access(folder, W_OK | X_OK) != 0 {
                // Said as the real run says it, when creating the file fails.
                throw .file(FileError(path: path, operation: "create the lock file", code: errno))
            }
            return
        }
        if info.st_mode & S_IFMT == S_IFLNK {
            throw .file(FileError(path: path, operation: "use the lock file", reason: "it is a symbolic link"))
        }
        if let refusal = refusal(info) {
            throw .file(FileError(path: path, operation: "use the lock file", reason: refusal))
        }
        if info.st_mode & S_IFMT == S_IFREG, access(path, R_OK | W_OK) != 0 {
            throw .file(FileError(path: path, operation: "open", code: errno))
        }
    }
}

/// Seconds on the monotonic clock (for waits and timeouts, immune to clock changes).
func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}
