import DDNSFakeProvider

@testable import DDNSKit

/// protocol=easydns: the request/reply vectors the registry-wide test runs.
extension ProviderVectors {
    static let easydns = ProviderVectorSet(
        realName: "api.cp.easydns.com", values: ["login": "u", "password": "p"],
        success: .init(
            ipv6: "2001:db8::1", reply: fixed(.text("NOERROR")),
            requests: [
                "GET /dyn/generic.php?hostname=home.example.com&myip=192.0.2.1&wildcard=OFF",
                "GET /dyn/generic.php?hostname=home.example.com&myip=2001:db8::1&wildcard=OFF",
            ], expect4: .good, expect6: .good),
        refusal: .init(
            reply: fixed(.text("NO_AUTH")),
            requests: ["GET /dyn/generic.php?hostname=home.example.com&myip=192.0.2.1&wildcard=OFF"],
            expect4: .failed(permanent: true), token4: "NO_AUTH"),
        malformed: .init(
            reply: fixed(html),
            requests: ["GET /dyn/generic.php?hostname=home.example.com&myip=192.0.2.1&wildcard=OFF"],
            expect4: .failed(permanent: false), token4: "unknown"))
}
