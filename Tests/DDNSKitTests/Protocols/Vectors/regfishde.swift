import DDNSFakeProvider

@testable import DDNSKit

/// protocol=regfishde: the request/reply vectors the registry-wide test runs.
extension ProviderVectors {
    static let regfishde = ProviderVectorSet(
        realName: "dyndns.regfish.de", values: ["password": "tok"],
        success: .init(
            ipv6: "2001:db8::1", reply: fixed(.text("success|100|update succeeded!")),
            requests: ["GET /?fqdn=home.example.com&forcehost=1&token=tok&ipv4=192.0.2.1&ipv6=2001:db8::1"],
            expect4: .good, expect6: .good),
        refusal: .init(
            reply: fixed(.text("fail|401|invalid token")),
            requests: ["GET /?fqdn=home.example.com&forcehost=1&token=tok&ipv4=192.0.2.1"],
            expect4: .failed(permanent: false), token4: "failed"),
        malformed: .init(
            reply: fixed(html), requests: ["GET /?fqdn=home.example.com&forcehost=1&token=tok&ipv4=192.0.2.1"],
            expect4: .failed(permanent: false)))
}
