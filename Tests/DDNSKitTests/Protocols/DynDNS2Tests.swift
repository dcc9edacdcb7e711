import DDNSFakeProvider
import Synchronization
import Testing

@testable import DDNSKit

/// Test helpers for providers: a fake server pinned under the provider's real name.
struct ProviderHarness {
    let server: FakeHTTPServer
    let client: CurlHTTPClient
    let sink = MemorySink()

    init(pinning names: [String], handler: @escaping @Sendable (RecordedRequest) -> FakeResponse) throws {
        let server = try FakeHTTPServer(handler: handler)
        self.server = server
        client = CurlHTTPClient(
            configuration: HTTPClientConfiguration(
                connectTimeout: 2, totalTimeout: 2, resolve: names.map { "\($0):\(server.port):127.0.0.1" }))
    }

    /// A fake that answers with `replies` in order (599 once they run out): ddclient's
    /// scripted test server.
    init(pinning names: [String], replies: [FakeResponse]) throws {
        let queue = Mutex(replies)
        try self.init(pinning: names) { _ in
            queue.withLock { $0.isEmpty ? .text("no more replies", status: 599) : $0.removeFirst() }
        }
    }

    var context: UpdateContext {
        UpdateContext(http: client, log: Log(verbosity: .debug, sinks: [sink]), now: { 1000 })
    }

    /// `name:port` with ssl=0: the real host name, reached on the fake's port over plain HTTP.
    func server(_ name: String) -> String { "\(name):\(server.port)" }
}

func dyndnsHost(_ name: String, server: String, extra: [String: String] = [:]) -> HostConfig {
    HostConfig(
        name: name,
        values: [
            "protocol": "dyndns2", "login": "username", "password": "password", "server": server,
            "script": "/nic/update", "ssl": "0", "wildcard": "0", "backupmx": "0",
        ].merging(extra) { $1 })
}

@Suite struct DynDNS2Tests {
    /// ddclient's t/protocol_dyndns2.pl (reference §7.4).
    struct Vector: Sendable, CustomTestStringConvertible {
        var id: String
        var hosts: [String]
        var ipv4: String? = "192.0.2.1"
        var ipv6: String? = nil
        var reply: String
        var query: String
        var statuses: [String]
        var warning: String? = nil
        var testDescription: String { id }
    }

    static let vectors: [Vector] = [
        Vector(id: "D1 good", hosts: ["h1"], reply: "good", query: "hostname=h1&myip=192.0.2.1", statuses: ["good"]),
        Vector(
            id: "D2 nochg", hosts: ["h1"], reply: "nochg", query: "hostname=h1&myip=192.0.2.1", statuses: ["good"],
            warning: "nochg"),
        Vector(
            id: "D3 nohost", hosts: ["h1"], reply: "nohost", query: "hostname=h1&myip=192.0.2.1", statuses: ["nohost"]),
        Vector(
            id: "D4 unexpected", hosts: ["h1"], reply: "WAT", query: "hostname=h1&myip=192.0.2.1", statuses: ["WAT"]),
        Vector(
            id: "D5 two hosts", hosts: ["h1", "h2"], reply: "good 192.0.2.1\ngood",
            query: "hostname=h1,h2&myip=192.0.2.1", statuses: ["good", "good"]),
        Vector(
            id: "D6 per-line", hosts: ["h1", "h2", "h3"], reply: "good\nnochg\ndnserr",
            query: "hostname=h1,h2,h3&myip=192.0.2.1", statuses: ["good", "good", "dnserr"]),
        Vector(
            id: "D7 IPv6", hosts: ["h1"], ipv4: nil, ipv6: "2001:db8::1", reply: "good",
            query: "hostname=h1&myip=2001:db8::1", statuses: ["good"]),
        Vector(
            id: "D8 both", hosts: ["h1"], ipv6: "2001:db8::1", reply: "good",
            query: "hostname=h1&myip=192.0.2.1,2001:db8::1", statuses: ["good"]),
        Vector(
            id: "D9 extra lines", hosts: ["h1", "h2"], reply: "good\ngood\nWAT", query: "hostname=h1,h2&myip=192.0.2.1",
            statuses: ["good", "good"], warning: "unexpected extra lines"),
        Vector(
            id: "D10 abuse for all", hosts: ["h1", "h2"], reply: "abuse", query: "hostname=h1,h2&myip=192.0.2.1",
            statuses: ["abuse", "abuse"]),
        Vector(
            id: "D11 one good for all", hosts: ["h1", "h2"], reply: "good", query: "hostname=h1,h2&myip=192.0.2.1",
            statuses: ["good", "good"], warning: "one successful result for multiple hosts"),
        Vector(
            id: "D12 missing line", hosts: ["h1", "h2", "h3"], reply: "good\nnochg",
            query: "hostname=h1,h2,h3&myip=192.0.2.1", statuses: ["good", "good", "unknown"]),
    ]

    @Test("ddclient's dyndns2 vectors: exact request and per-host results", arguments: vectors)
    func vector(_ vector: Vector) throws {
        let reply = vector.reply
        let harness = try ProviderHarness(pinning: ["members.dyndns.org"]) { _ in .text(reply + "\n") }
        defer { harness.server.stop() }
        let targets = vector.hosts.map {
            UpdateTarget(
                host: dyndnsHost($0, server: harness.server("members.dyndns.org")), ipv4: vector.ipv4, ipv6: vector.ipv6
            )
        }
        let results = DynDNS2Protocol().update(targets, context: harness.context)
        let request = try #require(harness.server.requests.first)
        #expect(harness.server.requests.count == 1)
        #expect(request.method == "GET")
        #expect(request.path == "/nic/update")
        #expect(request.rawQuery == vector.query)
        #expect(request.basicAuth == "username:password")
        #expect(request.header("Host") == "members.dyndns.org:\(harness.server.port)")
        let statuses = results.map { ($0.ipv4 ?? $0.ipv6)?.status ?? "-" }
        #expect(statuses == vector.statuses)
        if let warning = vector.warning { #expect(harness.sink.lines(at: .warning).contains { $0.contains(warning) }) }
        if vector.ipv4 != nil && vector.ipv6 != nil {
            #expect(results[0].ipv4?.isSuccess == true && results[0].ipv6?.isSuccess == true)
        }
    }

    @Test(
        "return codes map to actionable messages; stop-trying codes are permanent",
        arguments: [
            ("badauth", "login or password refused by members.dyndns.org", true),
            (
                "abuse",
                "host blocked by members.dyndns.org for repeated updates; updates stop until the config changes", true
            ),
            ("nohost", "does not exist", true), ("notfqdn", "not a fully qualified", true),
            ("!yours", "another account", true),
            ("numhost", "too many hosts", true), ("badagent", "refused this client", true),
            ("!donator", "paid account", true),
            ("badsys", "system parameter", true), ("!active", "not active", true),
            ("dnserr", "DNS error", false), ("911", "problem or maintenance", false),
        ])
    func codes(token: String, message: String, permanent: Bool) throws {
        let harness = try ProviderHarness(pinning: ["members.dyndns.org"]) { _ in .text(token) }
        defer { harness.server.stop() }
        let result = DynDNS2Protocol().update(
            [
                UpdateTarget(
                    host: dyndnsHost("h.example.com", server: harness.server("members.dyndns.org")), ipv4: "192.0.2.1")
            ], context: harness.context)
        let outcome = try #require(result.first?.ipv4)
        #expect(outcome.status == token)
        #expect(outcome.message.contains(message), "\(outcome.message)")
        #expect(outcome.kind == (permanent ? .permanentFailure : .failure))
    }

    @Test("w5m asks to wait: waitUntil is now + 300")
    func wait() throws {
        let harness = try ProviderHarness(pinning: ["members.dyndns.org"]) { _ in .text("w5m") }
        defer { harness.server.stop() }
        let result = DynDNS2Protocol().update(
            [
                UpdateTarget(
                    host: dyndnsHost("h.example.com", server: harness.server("members.dyndns.org")), ipv4: "192.0.2.1")
            ], context: harness.context)
        #expect(result.first?.waitUntil == 1300)
        #expect(result.first?.ipv4?.isSuccess == false)
    }

    @Test(
        "HTML error pages, empty 200, 401/403/500, a truncated reply and a refused connection fail sensibly",
        arguments: [
            (200, "<html><body><h1>Service Unavailable</h1></body></html>", "unexpected status"),
            (200, "", "did not return a result"),
            (401, "Unauthorized", "401 authentication failed"),
            (403, "", "403 not authorized"),
            (500, "<html><body>Internal error</body></html>", "HTTP 500: Internal error"),
            (200, "goo", "unexpected status from"),
        ])
    func badReplies(status: Int, body: String, expected: String) throws {
        let harness = try ProviderHarness(pinning: ["members.dyndns.org"]) { _ in .text(body, status: status) }
        defer { harness.server.stop() }
        let result = DynDNS2Protocol().update(
            [
                UpdateTarget(
                    host: dyndnsHost("h.example.com", server: harness.server("members.dyndns.org")), ipv4: "192.0.2.1")
            ], context: harness.context)
        let outcome = try #require(result.first?.ipv4)
        #expect(!outcome.isSuccess)
        #expect(outcome.message.contains(expected), "\(outcome.message)")
    }

    @Test("a refused connection is a retryable failure")
    func refused() throws {
        let harness = try ProviderHarness(pinning: ["members.dyndns.org"]) { _ in .text("good") }
        let server = harness.server("members.dyndns.org")
        harness.server.stop()
        let result = DynDNS2Protocol().update(
            [UpdateTarget(host: dyndnsHost("h.example.com", server: server), ipv4: "192.0.2.1")],
            context: harness.context)
        #expect(result.first?.ipv4?.kind == .failure)
        #expect(result.first?.ipv4?.message.contains("cannot connect") == true)
    }

    @Test("wildcard, mx/backmx, static system; a password with & # space + arrives intact")
    func parameters() throws {
        let harness = try ProviderHarness(pinning: ["members.dyndns.org"]) { _ in .text("good") }
        defer { harness.server.stop() }
        let host = dyndnsHost(
            "h.example.com", server: harness.server("members.dyndns.org"),
            extra: ["wildcard": "1", "mx": "mx.example.com", "backupmx": "1", "static": "1", "password": "p&ss #w+rd"])
        _ = DynDNS2Protocol().update([UpdateTarget(host: host, ipv4: "192.0.2.1")], context: harness.context)
        let request = try #require(harness.server.requests.first)
        #expect(
            request.rawQuery
                == "system=statdns&hostname=h.example.com&myip=192.0.2.1&wildcard=ON&mx=mx.example.com&backmx=YES")
        #expect(request.basicAuth == "username:p&ss #w+rd")
    }

    @Test("deSEC via dyndns2 with server=update.dedyn.io")
    func deSEC() throws {
        let harness = try ProviderHarness(pinning: ["update.dedyn.io"]) { _ in .text("good") }
        defer { harness.server.stop() }
        let host = dyndnsHost(
            "home.dedyn.io", server: harness.server("update.dedyn.io"),
            extra: ["login": "home.dedyn.io", "password": "token123"])
        let result = DynDNS2Protocol().update(
            [UpdateTarget(host: host, ipv4: "192.0.2.1", ipv6: "2001:db8::1")], context: harness.context)
        #expect(result.first?.ipv4?.isSuccess == true)
        #expect(harness.server.requests.first?.rawQuery == "hostname=home.dedyn.io&myip=192.0.2.1,2001:db8::1")
        #expect(harness.server.requests.first?.header("Host") == "update.dedyn.io:\(harness.server.port)")
    }
}
