import DDNSFakeProvider

@testable import DDNSKit

/// protocol=freedns: the request/reply vectors the registry-wide test runs.
extension ProviderVectors {
    static let freedns = ProviderVectorSet(
        realName: "freedns.afraid.org", host: "home.mooo.com", values: ["login": "user", "password": "pass"],
        success: .init(
            reply: { request in
                request.path == "/api/"
                    ? .text(
                        "home.mooo.com|198.51.100.1|http://\(request.header("Host") ?? "")/dynamic/update.php?KEY\n"
                    ) : .text("Updated 1 host(s) home.mooo.com to 192.0.2.1")
            },
            requests: [
                "GET /api/?action=getdyndns&v=2&sha=8894721a433861735f4c2f52ff577ddd37279e24",
                "GET /dynamic/update.php?KEY&address=192.0.2.1",
            ], expect4: .good),
        refusal: .init(
            reply: fixed(.text("ERROR: Could not authenticate.")),
            requests: ["GET /api/?action=getdyndns&v=2&sha=8894721a433861735f4c2f52ff577ddd37279e24"],
            expect4: .failed(permanent: true), token4: "badauth"),
        malformed: .init(
            reply: fixed(html),
            requests: ["GET /api/?action=getdyndns&v=2&sha=8894721a433861735f4c2f52ff577ddd37279e24"],
            expect4: .failed(permanent: true)))
}
