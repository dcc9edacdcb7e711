/// The name of a record inside its zone, for REST providers that address a record by zone and
/// name (GoDaddy, DigitalOcean, Gandi).
enum RecordName {
    /// The record name inside `zone`: `@` for the apex.
    static func relative(_ host: String, zone: String) -> String {
        if host == zone { return "@" }
        if host.hasSuffix("." + zone) { return String(host.dropLast(zone.count + 1)) }
        return host
    }
}
