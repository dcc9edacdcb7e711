import DDNSFakeProvider
import Foundation
import Synchronization
import Testing

@testable import DDNSKit

/// Providers that are one table entry: ddclient's own vectors where it has them
/// (t/protocol_ddnss.pl), the exact request otherwise, and the real binary end to end.
@Suite struct TableProvidersTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        var name: String
        var ipv4: String?
        var ipv6: String?
        var replies: [(status: Int, body: String)]
        /// "path?query" of each request, in order.
        var requests: [String]
        var ipv4Status: String?
        var ipv6Status: String?
        var messageContains: String? = nil
        var testDescription: String { name }
    }

    /// t/protocol_ddnss.pl: host myhost.ddnss.de, key myapikey.
    static let ddnss: [Vector] = [
        Vector(
            name: "IPv4 success", ipv4: "192.0.2.1", replies: [(200, "good 192.0.2.1\n")],
            requests: ["/upd.php?key=myapikey&host=myhost.ddnss.de&ip=192.0.2.1"], ipv4Status: "good"),
        Vector(
            name: "IPv6 success", ipv6: "2001:db8::1", replies: [(200, "good 2001:db8::1\n")],
            requests: ["/upd.php?key=myapikey&host=myhost.ddnss.de&ip6=2001:db8::1"], ipv6Status: "good"),
        Vector(
            name: "dual stack", ipv4: "192.0.2.1", ipv6: "2001:db8::1",
            replies: [(200, "good 192.0.2.1\n"), (200, "good 2001:db8::1\n")],
            requests: [
                "/upd.php?key=myapikey&host=myhost.ddnss.de&ip=192.0.2.1",
                "/upd.php?key=myapikey&host=myhost.ddnss.de&ip6=2001:db8::1",
            ],
            ipv4Status: "good", ipv6Status: "good"),
        Vector(
            name: "a non-good reply fails (retryable), with the server's words", ipv4: "192.0.2.1",
            replies: [(200, "badauth\n")],
            requests: ["/upd.php?key=myapikey&host=myhost.ddnss.de&ip=192.0.2.1"], ipv4Status: "failed",
            messageContains: "ddnss.de said: badauth"),
        Vector(
            name: "HTTP 500 fails", ipv4: "192.0.2.1", replies: [(500, "internal server error\n")],
            requests: ["/upd.php?key=myapikey&host=myhost.ddnss.de&ip=192.0.2.1"], ipv4Status: "failed",
            messageContains: "500"),
        Vector(
            name: "partial: IPv4 refused, IPv6 set", ipv4: "192.0.2.1", ipv6: "2001:db8::1",
            replies: [(200, "badauth\n"), (200, "good 2001:db8::1\n")],
            requests: [
                "/upd.php?key=myapikey&host=myhost.ddnss.de&ip=192.0.2.1",
                "/upd.php?key=myapikey&host=myhost.ddnss.de&ip6=2001:db8::1",
            ],
            ipv4Status: "failed", ipv6Status: "good"),
        Vector(
            name: "\"goodbye\" is not \"good\"", ipv4: "192.0.2.1", replies: [(200, "goodbye\n")],
            requests: ["/upd.php?key=myapikey&host=myhost.ddnss.de&ip=192.0.2.1"], ipv4Status: "failed"),
    ]

    func run(_ protocolName: String, realName: String, host: String, values: [String: String], _ vector: Vector) throws
        -> (UpdateResult?, [RecordedRequest])
    {
        let harness = try ProviderHarness(
            pinning: [realName], replies: vector.replies.map { FakeResponse.text($0.body, status: $0.status) })
        defer { harness.server.stop() }
        var all = values
        all["protocol"] = protocolName
        all["server"] = harness.server(realName)
        all["ssl"] = "0"
        let proto = try #require(ProtocolRegistry.named(protocolName))
        let target = UpdateTarget(host: HostConfig(name: host, values: all), ipv4: vector.ipv4, ipv6: vector.ipv6)
        return (proto.update([target], context: harness.context).first, harness.server.requests)
    }

    @Test("ddnss: ddclient's t/protocol_ddnss.pl vectors", arguments: ddnss)
    func ddnssVectors(_ vector: Vector) throws {
        let (result, requests) = try run(
            "ddnss", realName: "ddnss.de", host: "myhost.ddnss.de", values: ["password": "myapikey"], vector)
        #expect(requests.map { "\($0.path)?\($0.rawQuery)" } == vector.requests)
        #expect(requests.allSatisfy { $0.method == "GET" && $0.basicAuth == nil })
        #expect(result?.ipv4?.status == vector.ipv4Status, "\(String(describing: result))")
        #expect(result?.ipv6?.status == vector.ipv6Status, "\(String(describing: result))")
        if let words = vector.messageContains {
            #expect(result?.ipv4?.message.contains(words) == true, "\(String(describing: result?.ipv4?.message))")
            #expect(result?.ipv4?.kind == .failure)
        }
    }

    @Test(
        "ddns.fm and domeneshop: one request per family, exact query and auth; a 2xx is success, 401 is a held refusal",
        arguments: [
            (
                "ddns.fm", "api.ddns.fm", ["password": "k3y"],
                [
                    "/update?key=k3y&domain=home.example.com&myip=192.0.2.1",
                    "/update?key=k3y&domain=home.example.com&myip=2001:db8::1",
                ], String?.none
            ),
            (
                "domeneshop", "api.domeneshop.no", ["login": "tok", "password": "sec"],
                [
                    "/v0/dyndns/update?hostname=home.example.com&myip=192.0.2.1",
                    "/v0/dyndns/update?hostname=home.example.com&myip=2001:db8::1",
                ], "tok:sec"
            ),
        ])
    func statusOnly(name: String, realName: String, values: [String: String], requests: [String], auth: String?) throws
    {
        let both = Vector(
            name: "both", ipv4: "192.0.2.1", ipv6: "2001:db8::1", replies: [(200, ""), (204, "")], requests: requests)
        let (result, sent) = try run(name, realName: realName, host: "home.example.com", values: values, both)
        #expect(sent.map { "\($0.path)?\($0.rawQuery)" } == requests)
        #expect(sent.allSatisfy { $0.method == "GET" && $0.basicAuth == auth })
        #expect(result?.ipv4?.isSuccess == true && result?.ipv6?.isSuccess == true, "\(String(describing: result))")
        let refused = Vector(name: "refused", ipv4: "192.0.2.1", replies: [(401, "Unauthorized")], requests: [])
        let (denied, _) = try run(name, realName: realName, host: "home.example.com", values: values, refused)
        #expect(
            denied?.ipv4?.kind == .permanentFailure && denied?.ipv4?.failure == .refusedCredentials,
            "\(String(describing: denied))")
    }

    /// t/protocol_directnic.pl: the fake's gateway paths and the expected outcome per family.
    @Test(
        "directnic: ddclient's t/protocol_directnic.pl vectors",
        arguments: [
            ("v4 good", ["urlv4": "abc"], "192.0.2.1", nil, ["/dns/gateway/abc/?data=192.0.2.1"], "good", nil),
            (
                "v4 failed", ["urlv4": "bad_token"], "192.0.2.1", nil, ["/dns/gateway/bad_token/?data=192.0.2.1"],
                "failed", nil
            ),
            ("v4 bad", ["urlv4": "../../bad/path"], "192.0.2.1", nil, ["/bad/path/?data=192.0.2.1"], "bad", nil),
            (
                "v4 unexpected", ["urlv4": "unexpected"], "192.0.2.1", nil, ["/dns/gateway/unexpected/?data=192.0.2.1"],
                "failed", nil
            ),
            ("no urlv4", [:], "192.0.2.1", nil, [], "failed", nil),
            ("v6 good", ["urlv6": "abc"], nil, "2001:db8::1", ["/dns/gateway/abc/?data=2001:db8::1"], nil, "good"),
            (
                "both good", ["urlv4": "abc", "urlv6": "def"], "192.0.2.1", "2001:db8::1",
                ["/dns/gateway/abc/?data=192.0.2.1", "/dns/gateway/def/?data=2001:db8::1"], "good", "good"
            ),
            (
                "mixed", ["urlv4": "bad_token", "urlv6": "def"], "192.0.2.1", "2001:db8::1",
                ["/dns/gateway/bad_token/?data=192.0.2.1", "/dns/gateway/def/?data=2001:db8::1"], "failed", "good"
            ),
        ] as [(String, [String: String], String?, String?, [String], String?, String?)])
    func directnicVectors(
        name: String, urls: [String: String], ipv4: String?, ipv6: String?, requests: [String], status4: String?,
        status6: String?
    ) throws {
        let harness = try ProviderHarness(pinning: ["directnic.com"]) { request in
            let data = request.queryValue("data") ?? ""
            if request.path == "/dns/gateway/abc/" || request.path == "/dns/gateway/def/" {
                return .json(#"{"result":"success","message":"Your record was updated to \#(data)"}"#)
            }
            if request.path == "/dns/gateway/bad_token/" {
                return .json(#"{"result":"error","message":"There was an error updating your record."}"#)
            }
            if request.path == "/bad/path/" { return .text("unexpected response body") }
            return .text("unexpected request: \(request.target)", status: 400)
        }
        defer { harness.server.stop() }
        var values: [String: String] = ["protocol": "directnic", "ssl": "0"]
        for (option, path) in urls {
            values[option] =
                path.hasPrefix("..")
                ? "http://\(harness.server("directnic.com"))/bad/path/"
                : "http://\(harness.server("directnic.com"))/dns/gateway/\(path)/"
        }
        let proto = try #require(ProtocolRegistry.named("directnic"))
        let result = proto.update(
            [UpdateTarget(host: HostConfig(name: "h1.example.com", values: values), ipv4: ipv4, ipv6: ipv6)],
            context: harness.context
        ).first
        #expect(harness.server.requests.map(\.target) == requests, "\(name)")
        #expect(result?.ipv4?.status == status4, "\(name): \(String(describing: result?.ipv4))")
        #expect(result?.ipv6?.status == status6, "\(name): \(String(describing: result?.ipv6))")
        if name == "v4 failed" {
            #expect(result?.ipv4?.message.contains("There was an error updating your record") == true)
        }
        if name == "no urlv4" { #expect(result?.ipv4?.message.contains("missing urlv4 option") == true) }
        if name == "v4 unexpected" { #expect(result?.ipv4?.message.contains("400") == true) }
    }

    @Test("cloudns: hosts sharing a dynurl share one request; the address travels in X-Forwarded-For")
    func cloudnsGrouped() throws {
        let server = try FakeHTTPServer { _ in .text("OK") }
        defer { server.stop() }
        let directory = temporaryDirectory()
        let path = try writeConfig(
            """
            ssl=no
            usev4=ipv4, ipv4=198.51.100.50
            protocol=cloudns, dynurl='http://ipv4.cloudns.net:\(server.port)/api/dynamicURL/?q=KEY'
            a.example.com, b.example.com
            """, in: directory)
        let run = try runDDSwift(
            ["-file", path, "-cache", directory + "/c"],
            environment: ["DDSWIFT_RESOLVE": "ipv4.cloudns.net:\(server.port):127.0.0.1"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(server.requests.map(\.target) == ["/api/dynamicURL/?q=KEY&proxy=1"])
        #expect(server.requests.first?.header("X-Forwarded-For") == "198.51.100.50")
        let entries = try CacheFile.read(path: directory + "/c").entries
        #expect(entries["a.example.com"]?.status(.ipv4) == "good" && entries["b.example.com"]?.status(.ipv4) == "good")
    }

    @Test("mythicdyn: an empty POST per family to ipv4./ipv6. of the server, each over its own family")
    func mythicdynFamilies() throws {
        let v4 = try FakeHTTPServer { _ in .text("", status: 200) }
        defer { v4.stop() }
        let v6 = try FakeHTTPServer(host: "::1", port: v4.port) { _ in .text("", status: 200) }
        defer { v6.stop() }
        let client = CurlHTTPClient(
            configuration: HTTPClientConfiguration(
                connectTimeout: 2, totalTimeout: 2,
                resolve: [
                    "ipv4.api.mythic-beasts.com:\(v4.port):127.0.0.1", "ipv6.api.mythic-beasts.com:\(v4.port):[::1]",
                ]))
        let context = UpdateContext(http: client, log: .silent, now: { 1000 })
        let host = HostConfig(
            name: "home.example.com",
            values: [
                "protocol": "mythicdyn", "server": "api.mythic-beasts.com:\(v4.port)", "ssl": "0", "login": "id",
                "password": "pw",
            ])
        let proto = try #require(ProtocolRegistry.named("mythicdyn"))
        let result = proto.update(
            [UpdateTarget(host: host, ipv4: "198.51.100.51", ipv6: "2001:db8::51")], context: context
        ).first
        #expect(
            v4.requests.map { "\($0.method) \($0.target) \($0.header("Host") ?? "")" } == [
                "POST /dns/v2/dynamic/home.example.com ipv4.api.mythic-beasts.com:\(v4.port)"
            ])
        #expect(
            v6.requests.map { "\($0.method) \($0.target) \($0.header("Host") ?? "")" } == [
                "POST /dns/v2/dynamic/home.example.com ipv6.api.mythic-beasts.com:\(v4.port)"
            ])
        #expect((v4.requests + v6.requests).allSatisfy { $0.basicAuth == "id:pw" && $0.body.isEmpty })
        #expect(result?.ipv4?.isSuccess == true && result?.ipv6?.isSuccess == true, "\(String(describing: result))")
    }

    @Test("yandex: the record id from the list, then the edit form with the PDD token; one address per host")
    func yandexEdit() throws {
        let harness = try ProviderHarness(pinning: ["pddimp.yandex.ru"]) { request in
            request.method == "GET"
                ? .json(#"{"success":"ok","records":[{"record_id":77,"fqdn":"home.example.com","type":"A"}]}"#)
                : .json(#"{"success":"ok"}"#)
        }
        defer { harness.server.stop() }
        let host = HostConfig(
            name: "home.example.com",
            values: [
                "protocol": "yandex", "server": harness.server("pddimp.yandex.ru"), "ssl": "0", "login": "example.com",
                "password": "tok",
            ])
        let proto = try #require(ProtocolRegistry.named("yandex"))
        let result = proto.update(
            [UpdateTarget(host: host, ipv4: "192.0.2.9", ipv6: "2001:db8::9")], context: harness.context
        ).first
        let requests = harness.server.requests
        #expect(
            requests.map { "\($0.method) \($0.target)" } == [
                "GET /api2/admin/dns/list?domain=example.com", "POST /api2/admin/dns/edit",
            ])
        #expect(requests.allSatisfy { $0.header("PddToken") == "tok" })
        #expect(requests.last?.bodyText == "domain=example.com&record_id=77&content=192.0.2.9")
        #expect(requests.last?.header("Content-Type") == "application/x-www-form-urlencoded")
        #expect(result?.ipv4?.isSuccess == true && result?.ipv6 == nil)
    }

    @Test("the real binary: ddnss's first run sends exactly ddclient's requests, the second nothing")
    func ddnssEndToEnd() throws {
        let server = try FakeHTTPServer { request in
            .text("good \(request.queryValue("ip") ?? request.queryValue("ip6") ?? "")\n")
        }
        defer { server.stop() }
        let directory = temporaryDirectory()
        let path = try writeConfig(
            """
            ssl=no
            usev4=ipv4, ipv4=198.51.100.20, usev6=ipv6, ipv6=2001:db8::20
            protocol=ddnss, server=ddnss.de:\(server.port), password=myapikey
            myhost.ddnss.de
            """, in: directory)
        let environment = ["DDSWIFT_RESOLVE": "ddnss.de:\(server.port):127.0.0.1"]
        let first = try runDDSwift(["-file", path, "-cache", directory + "/c"], environment: environment)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(
            server.requests.map(\.target) == [
                "/upd.php?key=myapikey&host=myhost.ddnss.de&ip=198.51.100.20",
                "/upd.php?key=myapikey&host=myhost.ddnss.de&ip6=2001:db8::20",
            ])
        #expect(server.requests.allSatisfy { $0.header("Host") == "ddnss.de:\(server.port)" })
        let second = try runDDSwift(["-file", path, "-cache", directory + "/c"], environment: environment)
        #expect(second.status == 0)
        #expect(server.requests.count == 2)
    }
}

@Suite struct NjallaTests {
    @Test("both families in one request; quietreply adds &quiet, and then only 'invalid host or key' fails")
    func quietReply() throws {
        let harness = try ProviderHarness(
            pinning: ["njal.la"],
            replies: [.text(""), .text("invalid host or key"), .json(#"{"status":200,"message":"record updated"}"#)])
        defer { harness.server.stop() }
        func host(_ quiet: String) -> HostConfig {
            HostConfig(
                name: "home.example.com",
                values: [
                    "protocol": "njalla", "server": harness.server("njal.la"), "ssl": "0", "password": "key",
                    "quietreply": quiet,
                ])
        }
        let proto = NjallaProtocol()
        let quietOK = proto.update(
            [UpdateTarget(host: host("1"), ipv4: "192.0.2.1", ipv6: "2001:db8::1")], context: harness.context)
        let quietRefused = proto.update([UpdateTarget(host: host("1"), ipv4: "192.0.2.1")], context: harness.context)
        let normal = proto.update([UpdateTarget(host: host("0"), ipv4: "192.0.2.1")], context: harness.context)
        #expect(
            harness.server.requests.map(\.target) == [
                "/update/?h=home.example.com&k=key&a=192.0.2.1&aaaa=2001:db8::1&quiet",
                "/update/?h=home.example.com&k=key&a=192.0.2.1&quiet",
                "/update/?h=home.example.com&k=key&a=192.0.2.1",
            ])
        #expect(quietOK.first?.ipv4?.address == "192.0.2.1" && quietOK.first?.ipv6?.address == "2001:db8::1")
        #expect(quietRefused.first?.ipv4?.status == "badauth" && quietRefused.first?.ipv4?.kind == .permanentFailure)
        #expect(normal.first?.ipv4?.isSuccess == true)
    }

    @Test("a dyndns2-style provider is one table entry: loaded, documented, sent and read with no other code")
    func oneEntryProvider() throws {
        // The whole provider: nothing below this entry knows about it.
        let entry = SimpleProvider(
            name: "examplenic", summary: "Example NIC (made in this test from one table entry)",
            server: "nic.example.net",
            options: [
                OptionSpec("login", .login, required: true, help: "account name"),
                OptionSpec("password", .password, required: true, help: "account password"),
            ],
            example: "protocol=examplenic, login=me, password=secret home.example.com",
            request: .init(path: .fixed("/nic/update"), query: [("hostname", .host), ("myip", .address)]),
            families: .oneAddress, reply: .dyndns2)
        let replies = Mutex(["good 192.0.2.1", "badauth"])
        let server = try FakeHTTPServer { _ in .text(replies.withLock { $0.removeFirst() }) }
        defer { server.stop() }
        let protocols = ProtocolRegistry.all + [entry]

        let help = ProtocolDocs.help(for: entry)
        #expect(help.contains("Example NIC") && help.contains("account password") && help.contains(entry.example))
        let config = try ConfigLoader.parse(
            text:
                "ssl=no\nprotocol=examplenic, server=\(server.hostAndPort), login=me, password=Pw-1 home.example.com\n",
            file: "t.conf", format: .conf, protocols: protocols)
        #expect(config.hosts.map(\.name) == ["home.example.com"], "\(config.diagnostics)")

        let cachePath = temporaryDirectory() + "/c.cache"
        func run(_ address: String, now: Int) -> CycleSummary {
            UpdateRunner(
                environment: RunEnvironment(
                    http: CurlHTTPClient(configuration: HTTPClientConfiguration(connectTimeout: 2, totalTimeout: 2)),
                    log: Log(sinks: []), now: { now },
                    detect: { hosts in
                        Dictionary(uniqueKeysWithValues: hosts.map { ($0.name, HostAddresses(ipv4: address)) })
                    },
                    protocolNamed: { name in protocols.first { $0.name == name } })
            ).runCycle(config, options: CycleOptions(cachePath: cachePath))
        }
        #expect(run("192.0.2.1", now: 1000).updated == ["home.example.com"])
        #expect(server.requests.map(\.target) == ["/nic/update?hostname=home.example.com&myip=192.0.2.1"])
        #expect(server.requests.first?.basicAuth == "me:Pw-1")
        #expect(run("192.0.2.1", now: 2000).skipped == ["home.example.com"])
        let refused = run("192.0.2.2", now: 3000)
        #expect(refused.failed == ["home.example.com"] && server.requests.count == 2)
        #expect(try CacheFile.read(path: cachePath).entries["home.example.com"]?[CacheKey.hold] == "badauth")
    }
}
