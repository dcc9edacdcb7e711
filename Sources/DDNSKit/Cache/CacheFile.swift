#if canImport(Glibc)
    import Glibc
#endif

/// ddclient's cache ("recap") file: read in the 3.x and 4.x layouts, written in the 4.x layout.
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

    /// Reads the cache at `path`. A missing file is an empty cache, not an error.
    public static func read(path: String) -> Contents {
        guard let text = readTextFile(path) else {
            return Contents(entries: [:], warnings: [], stamp: nil)
        }
        return parse(text, file: path)
    }

    /// Parses cache text. Keys are kept as written, except that 3.x single-address fields
    /// (`ip`, `status`) are moved to their family (`ipv4`/`status-ipv4` or the v6 pair).
    public static func parse(_ text: String, file: String = "cache") -> Contents {
        var entries: [String: CacheEntry] = [:]
        var warnings: [String] = []
        var stamp: String?
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = rawLine.filter { $0 != "\r" }
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty { continue }
            if trimmed.hasPrefix("#") {
                if lineNumber == 1 {
                    let word = trimmed.drop { $0 == "#" || $0 == " " }.prefix { $0 != " " && $0 != "\t" }
                    if !word.isEmpty { stamp = String(word) }
                }
                continue
            }
            switch parseLine(String(trimmed)) {
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

    /// `k=v,k=v host`: assignments, white space, then the host name.
    private static func parseLine(_ line: String) -> Result<CacheEntry, LineError> {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard words.count >= 2 else {
            return .failure(LineError(words.first?.contains("=") == true ? "no host name after the values" : "not a cache line"))
        }
        guard words.count == 2 else { return .failure(LineError("unexpected text after the host name")) }
        let host = String(words[1])
        guard isPlausibleHostName(host) else { return .failure(LineError("'\(host.prefix(64))' is not a host name")) }
        var fields: [String: String] = [:]
        for assignment in words[0].split(separator: ",", omittingEmptySubsequences: true) {
            guard let equals = assignment.firstIndex(of: "="), equals != assignment.startIndex else {
                return .failure(LineError("'\(assignment.prefix(64))' is not key=value"))
            }
            let key = String(assignment[..<equals])
            guard key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                return .failure(LineError("'\(key.prefix(64))' is not a key"))
            }
            fields[key] = String(assignment[assignment.index(after: equals)...])
        }
        for key in ["mtime", "atime", "wtime"] {
            if let value = fields[key], !value.isEmpty, Int(value) == nil {
                return .failure(LineError("\(key)=\(value.prefix(32)) is not a time"))
            }
        }
        return .success(CacheEntry(host: host, fields: fields))
    }

    static func isPlausibleHostName(_ host: String) -> Bool {
        !host.isEmpty && host.count <= 253 && host.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-._*@:".contains($0)) }
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
        for family in AddressFamily.allCases where entry[family.statusKey] == "noconnect" && entry.address(family) == nil {
            entry.fields[family.statusKey] = nil
        }
        for key in ["ip", "status", "custom", "script", "host"] { entry.fields[key] = nil }
        entry.fields = entry.fields.filter { !$0.value.isEmpty || $0.key == "mx" }
        if entry.fields["mx"] == "" { entry.fields["mx"] = nil }
        for key in ["warned-min-interval", "warned-min-error-interval", "wtime"] where entry.fields[key] == "0" {
            entry.fields[key] = nil
        }
        return entry
    }

    /// The file text for `entries`: stamp, time line, one sorted line per host.
    public static func render(_ entries: [String: CacheEntry], now: Int) -> String {
        var text = "## \(DDSwiftVersion.program)-\(DDSwiftVersion.string)\n"
        text += "## last updated at \(formatLocalTime(now, style: .ctime)) (\(now))\n"
        for host in entries.keys.sorted() {
            let entry = entries[host]!
            let fields = entry.fields.filter { isSafeValue($0.value) && !$0.key.isEmpty }
            guard !fields.isEmpty else { continue }
            text += fields.keys.sorted().map { "\($0)=\(fields[$0]!)" }.joined(separator: ",")
            text += " \(host)\n"
        }
        return text
    }

    /// Values are written raw (ddclient has no quoting in the cache): no separators allowed.
    static func isSafeValue(_ value: String) -> Bool {
        !value.contains { $0 == "," || $0 == " " || $0 == "\t" || $0 == "#" || $0 == "\n" || $0 == "\r" || $0 == "'" || $0 == "\"" || $0 == "\\" }
    }

    /// Writes `entries` atomically (temporary file in the same folder, fsync, rename, fsync of
    /// the folder), mode 0600, creating the folder if needed.
    public static func write(_ entries: [String: CacheEntry], to path: String, now: Int) throws(FileError) {
        try AtomicFile.write(render(entries, now: now), to: path, mode: 0o600)
    }
}
