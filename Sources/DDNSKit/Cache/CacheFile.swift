#if canImport(Glibc)
    import Glibc
#endif

/// ddclient's cache ("recap") file: read in the 3.x and 4.x layouts, written back in the layout
/// and with the stamp it was read with (``CacheLayout``).
///
/// ```
/// ## ddswift-0.1.0
/// ## last updated at Sat Nov 21 20:52:36 2026 (1795294356)
/// atime=1795294356,ipv4=1.2.3.4,mtime=1795294356,status-ipv4=good host1.example.com
/// ```
/// Unlike ddclient, a cache written by another program or version is read, not dropped: a
/// user switching from ddclient must not re-send every host (providers block clients that
/// repeat themselves). A line that cannot be read costs that host only.
public enum CacheFile {
    /// What reading found: the entries by host, and warnings with line numbers.
    public struct Contents: Sendable, Equatable {
        public var entries: [String: CacheEntry]
        public var warnings: [String]
        /// The program and version of the stamp line (`ddclient-3.10.0`), if any.
        public var stamp: String?
    }

    /// Refuses a cache path that is not a regular file (or absent): a folder, a symbolic link,
    /// a FIFO or device. ddswift replaces its cache by renaming a new file over it, so a link
    /// would silently stop being one; and nothing is ever written or chmod'ed through one.
    public static func checkPath(_ path: String) throws(FileError) {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return }
            throw FileError(path: path, operation: "use the cache", code: errno)
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            // Unreadable is not empty: taking it for empty would send every host again.
            if access(path, R_OK) != 0 { throw FileError(path: path, operation: "read the cache", code: errno) }
        case S_IFLNK:
            throw FileError(
                path: path, operation: "use the cache", reason: "it is a symbolic link; name the real file with cache=")
        case S_IFDIR:
            throw FileError(path: path, operation: "use the cache", reason: "it is a folder; cache= names a file")
        default: throw FileError(path: path, operation: "use the cache", reason: "it is not a regular file")
        }
    }

    /// Reads the cache at `path`. A missing file is an empty cache; any other failure
    /// (permission, a folder, I/O) is an error: taken for an empty cache it would send every
    /// host again, or make a read-modify-write drop them.
    public static func read(path: String) throws(FileError) -> Contents {
        do {
            return parse(try readRegularFile(path), file: path)
        } catch  where error.code == ENOENT {
            return Contents(entries: [:], warnings: [], stamp: nil)
        }
    }

    /// Parses cache text. Keys are kept as written, except that 3.x single-address fields
    /// (`ip`, `status`) are moved to their family (`ipv4`/`status-ipv4` or the v6 pair).
    /// Works on UTF-8 bytes: a 10,000-host cache is read in milliseconds.
    public static func parse(_ text: String, file: String = "cache") -> Contents {
        var entries: [String: CacheEntry] = [:]
        var warnings: [String] = []
        var stamp: String?
        var lineNumber = 0
        let bytes = Array(text.utf8)
        var lineStart = 0
        while lineStart <= bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count && bytes[lineEnd] != 10 { lineEnd += 1 }
            defer { lineStart = lineEnd + 1 }
            lineNumber += 1
            var start = lineStart
            var end = lineEnd
            while start < end && (bytes[start] == 32 || bytes[start] == 9) { start += 1 }
            while end > start && (bytes[end - 1] == 13 || bytes[end - 1] == 32 || bytes[end - 1] == 9) { end -= 1 }
            if start == end {
                if lineEnd >= bytes.count { break }
                continue
            }
            if bytes[start] == UInt8(ascii: "#") {
                if lineNumber == 1 {
                    var wordStart = start
                    while wordStart < end && (bytes[wordStart] == UInt8(ascii: "#") || bytes[wordStart] == 32) {
                        wordStart += 1
                    }
                    var wordEnd = wordStart
                    while wordEnd < end && bytes[wordEnd] != 32 && bytes[wordEnd] != 9 { wordEnd += 1 }
                    if wordEnd > wordStart { stamp = String(decoding: bytes[wordStart..<wordEnd], as: UTF8.self) }
                }
                continue
            }
            switch parseLine(bytes[start..<end]) {
            case .success(let entry):
                if entries[entry.host] != nil {
                    warnings.append("\(file):\(lineNumber): host \(entry.host) appears again; the later line wins")
                }
                entries[entry.host] = migrateLegacyFields(entry)
            case .failure(let reason):
                warnings.append("\(file):\(lineNumber): \(reason); line ignored")
            }
        }
        if let stamp, !(stamp.hasPrefix("ddclient-") || stamp.hasPrefix("\(DDSwiftVersion.program)-")) {
            warnings.append("\(file):1: written by '\(stamp)', not ddclient or ddswift; reading it anyway")
        }
        return Contents(entries: entries, warnings: warnings, stamp: stamp)
    }

    private struct LineError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// `k=v,k=v host`: assignments, white space, then the host name (trimmed bytes).
    private static func parseLine(_ line: ArraySlice<UInt8>) -> Result<CacheEntry, LineError> {
        func text(_ slice: ArraySlice<UInt8>) -> String { String(decoding: slice, as: UTF8.self) }
        guard let space = line.firstIndex(where: { $0 == 32 || $0 == 9 }) else {
            return .failure(
                LineError(line.contains(UInt8(ascii: "=")) ? "no host name after the values" : "not a cache line"))
        }
        let assignments = line[line.startIndex..<space]
        var hostStart = space
        while hostStart < line.endIndex && (line[hostStart] == 32 || line[hostStart] == 9) { hostStart += 1 }
        let hostBytes = line[hostStart...]
        guard !hostBytes.contains(where: { $0 == 32 || $0 == 9 }) else {
            return .failure(LineError("unexpected text after the host name"))
        }
        guard isPlausibleHostName(hostBytes) else {
            return .failure(LineError("'\(text(hostBytes.prefix(64)))' is not a host name"))
        }
        var fields: [String: String] = [:]
        for assignment in assignments.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: true) {
            guard let equals = assignment.firstIndex(of: UInt8(ascii: "=")), equals != assignment.startIndex else {
                return .failure(LineError("'\(text(assignment.prefix(64)))' is not key=value"))
            }
            let key = assignment[assignment.startIndex..<equals]
            guard key.allSatisfy(isKeyByte) else {
                return .failure(LineError("'\(text(key.prefix(64)))' is not a key"))
            }
            fields[text(key)] = text(assignment[(equals + 1)...])
        }
        for key in [CacheKey.mtime, CacheKey.atime, CacheKey.wtime] {
            if let value = fields[key], !value.isEmpty, Int(value) == nil {
                return .failure(LineError("\(key)=\(value.prefix(32)) is not a time"))
            }
        }
        return .success(CacheEntry(host: text(hostBytes), fields: fields))
    }

    private static func isKeyByte(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte) || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: "_")
    }

    static func isPlausibleHostName(_ host: String) -> Bool { isPlausibleHostName(Array(host.utf8)[...]) }

    static func isPlausibleHostName(_ host: ArraySlice<UInt8>) -> Bool {
        !host.isEmpty && host.count <= 253
            && host.allSatisfy {
                isKeyByte($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "@")
                    || $0 == UInt8(ascii: ":")
            }
    }

    /// ddclient 3.x keeps one address in `ip` with its `status`; 3.10 even writes `ip` after a
    /// failed update, so only a `good` status makes it the current address.
    static func migrateLegacyFields(_ entry: CacheEntry) -> CacheEntry {
        var entry = entry
        let legacyIP = entry["ip"]
        let legacyStatus = entry["status"]
        if let ip = legacyIP, !ip.isEmpty {
            let family: AddressFamily = ip.contains(":") ? .ipv6 : .ipv4
            if entry.address(family) == nil || entry.status(family) != "good" {
                if legacyStatus == "good" {
                    entry[family.addressKey] = ip
                    entry[family.statusKey] = "good"
                } else if let legacyStatus, !legacyStatus.isEmpty {
                    entry[family.statusKey] = legacyStatus
                }
            }
        }
        // 3.10 writes `noconnect` for families it never tried, and empty values for unset ones.
        for family in AddressFamily.allCases
        where entry[family.statusKey] == "noconnect" && entry.address(family) == nil {
            entry.fields[family.statusKey] = nil
        }
        for key in ["ip", "status", "custom", "script", "host"] { entry.fields[key] = nil }
        entry.fields = entry.fields.filter { !$0.value.isEmpty || $0.key == "mx" }
        if entry.fields["mx"] == "" { entry.fields["mx"] = nil }
        for key in [CacheKey.warnedMinInterval, CacheKey.warnedMinErrorInterval, CacheKey.wtime]
        where entry.fields[key] == "0" {
            entry.fields[key] = nil
        }
        return entry
    }

    /// The file text for `entries`: stamp, time line, one sorted line per host.
    public static func render(_ entries: [String: CacheEntry], now: Int, layout: CacheLayout = .ddswift) -> String {
        var text = "## \(layout.stamp)\n"
        text += "## last updated at \(formatLocalTime(now, style: .ctime)) (\(now))"
        if layout != .ddswift { text += " by \(DDSwiftVersion.program)-\(DDSwiftVersion.string)" }
        text += "\n"
        for host in entries.keys.sorted() {
            let entry = entries[host]!
            var fields = entry.fields.filter { isSafeValue($0.value) && !$0.key.isEmpty }
            guard !fields.isEmpty else { continue }
            fields.merge(layout.compatibilityFields(host: host, entry: entry).filter { isSafeValue($0.value) }) { $1 }
            text += fields.keys.sorted().map { "\($0)=\(fields[$0]!)" }.joined(separator: ",")
            text += " \(host)\n"
        }
        return text
    }

    /// Values are written raw (ddclient has no quoting in the cache): no separators allowed.
    static func isSafeValue(_ value: String) -> Bool {
        !value.contains {
            $0 == "," || $0 == " " || $0 == "\t" || $0 == "#" || $0 == "\n" || $0 == "\r" || $0 == "'" || $0 == "\""
                || $0 == "\\"
        }
    }

    /// Writes `entries` atomically (temporary file in the same folder, fsync, rename, fsync of
    /// the folder), mode 0600, creating the folder if needed.
    public static func write(
        _ entries: [String: CacheEntry], to path: String, now: Int, layout: CacheLayout = .ddswift
    ) throws(FileError) {
        try AtomicFile.write(render(entries, now: now, layout: layout), to: path, mode: 0o600)
    }
}
