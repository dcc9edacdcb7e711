#if canImport(Glibc)
    import Glibc
#endif

/// A failed file operation, with the path and the system's words.
public struct FileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var operation: String
    public var code: Int32
    /// Our own words when the system's do not apply (not a regular file, too large).
    public var reason: String?

    public init(path: String, operation: String, code: Int32) {
        self.path = path
        self.operation = operation
        self.code = code
    }

    public init(path: String, operation: String, reason: String) {
        self.path = path
        self.operation = operation
        self.code = 0
        self.reason = reason
    }

    /// The system's words, or ours.
    public var why: String { reason ?? String(cString: strerror(code)) }

    public var description: String { "cannot \(operation) \(path): \(why)\(hint)" }

    /// What to do about a refused access: the file's owner and mode decide.
    private var hint: String {
        guard reason == nil, code == EACCES || code == EPERM else { return "" }
        return
            " (run ddswift as the user that owns it, as ddclient's root-run units and hooks do, or fix its owner and mode)"
    }
}

/// Crash-safe replacement of a file: a reader sees the old content or the new, never a mix.
public enum AtomicFile {
    /// Writes `text` to a temporary file beside `path`, fsyncs it, renames it over `path` and
    /// fsyncs the folder. Creates missing folders (mode 0700).
    public static func write(_ text: String, to path: String, mode: UInt32) throws(FileError) {
        let directory = parentDirectory(of: path)
        try makeDirectories(directory)
        // A new file, never an existing one: O_EXCL refuses a link (hard or symbolic) planted
        // at the name, and the random part makes the name unguessable.
        var temporary = ""
        var fd: Int32 = -1
        for _ in 0..<8 {
            temporary = "\(path).tmp.\(getpid()).\(UInt32.random(in: 0...UInt32.max))"
            fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode_t(mode))
            if fd >= 0 || errno != EEXIST { break }
        }
        guard fd >= 0 else { throw FileError(path: temporary, operation: "create", code: errno) }
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                let code = errno
                close(fd)
                unlink(temporary)
                throw FileError(path: temporary, operation: "write", code: code)
            }
            offset += written
        }
        fchmod(fd, mode_t(mode))
        guard fsync(fd) == 0 else {
            let code = errno
            close(fd)
            unlink(temporary)
            throw FileError(path: temporary, operation: "sync", code: code)
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw FileError(path: path, operation: "replace", code: code)
        }
        let directoryFD = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryFD >= 0 {
            fsync(directoryFD)
            close(directoryFD)
        }
    }

    static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let parent = String(path[..<slash])
        return parent.isEmpty ? "/" : parent
    }

    static func makeDirectories(_ path: String) throws(FileError) {
        var isDirectory = stat()
        if stat(path, &isDirectory) == 0 { return }
        let parent = parentDirectory(of: path)
        if parent != path, parent != "." { try makeDirectories(parent) }
        if mkdir(path, 0o700) != 0, errno != EEXIST {
            throw FileError(path: path, operation: "create folder", code: errno)
        }
    }
}

/// The whole file as text, or nil when it cannot be read (missing, unreadable, a folder,
/// a FIFO or device, larger than `limit`). Use `readRegularFile` where the reason matters.
func readTextFile(_ path: String, limit: Int = 64 << 20) -> String? {
    try? readRegularFile(path, limit: limit)
}

/// The whole content of the regular file at `path`, with the reason when it cannot be had.
/// Opened non-blocking, so a FIFO without a writer (or a device) is refused at once instead of
/// blocking the run; only regular files are read, and never more than `limit` bytes.
///
/// `allowStreams`: also a pipe or character device the user named on purpose (`-file
/// /dev/stdin`, `-file <(generate)`), read to its end (still bounded by `limit`).
func readRegularFile(_ path: String, limit: Int = 64 << 20, allowStreams: Bool = false) throws(FileError) -> String {
    let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
    guard fd >= 0 else { throw FileError(path: path, operation: "read", code: errno) }
    defer { close(fd) }
    var status = stat()
    guard fstat(fd, &status) == 0 else { throw FileError(path: path, operation: "read", code: errno) }
    let kind = status.st_mode & S_IFMT
    if allowStreams, kind == S_IFIFO || kind == S_IFCHR {
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)  // the user asked for this stream: wait for it
    } else if kind != S_IFREG {
        throw FileError(
            path: path, operation: "read",
            reason: kind == S_IFDIR ? "it is a folder, not a file" : "it is not a regular file")
    }
    if Int(status.st_size) > limit {
        throw FileError(
            path: path, operation: "read", reason: "it is too large (\(status.st_size) bytes; the limit is \(limit))")
    }
    var bytes: [UInt8] = []
    // Not zero-filled: a 64 KiB zeroed array costs 16 page faults on every run, for a
    // config of a few hundred bytes; read(2) touches only what it fills.
    let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 65536, alignment: 1)
    defer { chunk.deallocate() }
    while true {
        let count = read(fd, chunk.baseAddress, chunk.count)
        if count < 0 {
            if errno == EINTR { continue }
            throw FileError(path: path, operation: "read", code: errno)
        }
        if count == 0 { break }
        bytes += chunk[0..<count]
        if bytes.count > limit {
            throw FileError(path: path, operation: "read", reason: "it is too large (more than \(limit) bytes)")
        }
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// Time formats used in messages and the cache.
enum TimeStyle {
    /// `Sat Nov 21 20:52:36 2026` (ddclient's cache line).
    case ctime
    /// `2026-11-21 20:52` (log messages).
    case short
    /// `2026-11-21T20:52:36+0000` (JSON).
    case iso
}

func formatLocalTime(_ epoch: Int, style: TimeStyle) -> String {
    var time = time_t(epoch)
    var parts = tm()
    localtime_r(&time, &parts)
    let format: String
    switch style {
    case .ctime: format = "%a %b %e %H:%M:%S %Y"
    case .short: format = "%Y-%m-%d %H:%M"
    case .iso: format = "%Y-%m-%dT%H:%M:%S%z"
    }
    var buffer = [CChar](repeating: 0, count: 64)
    let length = strftime(&buffer, buffer.count, format, &parts)
    return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
