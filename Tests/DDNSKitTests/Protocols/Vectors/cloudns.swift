import DDNSFakeProvider

@testable import DDNSKit

/// protocol=cloudns: the request/reply vectors the registry-wide test runs.
extension ProviderVectors {
    static let cloudns = ProviderVectorSet(
        realName: "ipv4.cloudns.net", values: ["dynurl": "http://%SERVER%/api/dynamicURL/?q=KEY"],
        success: .init(
            ipv6: "2001:db8::1", reply: fixed(.text("OK")), requests: ["GET /api/dynamicURL/?q=KEY&proxy=1"],
            expect4: .good),
        refusal: .init(
            reply: fixed(.text("The record's key is wrong!")), requests: ["GET /api/dynamicURL/?q=KEY&proxy=1"],
            expect4: .failed(permanent: true), token4: "badauth"),
        noMalformedBecause: "ddclient takes any reply but ClouDNS's two failure sentences for a success")
}
