/// Every protocol ddswift speaks, for `protocol=` validation and `-list-protocols`.
public enum ProtocolRegistry {
    /// All protocols, sorted by name.
    public static let all: [any DDNSProtocol] =
        ([
            DynDNS2Protocol(), DynDNS1Protocol(), NoIPProtocol(), CloudflareProtocol(), NamecheapProtocol(),
            FreeDNSProtocol(), DuckDNSProtocol(), PorkbunProtocol(), NSUpdateProtocol(),
            DynuProtocol(), INWXProtocol(), EasyDNSProtocol(), GoDaddyProtocol(), DigitalOceanProtocol(),
            GandiProtocol(),
            CustomProtocol(), IONOSProtocol(), HetznerProtocol(), NS1Protocol(), SpaceshipProtocol(), DynadotProtocol(),
            ZoneEdit1Protocol(), NetcupProtocol(), YandexProtocol(), DNSExit2Protocol(), NFSNProtocol(),
            NjallaProtocol(),
            EmailOnlyProtocol(),
        ] as [any DDNSProtocol] + SimpleProviders.table as [any DDNSProtocol]).sorted { $0.name < $1.name }

    /// The protocol called `name` (case-insensitive), or nil.
    public static func named(_ name: String) -> (any DDNSProtocol)? {
        let lowered = name.lowercased()
        return all.first { $0.name == lowered }
    }

    public static var names: [String] { all.map(\.name) }
}
