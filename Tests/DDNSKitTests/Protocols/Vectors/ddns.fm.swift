import DDNSFakeProvider

@testable import DDNSKit

/// protocol=ddns.fm: the request/reply vectors the registry-wide test runs.
extension ProviderVectors {
    static let ddnsFm = ProviderVectorSet(
        realName: "api.ddns.fm", values: ["password": "k"],
        success: .init(
            ipv6: "2001:db8::1", reply: fixed(.text("")),
            requests: [
                "GET /update?key=k&domain=home.example.com&myip=192.0.2.1",
                "GET /update?key=k&domain=home.example.com&myip=2001:db8::1",
            ], expect4: .good, expect6: .good),
        refusal: .init(
            reply: fixed(unauthorized), requests: ["GET /update?key=k&domain=home.example.com&myip=192.0.2.1"],
            expect4: .failed(permanent: true), token4: "badauth"),
        noMalformedBecause: "ddclient reads only the HTTP status of ddns.fm's reply")
}
