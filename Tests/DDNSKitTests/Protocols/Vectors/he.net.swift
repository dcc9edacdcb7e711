import DDNSFakeProvider

@testable import DDNSKit

/// protocol=he.net: the request/reply vectors the registry-wide test runs (the standard set of a
/// provider that sends `/nic/update` once per family).
extension ProviderVectors {
    static let heNet = nicUpdatePerFamily(
        realName: "dyn.dns.he.net", values: ["password": "key"], success: "good 192.0.2.1")
}
