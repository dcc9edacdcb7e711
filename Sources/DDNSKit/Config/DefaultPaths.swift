/// The files ddswift uses when the command line names none: one list, read by the loader and
/// printed by `-help`; the man page and README say the same (a test compares them).
public enum DefaultPaths {
    /// The configuration is the first of these that exists: ddswift's own (ddclient syntax, then
    /// YAML), ddclient 4.x's, then Debian's ddclient 3.x's.
    public static let configurationCandidates = [
        "/etc/ddswift/ddswift.conf", "/etc/ddswift/ddswift.yaml", "/etc/ddclient/ddclient.conf",
        "/etc/ddclient.conf",
    ]
    /// ddclient's cache, read and written in place (both 3.x and 4.x use this path).
    public static let cache = "/var/cache/ddclient/ddclient.cache"

    /// The search order as printed: `a, b, c, d`.
    public static var configurationSearchOrder: String { configurationCandidates.joined(separator: ", ") }
}
