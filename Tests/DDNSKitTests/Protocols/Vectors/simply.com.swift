import DDNSFakeProvider

@testable import DDNSKit

/// protocol=simply.com: the request/reply vectors the registry-wide test runs (the standard set of a
/// provider that sends `/nic/update` once per family).
extension ProviderVectors {
    static let simplyCom = nicUpdatePerFamily(realName: "dyndns.simply.com", values: ["login": "u", "password": "p"])
}
