import DDNSFakeProvider

@testable import DDNSKit

/// protocol=infomaniak: the request/reply vectors the registry-wide test runs (the standard set of a
/// provider that sends `/nic/update` once per family).
extension ProviderVectors {
    static let infomaniak = nicUpdatePerFamily(
        realName: "infomaniak.com", values: ["login": "u", "password": "p"], malformedToken: "unknown")
}
