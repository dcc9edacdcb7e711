import DDNSFakeProvider

@testable import DDNSKit

/// protocol=dinahosting: the request/reply vectors the registry-wide test runs.
extension ProviderVectors {
    static let dinahosting = ProviderVectorSet(
        realName: "dinahosting.com", values: ["login": "me", "password": "p"],
        success: .init(
            ipv6: "2001:db8::1", reply: fixed(.text("Success")),
            requests: [
                "GET /special/api.php?hostname=home&domain=example.com&command=Domain_Zone_UpdateTypeA&ip=192.0.2.1"
            ], expect4: .good),
        refusal: .init(
            reply: fixed(unauthorized),
            requests: [
                "GET /special/api.php?hostname=home&domain=example.com&command=Domain_Zone_UpdateTypeA&ip=192.0.2.1"
            ], expect4: .failed(permanent: true), token4: "badauth"),
        malformed: .init(
            reply: fixed(.text("responseCode = 1001\nerrors_0_message = 'Invalid domain'\n")),
            requests: [
                "GET /special/api.php?hostname=home&domain=example.com&command=Domain_Zone_UpdateTypeA&ip=192.0.2.1"
            ], expect4: .failed(permanent: false), token4: "failed"))
}
