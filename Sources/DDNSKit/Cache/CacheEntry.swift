/// What the cache remembers about one host: ddclient's "recap" variables, per address family,
/// plus a few of ddswift's own (the provider's last words, a hold after a permanent refusal).
///
/// Values are kept as text, as in the file. Keys ddswift writes:
/// `ipv4`, `ipv6` (the address last set at the provider), `status-ipv4`, `status-ipv6` (`good`
/// or the provider's token), `mtime` (last success), `atime` (last attempt), `wtime` (do not
/// contact before), `warned-min-interval`, `warned-min-error-interval`, the change-tracked
/// settings (`mx`, `backupmx`, `wildcard`, `static`, …), and ddswift's `protocol`, `server`,
/// `message-ipv4`, `message-ipv6` (percent-encoded) and `hold` (a permanent error token).
/// The cache's field names (ddclient's recap keys and ddswift's own), in one place.
public enum CacheKey {
    /// Last successful update (epoch seconds).
    public static let mtime = "mtime"
    /// Last attempt.
    public static let atime = "atime"
    /// Do not contact the provider before this time.
    public static let wtime = "wtime"
    public static let warnedMinInterval = "warned-min-interval"
    public static let warnedMinErrorInterval = "warned-min-error-interval"
    /// ddswift's: the token of a permanent refusal; the host is held while it is set.
    public static let hold = "hold"
    public static let `protocol` = "protocol"
    public static let server = "server"
    /// `verify=drift`: when the authoritative answer was last compared with the cache.
    public static let driftCheckedAt = "drift-checked-at"
    /// The times an entry holds.
    public static let times = [mtime, atime, wtime, warnedMinInterval, warnedMinErrorInterval]
}

public struct CacheEntry: Sendable, Equatable {
    public var host: String
    public var fields: [String: String]

    public init(host: String, fields: [String: String] = [:]) {
        self.host = host
        self.fields = fields
    }

    public subscript(key: String) -> String? {
        get { fields[key] }
        set { fields[key] = newValue }
    }

    /// The address last set for `family` (`4` or `6`).
    public func address(_ family: AddressFamily) -> String? { nonEmpty(family.addressKey) }
    public func status(_ family: AddressFamily) -> String? { nonEmpty(family.statusKey) }
    public func message(_ family: AddressFamily) -> String? {
        nonEmpty(family.messageKey).map { URLEncoding.decode($0) }
    }

    /// Failed attempts of `family` in a row (0 when it last succeeded).
    /// Failures in a row (0 for a missing or negative count in a hand-edited file).
    public func failures(_ family: AddressFamily) -> Int {
        max(0, fields[family.failuresKey].flatMap { Int($0) } ?? 0)
    }
    /// The kind of `family`'s current failure, if it is failing.
    public func failure(_ family: AddressFamily) -> ProviderFailure? {
        fields[family.failureKey].flatMap(ProviderFailure.init(token:))
    }

    public var mtime: Int? { time(CacheKey.mtime) }
    public var atime: Int? { time(CacheKey.atime) }
    public var wtime: Int? { time(CacheKey.wtime) }

    /// A positive epoch time, or nil when unset or 0 (ddclient writes 0 for "never").
    public func time(_ key: String) -> Int? {
        guard let value = fields[key], let number = Int(value), number > 0 else { return nil }
        return number
    }

    private func nonEmpty(_ key: String) -> String? {
        guard let value = fields[key], !value.isEmpty else { return nil }
        return value
    }
}
