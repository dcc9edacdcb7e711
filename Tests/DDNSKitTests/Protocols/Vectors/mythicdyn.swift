import DDNSFakeProvider

@testable import DDNSKit

/// protocol=mythicdyn: the request/reply vectors the registry-wide test runs.
extension ProviderVectors {
    static let mythicdyn = ProviderVectorSet(
        realName: "api.mythic-beasts.com", pins: ["ipv4.api.mythic-beasts.com"],
        values: ["login": "id", "password": "secret"],
        success: .init(
            reply: fixed(.text("")), requests: ["POST /dns/v2/dynamic/home.example.com"], expect4: .good),
        refusal: .init(
            reply: fixed(unauthorized), requests: ["POST /dns/v2/dynamic/home.example.com"],
            expect4: .failed(permanent: true),
            token4: "badauth"),
        noMalformedBecause: "ddclient reads only the HTTP status of Mythic Beasts' reply")
}
