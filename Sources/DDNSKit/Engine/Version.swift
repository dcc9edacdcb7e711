/// The program's version, used in the User-Agent, the cache stamp and `-version`.
public enum DDSwiftVersion {
    public static let string = "0.1.0"
    /// The program name used in messages, the cache stamp and the User-Agent.
    public static let program = "ddswift"
}
