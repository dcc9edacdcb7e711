import DDNSFakeProvider

@testable import DDNSKit

/// protocol=porkbun: the request/reply vectors the registry-wide test runs.
extension ProviderVectors {
    static let porkbun = ProviderVectorSet(
        realName: "api.porkbun.com", values: ["apikey": "pk1_x", "secretapikey": "sk1_y"],
        success: .init(
            ipv6: "2001:db8::1",
            reply: { request in
                if request.path.contains("/retrieveByNameType/") {
                    let type = request.path.contains("/AAAA/") ? "AAAA" : "A"
                    return .json(
                        #"{"status":"SUCCESS","records":[{"id":"1","name":"home.example.com","type":"\#(type)","content":"198.51.100.1","ttl":"600","notes":""}]}"#
                    )
                }
                return .json(#"{"status":"SUCCESS"}"#)
            },
            requests: [
                "POST /api/json/v3/dns/retrieveByNameType/example.com/A/home",
                "POST /api/json/v3/dns/editByNameType/example.com/A/home",
                "POST /api/json/v3/dns/retrieveByNameType/example.com/AAAA/home",
                "POST /api/json/v3/dns/editByNameType/example.com/AAAA/home",
            ], expect4: .good, expect6: .good),
        refusal: .init(
            reply: fixed(.json(#"{"status":"ERROR","message":"Invalid API key. (002)"}"#, status: 400)),
            requests: ["POST /api/json/v3/dns/retrieveByNameType/example.com/A/home"],
            expect4: .failed(permanent: true), token4: "badauth"),
        malformed: .init(
            reply: fixed(html), requests: ["POST /api/json/v3/dns/retrieveByNameType/example.com/A/home"],
            expect4: .failed(permanent: false)))
}
