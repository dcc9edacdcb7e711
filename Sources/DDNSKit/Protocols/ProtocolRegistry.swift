/// Every protocol ddswift speaks, for `protocol=` validation and `-list-protocols`.
public enum ProtocolRegistry {
    /// All protocols, in no particular order (what shows them sorts them, `sortedByName()`):
    /// sorting 49 existentials was a tenth of a cron run's work, which only looks one up.
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
        ] as [any DDNSProtocol] + SimpleProviders.table as [any DDNSProtocol])

    /// The protocol called `name` (case-insensitive), or nil.
    public static func named(_ name: String) -> (any DDNSProtocol)? {
        let lowered = name.lowercased()
        return all.first { $0.name == lowered }
    }

    /// Every protocol's name, sorted.
    public static var names: [String] { all.map(\.name).sorted() }
}

extension [any DDNSProtocol] {
    /// In name order. Sorting the names and placing each protocol once costs a fraction of
    /// sorting the protocols themselves, which copies two existentials per comparison.
    public func sortedByName() -> [any DDNSProtocol] {
        let names = map(\.name)
        return names.indices.sorted { names[$0] < names[$1] }.map { self[$0] }
    }
}
