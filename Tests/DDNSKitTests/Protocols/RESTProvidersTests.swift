import DDNSFakeProvider
import Testing

@testable import DDNSKit

@Suite struct RESTProvidersTests {
    func target(_ proto: String, server: String, _ values: [String: String], v6: String? = nil) -> UpdateTarget {
        UpdateTarget(
            host: HostConfig(
                name: "home.example.com",
                values: ["protocol": proto, "server": server, "ssl": "0", "zone": "example.com"].merging(values) { $1 }),
            ipv4: "192.0.2.5", ipv6: v6)
    }

    @Test("GoDaddy: PUT per family with sso-key auth and the record body; 401 is permanent")
    func godaddy() throws {
        let harness = try ProviderHarness(pinning: ["api.godaddy.com"]) { request in
            request.header("Authorization") == "sso-key key:secret"
                ? .json("") : .json(#"{"code":"UNABLE_TO_AUTHENTICATE","message":"Unauthorized"}"#, status: 401)
        }
        defer { harness.server.stop() }
        let server = harness.server("api.godaddy.com") + "/v1/domains"
        let ok = GoDaddyProtocol().update(
            [
                target(
                    "godaddy", server: server, ["login": "key", "password": "secret", "ttl": "600"], v6: "2001:db8::5")
            ], context: harness.context)
        #expect(
            harness.server.requests.map { "\($0.method) \($0.path)" } == [
                "PUT /v1/domains/example.com/records/A/home", "PUT /v1/domains/example.com/records/AAAA/home",
            ])
        #expect(harness.server.requests[0].bodyText == #"[{"data":"192.0.2.5","ttl":600,"name":"home","type":"A"}]"#)
        #expect(ok.first?.ipv4?.isSuccess == true && ok.first?.ipv6?.isSuccess == true)
        let denied = GoDaddyProtocol().update(
            [target("godaddy", server: server, ["login": "key", "password": "wrong"])], context: harness.context)
        #expect(denied.first?.ipv4?.kind == .permanentFailure)
        #expect(denied.first?.ipv4?.message.contains("Unauthorized") == true)
    }

    @Test("DigitalOcean: list by name and type, PATCH only when the data differs")
    func digitalocean() throws {
        let harness = try ProviderHarness(pinning: ["api.digitalocean.com"]) { request in
            if request.method == "GET" {
                let data = request.queryValue("type") == "A" ? "192.0.2.1" : "2001:db8::5"
                return .json(
                    #"{"domain_records":[{"id":42,"type":"\#(request.queryValue("type")!)","name":"home","data":"\#(data)"}]}"#
                )
            }
            return .json(#"{"domain_record":{}}"#)
        }
        defer { harness.server.stop() }
        let result = DigitalOceanProtocol().update(
            [
                target(
                    "digitalocean", server: harness.server("api.digitalocean.com"), ["password": "do-token"],
                    v6: "2001:db8::5")
            ], context: harness.context)
        #expect(
            harness.server.requests.map { "\($0.method) \($0.path)?\($0.rawQuery)" } == [
                "GET /v2/domains/example.com/records?name=home.example.com&type=A",
                "PATCH /v2/domains/example.com/records/42?",
                "GET /v2/domains/example.com/records?name=home.example.com&type=AAAA",
            ])
        #expect(harness.server.requests[1].bodyText == #"{"type":"A","data":"192.0.2.5"}"#)
        #expect(harness.server.requests.allSatisfy { $0.header("Authorization") == "Bearer do-token" })
        #expect(result.first?.ipv4?.isSuccess == true && result.first?.ipv6?.isSuccess == true)
    }

    @Test("Gandi: read the rrset, PUT the new value with the TTL, Apikey or Bearer auth")
    func gandi() throws {
        let harness = try ProviderHarness(pinning: ["api.gandi.net"]) { request in
            request.method == "GET"
                ? .json(#"{"rrset_values":["192.0.2.1"],"rrset_ttl":300}"#)
                : .json(#"{"message":"DNS Record Created"}"#, status: 201)
        }
        defer { harness.server.stop() }
        let server = harness.server("api.gandi.net")
        let result = GandiProtocol().update(
            [target("gandi", server: server, ["password": "gk", "ttl": "600", "script": "/v5"])],
            context: harness.context)
        #expect(
            harness.server.requests.map { "\($0.method) \($0.path)" } == [
                "GET /v5/livedns/domains/example.com/records/home/A",
                "PUT /v5/livedns/domains/example.com/records/home/A",
            ])
        #expect(harness.server.requests[1].bodyText == #"{"rrset_ttl":600,"rrset_values":["192.0.2.5"]}"#)
        #expect(harness.server.requests[0].header("Authorization") == "Apikey gk")
        #expect(result.first?.ipv4?.isSuccess == true)
        _ = GandiProtocol().update(
            [target("gandi", server: server, ["password": "pat", "use-personal-access-token": "1", "script": "/v5"])],
            context: harness.context)
        #expect(harness.server.requests.last?.header("Authorization") == "Bearer pat")
    }
}

/// Differences from ddclient behind configuration front-ends (issue 14, item 6).
@Suite struct FrontEndDifferencesTests {
    @Test("GoDaddy with ttl=300 (OPNsense writes it): 600, GoDaddy's minimum, is sent, with a warning")
    func godaddyTTL() throws {
        let harness = try ProviderHarness(pinning: ["api.godaddy.com"]) { _ in .json("") }
        defer { harness.server.stop() }
        let host = HostConfig(
            name: "home.example.com",
            values: [
                "protocol": "godaddy", "server": harness.server("api.godaddy.com") + "/v1/domains", "ssl": "0",
                "zone": "example.com", "login": "k", "password": "s", "ttl": "300",
            ])
        let result = GoDaddyProtocol().update([UpdateTarget(host: host, ipv4: "192.0.2.5")], context: harness.context)
        #expect(result.first?.ipv4?.isSuccess == true)
        #expect(JSONValue.parse(harness.server.requests.first?.bodyText ?? "")?[0]?["ttl"]?.int == 600)
        let config = try ConfigLoader.parse(
            text: "protocol=godaddy, zone=example.com, login=k, password=s, ttl=300 h.example.com\n", file: "t",
            format: .conf)
        #expect(config.hosts.first?.values["ttl"] == "300")  // kept as written; raised when sent
    }

    @Test("Porkbun's root record: ddclient's trailing slash (…/A/)")
    func porkbunRoot() throws {
        let harness = try ProviderHarness(pinning: ["api.porkbun.com"]) { _ in
            .json(#"{"status":"SUCCESS","records":[{"id":"1","content":"192.0.2.1","ttl":"600"}]}"#)
        }
        defer { harness.server.stop() }
        let host = HostConfig(
            name: "example.com",
            values: [
                "protocol": "porkbun", "server": harness.server("api.porkbun.com"), "ssl": "0", "apikey": "pk",
                "secretapikey": "sk",
                "on-root-domain": "1",
            ])
        _ = PorkbunProtocol().update([UpdateTarget(host: host, ipv4: "192.0.2.9")], context: harness.context)
        #expect(
            harness.server.requests.map(\.path) == [
                "/api/json/v3/dns/retrieveByNameType/example.com/A/", "/api/json/v3/dns/editByNameType/example.com/A/",
            ])
    }
}
