/// ddclient 3.10's protocols whose services closed (ddclient 4 removed them): a configuration
/// naming one still loads, and its hosts get an error that says what happened and what to
/// change, never "unknown protocol".
public enum RetiredProtocols {
    public static let reasons: [String: String] = [
        "googledomains":
            "Google Domains shut down in 2024 (its domains moved to Squarespace); "
            + "move the zone's DNS to a provider ddswift supports (-list-protocols) and set protocol= to it",
        "dnsexit":
            "DNSExit retired this API; use protocol=dnsexit2 with the API key from DNSExit's control panel as password= "
            + "(and zone= when the host is not the zone itself)",
        "woima":
            "the dyn.woima.fi service is gone (ddclient 4 removed it); move the name to another provider (-list-protocols)",
    ]

    /// Why `name` can no longer be used, or nil.
    public static func reason(_ name: String) -> String? { reasons[name.lowercased()] }
}
