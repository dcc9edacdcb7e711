import DDNSFakeProvider

@testable import DDNSKit

/// protocol=enom: the request/reply vectors the registry-wide test runs.
extension ProviderVectors {
    static let enom = ProviderVectorSet(
        realName: "dynamic.name-services.com", host: "www", values: ["login": "example.com", "password": "p"],
        success: .init(
            reply: fixed(.text("Command=SETDNSHOST\nErrCount=0\nDone=true\n")),
            requests: [
                "GET /interface.asp?Command=SetDNSHost&HostName=www&Zone=example.com&DomainPassword=p&Address=192.0.2.1"
            ],
            expect4: .good),
        refusal: .init(
            reply: fixed(unauthorized),
            requests: [
                "GET /interface.asp?Command=SetDNSHost&HostName=www&Zone=example.com&DomainPassword=p&Address=192.0.2.1"
            ],
            expect4: .failed(permanent: true), token4: "badauth"),
        malformed: .init(
            reply: fixed(.text("ErrCount=1\nErr1=Domain name not found\nDone=false\n")),
            requests: [
                "GET /interface.asp?Command=SetDNSHost&HostName=www&Zone=example.com&DomainPassword=p&Address=192.0.2.1"
            ],
            expect4: .failed(permanent: false), token4: "failed"))
}
