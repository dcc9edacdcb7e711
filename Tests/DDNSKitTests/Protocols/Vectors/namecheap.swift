import DDNSFakeProvider

@testable import DDNSKit

/// protocol=namecheap: the request/reply vectors the registry-wide test runs.
extension ProviderVectors {
    static let namecheap = ProviderVectorSet(
        realName: "dynamicdns.park-your-domain.com", host: "www.example.com",
        values: ["login": "example.com", "password": "p"],
        success: .init(
            ipv6: "2001:db8::1",
            reply: fixed(
                .text("<?xml version=\"1.0\"?><interface-response><ErrCount>0</ErrCount></interface-response>")),
            requests: ["GET /update?host=www&domain=example.com&password=p&ip=192.0.2.1"], expect4: .good),
        refusal: .init(
            reply: fixed(
                .text(
                    "<interface-response><ErrCount>1</ErrCount><errors><Err1>Passwords do not match</Err1></errors></interface-response>"
                )), requests: ["GET /update?host=www&domain=example.com&password=p&ip=192.0.2.1"],
            expect4: .failed(permanent: true)),
        malformed: .init(
            reply: fixed(html), requests: ["GET /update?host=www&domain=example.com&password=p&ip=192.0.2.1"],
            expect4: .failed(permanent: false)))
}
