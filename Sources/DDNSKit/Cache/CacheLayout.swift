/// Whose reading the cache file is written for. A cache taken over from ddclient is written
/// back with ddclient's stamp and keys, so that switching back to the ddclient that wrote it
/// sends nothing: ddclient drops a cache whose first line is not its own `## ddclient-VERSION`
/// ("program version mismatch; ignoring"), and 3.x decides on `ip` and `status`, 4.x on
/// `ipv4`/`ipv6` and `status-ipv4`/`status-ipv6`.
public enum CacheLayout: Sendable, Equatable {
    /// A cache ddswift started: its own stamp.
    case ddswift
    /// ddclient 3.x (Debian's 3.10): the stamp as read, plus `ip` and `status`.
    case ddclient3(stamp: String)
    /// ddclient 4.x: the stamp as read.
    case ddclient4(stamp: String)

    /// The layout of a cache whose first line named `stamp` (`ddclient-3.10.0`).
    public init(stamp: String?) {
        guard let stamp, let dash = stamp.lastIndex(of: "-") else {
            self = .ddswift
            return
        }
        let program = stamp[..<dash]
        let version = stamp[stamp.index(after: dash)...]
        if program == DDSwiftVersion.program[...] || !program.hasPrefix("ddclient") {
            self = .ddswift
        } else if version.hasPrefix("3.") {
            self = .ddclient3(stamp: stamp)
        } else {
            self = .ddclient4(stamp: stamp)
        }
    }

    /// The first line's `program-version`.
    public var stamp: String {
        switch self {
        case .ddswift: return "\(DDSwiftVersion.program)-\(DDSwiftVersion.string)"
        case .ddclient3(let stamp), .ddclient4(let stamp): return stamp
        }
    }

    /// The keys front-ends read back for their status pages (OPNsense: `host`, `ip`; VyOS:
    /// `host`), which are also the keys ddclient 3.x decides on (`ip`, `status`). Written in
    /// every layout; ddswift itself reads the per-family keys.
    static func frontEndFields(host: String, entry: CacheEntry) -> [String: String] {
        var fields = ["host": host]
        for family in AddressFamily.allCases {
            guard let address = entry.address(family) else { continue }
            fields["ip"] = address
            if let status = entry.status(family) { fields["status"] = status }
            break
        }
        return fields
    }

    /// The settings ddclient 3.x caches for a protocol and compares with the configuration,
    /// with its defaults: 3.10 forces a dyndns1/dyndns2 update when `static` differs from the
    /// cached value, and an absent value differs. Added (when missing) in the 3.x layout to a
    /// host ddswift updated, so that ddclient 3.x, rolled back to, does not send it again.
    static let ddclient3Settings: [String: [String: String]] = [
        "dyndns1": ["static": "0", "wildcard": "0", "mx": "", "backupmx": "0"],
        "dyndns2": ["static": "0", "wildcard": "0", "mx": "", "backupmx": "0"],
    ]

    /// What this layout adds to an entry's own fields.
    func compatibilityFields(host: String, entry: CacheEntry) -> [String: String] {
        var fields = Self.frontEndFields(host: host, entry: entry)
        if case .ddclient3 = self, let protocolName = entry[CacheKey.protocol],
            let settings = Self.ddclient3Settings[protocolName]
        {
            for (key, value) in settings where entry[key] == nil { fields[key] = value }
        }
        return fields
    }
}
