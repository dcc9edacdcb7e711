import DDNSFakeProvider

@testable import DDNSKit

/// protocol=nfsn: the request/reply vectors the registry-wide test runs.
extension ProviderVectors {
    static let nfsn = ProviderVectorSet(
        realName: "api.nearlyfreespeech.net", values: ["login": "me", "password": "key", "zone": "example.com"],
        success: .init(
            ipv6: "2001:db8::1",
            reply: { request in request.path.hasSuffix("/listRRs") ? .json("[]") : .text("") },
            requests: ["POST /dns/example.com/listRRs", "POST /dns/example.com/addRR"], expect4: .good),
        refusal: .init(
            reply: fixed(.json(#"{"error":"Authentication failed."}"#, status: 401)),
            requests: ["POST /dns/example.com/listRRs"],
            expect4: .failed(permanent: true), token4: "badauth"),
        malformed: .init(
            reply: fixed(html), requests: ["POST /dns/example.com/listRRs"], expect4: .failed(permanent: false),
            token4: "failed"))
}
