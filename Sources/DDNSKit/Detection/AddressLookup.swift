/// One way of finding an address (a web page, an interface, a DNS or STUN server, …). A new
/// source is one type conforming to this, in one file, plus its strategy in
/// ``AddressSources``.
public protocol AddressLookup: Sendable {
    /// Every input that changes the answer: sources with equal keys are asked once per run
    /// (ddclient's `strategy_inputs`).
    var key: String { get }
    /// The user gave the address itself (`ip=`): published as given, not filtered.
    var isGiven: Bool { get }
    /// The address of `family` (nil: the legacy `use=`, IPv4 first), as normalised text.
    func find(_ family: AddressFamily?, in context: DetectionContext) -> Result<String, DetectionError>
}

extension AddressLookup {
    public var isGiven: Bool { false }
}

/// What sources may use to look: the HTTP client, bounded times, the interface reader.
public struct DetectionContext: Sendable {
    public var http: any HTTPTransport
    public var commandTimeout: Double
    /// For each DNS or STUN exchange, retransmissions included.
    public var datagramTimeout: Double
    public var interfaceAddresses: @Sendable (String, AddressFamily) -> Result<[InterfaceAddress], InterfaceError>

    public init(
        http: any HTTPTransport, commandTimeout: Double = 30, datagramTimeout: Double = 5,
        interfaceAddresses: @escaping @Sendable (String, AddressFamily) -> Result<[InterfaceAddress], InterfaceError> =
            IPDetector.systemInterfaceAddresses
    ) {
        self.http = http
        self.commandTimeout = commandTimeout
        self.datagramTimeout = datagramTimeout
        self.interfaceAddresses = interfaceAddresses
    }
}

/// A lookup as a host's configuration names it, for one family.
public struct AddressSource: Sendable, Hashable, CustomStringConvertible {
    public var lookup: any AddressLookup
    /// nil for the legacy `use=` (either family), else the family wanted.
    public var family: AddressFamily?
    /// How the user named it, for messages (`usev4=webv4 webv4=ipify-ipv4`).
    public var label: String

    public init(_ lookup: any AddressLookup, family: AddressFamily?, label: String) {
        self.lookup = lookup
        self.family = family
        self.label = label
    }

    public var description: String { label }

    public static func == (lhs: AddressSource, rhs: AddressSource) -> Bool {
        lhs.lookup.key == rhs.lookup.key && lhs.family == rhs.family
    }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(lookup.key)
        hasher.combine(family)
    }
}

/// Why a source gave no address.
public enum DetectionError: Error, Sendable, Equatable, CustomStringConvertible {
    case unusable(String)
    case invalid(String)
    case refused(String)
    case interface(InterfaceError)
    case web(String)
    case command(String)
    case dns(String)
    case stun(String)
    case noAddress(String)

    public var description: String {
        switch self {
        case .unusable(let text), .invalid(let text), .refused(let text), .web(let text), .command(let text),
            .dns(let text), .stun(let text), .noAddress(let text):
            text
        case .interface(let error): error.description
        }
    }

    /// "no IPv4 address found in the reply".
    static func nothingFound(_ family: AddressFamily?, in place: String = "the reply") -> DetectionError {
        .noAddress("no \(family.map { "\($0)" } ?? "IP") address found in \(place)")
    }
}
