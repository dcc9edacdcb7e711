import DDNSFakeProvider
import Foundation
import Testing

@testable import DDNSKit

@Suite struct CurlHTTPClientTests {
    let client = CurlHTTPClient(configuration: HTTPClientConfiguration(connectTimeout: 5, totalTimeout: 5))

    @Test("a GET with Basic auth arrives with the credentials and the User-Agent")
    func getWithBasicAuth() throws {
        let server = try FakeHTTPServer { _ in .text("good 203.0.113.7") }
        defer { server.stop() }
        let response = try client.send(
            HTTPRequest(
                url: "\(server.baseURL)/nic/update?hostname=home.example.org&myip=203.0.113.7",
                basicAuth: BasicCredentials(user: "bob", password: "s3cret&x")))
        #expect(response.status == 200)
        #expect(response.text == "good 203.0.113.7")
        #expect(response.header("content-type") == "text/plain")
        let request = try #require(server.requests.first)
        #expect(request.method == "GET")
        #expect(request.path == "/nic/update")
        #expect(request.queryValue("hostname") == "home.example.org")
        #expect(request.basicAuth == "bob:s3cret&x")
        #expect(request.header("User-Agent") == "ddswift/\(DDSwiftVersion.string)")
        #expect(request.header("Expect") == nil)
    }

    @Test("a POST carries its JSON body and content type; a bearer token becomes Authorization")
    func postJSON() throws {
        let server = try FakeHTTPServer { _ in .json(#"{"success":true}"#) }
        defer { server.stop() }
        let json = #"{"content":"192.0.2.1"}"#
        var request = HTTPRequest(method: .post, url: "\(server.baseURL)/zones/1", json: json)
        request.bearerToken = "tok-123"
        let response = try client.send(request)
        #expect(response.status == 200)
        let received = try #require(server.requests.first)
        #expect(received.method == "POST")
        #expect(received.bodyText == json)
        #expect(received.header("Content-Type") == "application/json")
        #expect(received.header("Authorization") == "Bearer tok-123")
    }

    @Test("PUT, PATCH and DELETE are sent with their method", arguments: [HTTPMethod.put, .patch, .delete])
    func otherMethods(method: HTTPMethod) throws {
        let server = try FakeHTTPServer { _ in .text("ok") }
        defer { server.stop() }
        _ = try client.send(HTTPRequest(method: method, url: "\(server.baseURL)/x", body: Array("a=1".utf8)))
        #expect(server.requests.first?.method == method.rawValue)
        #expect(server.requests.first?.bodyText == "a=1")
    }

    @Test("a 500 answer is a response, not a transport error")
    func serverError() throws {
        let server = try FakeHTTPServer { _ in .text("oops", status: 500) }
        defer { server.stop() }
        let response = try client.send(HTTPRequest(url: "\(server.baseURL)/"))
        #expect(response.status == 500)
        #expect(!response.isSuccess)
        #expect(response.text == "oops")
    }

    @Test("a refused connection is a typed connection error")
    func refused() throws {
        let server = try FakeHTTPServer { _ in .text("") }
        let url = "\(server.baseURL)/"
        server.stop()  // the port is now closed
        #expect(throws: HTTPError.self) { try client.send(HTTPRequest(url: url)) }
        do {
            _ = try client.send(HTTPRequest(url: url))
        } catch {
            guard case .connectionFailed = error else {
                Issue.record("expected connectionFailed, got \(error)")
                return
            }
        }
    }

    @Test("a server that never answers times out with a typed error")
    func timeout() throws {
        let server = try FakeHTTPServer { _ in .hangForever }
        defer { server.stop() }
        let quick = CurlHTTPClient(configuration: HTTPClientConfiguration(connectTimeout: 1, totalTimeout: 1))
        do {
            _ = try quick.send(HTTPRequest(url: "\(server.baseURL)/slow"))
            Issue.record("expected a timeout")
        } catch {
            #expect(error == .timedOut(url: "\(server.baseURL)/slow", seconds: 1))
        }
    }

    @Test("a body over the cap is refused")
    func oversizedBody() throws {
        let server = try FakeHTTPServer { _ in FakeResponse(body: [UInt8](repeating: 65, count: 2 << 20)) }
        defer { server.stop() }
        do {
            _ = try client.send(HTTPRequest(url: "\(server.baseURL)/big"))
            Issue.record("expected bodyTooLarge")
        } catch {
            #expect(error == .bodyTooLarge(url: "\(server.baseURL)/big", limit: 1 << 20))
        }
    }

    @Test("an IPv4-only request to a name that only listens on ::1 is refused, not answered over IPv6")
    func ipv4OnlyAgainstIPv6Listener() throws {
        let server = try FakeHTTPServer(host: "::1") { _ in .text("2001:db8::1") }
        defer { server.stop() }
        let pinned = CurlHTTPClient(
            configuration: HTTPClientConfiguration(
                connectTimeout: 5, totalTimeout: 5, resolve: ["checkip.test:\(server.port):[::1]"]))
        // Over IPv6 the pinned name works…
        let answer = try pinned.send(HTTPRequest(url: "http://checkip.test:\(server.port)/", family: .ipv6))
        #expect(answer.text == "2001:db8::1")
        // …forced to IPv4 it must fail, because the only address is IPv6.
        #expect(throws: HTTPError.self) {
            try pinned.send(HTTPRequest(url: "http://checkip.test:\(server.port)/", family: .ipv4))
        }
        #expect(server.requests.count == 1)
    }

    @Test("a provider's real host name can be pinned to the loopback fake")
    func resolvePinning() throws {
        let server = try FakeHTTPServer { request in .text("host=\(request.header("Host") ?? "")") }
        defer { server.stop() }
        let pinned = CurlHTTPClient(
            configuration: HTTPClientConfiguration(resolve: ["members.dyndns.org:\(server.port):127.0.0.1"]))
        let response = try pinned.send(HTTPRequest(url: "http://members.dyndns.org:\(server.port)/nic/update"))
        #expect(response.text == "host=members.dyndns.org:\(server.port)")
    }

    @Test("50 transfers run concurrently and all arrive")
    func concurrentTransfers() throws {
        let server = try FakeHTTPServer { request in .text(request.queryValue("n") ?? "", delay: 0.2) }
        defer { server.stop() }
        let requests = (0..<50).map { HTTPRequest(url: "\(server.baseURL)/?n=\($0)") }
        let results = client.sendAll(requests, maxConcurrent: 50)
        #expect(results.count == 50)
        for (index, result) in results.enumerated() {
            #expect((try? result.get().text) == String(index))
        }
        #expect(server.requests.count == 50)
        // With a 200 ms answer time, sequential transfers could never overlap.
        #expect(server.peakConcurrency() > 10)
    }

    @Test("binding to an interface: lo reaches loopback, a missing interface is a connection error")
    func interfaceBinding() throws {
        let server = try FakeHTTPServer { _ in .text("ok") }
        defer { server.stop() }
        let viaLoopback = CurlHTTPClient(
            configuration: HTTPClientConfiguration(connectTimeout: 2, totalTimeout: 2, interface: "lo"))
        #expect(try viaLoopback.send(HTTPRequest(url: server.baseURL)).text == "ok")
        let viaMissing = CurlHTTPClient(
            configuration: HTTPClientConfiguration(connectTimeout: 2, totalTimeout: 2, interface: "nosuchif0"))
        do {
            _ = try viaMissing.send(HTTPRequest(url: server.baseURL))
            Issue.record("expected a failure")
        } catch {
            guard case .connectionFailed(_, let detail) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(detail.contains("nosuchif0"))
        }
    }

    @Test("a URL that is not http(s) is refused before any transfer")
    func invalidScheme() {
        #expect(throws: HTTPError.invalidURL("file:///etc/passwd")) {
            try client.send(HTTPRequest(url: "file:///etc/passwd"))
        }
    }

    @Test("errors never carry the query string or user info")
    func redaction() {
        #expect(
            HTTPRequest.redact("https://user:pw@example.com:8443/update?password=x&y=1")
                == "https://example.com:8443/update")
        #expect(HTTPRequest.redact("http://example.com/a#frag") == "http://example.com/a")
        #expect(HTTPRequest.redact("example.com/path?q") == "example.com/path")
    }
}

@Suite struct WorkerPoolTests {
    @Test("results keep the input order")
    func order() {
        let output = WorkerPool.map(Array(0..<200), limit: 8) { $0 * 2 }
        #expect(output == (0..<200).map { $0 * 2 })
    }

    @Test("no key ever has more than its limit running, and the global limit holds")
    func perKeyLimit() throws {
        let server = try FakeHTTPServer { _ in .text("ok", delay: 0.05) }
        defer { server.stop() }
        let client = CurlHTTPClient()
        let items = (0..<60).map { index in (key: "server\(index % 3)", item: index) }
        let hosts = ["a.test", "b.test", "c.test"]
        let pinned = CurlHTTPClient(
            configuration: HTTPClientConfiguration(
                resolve: hosts.map { "\($0):\(server.port):127.0.0.1" }))
        _ = client
        let results = WorkerPool.run(items, limit: 12, perKeyLimit: 2) { index in
            (try? pinned.send(HTTPRequest(url: "http://\(hosts[index % 3]):\(server.port)/")))?.status ?? 0
        }
        #expect(results.allSatisfy { $0 == 200 })
        for host in hosts {
            let peak = server.peakConcurrency(forHost: "\(host):\(server.port)")
            #expect(peak <= 2 && peak >= 1)
        }
        #expect(server.peakConcurrency() <= 6)
    }

    @Test("every key gets its share at once: hosts listed server by server do not leave the last servers for the end")
    func fairAcrossKeys() {
        // 4 servers, 10 items each, listed in blocks; 4 threads, 2 per key: the first four
        // items started belong to four different servers (input order would start 0, 0, 1, 1).
        let items = (0..<40).map { index in (key: "server\(index / 10)", item: index) }
        let starts = LockedList<Int>()
        _ = WorkerPool.run(items, limit: 4, perKeyLimit: 2) { index in
            starts.add(index / 10)
            usleep(20_000)
            return index
        }
        #expect(Set(starts.all.prefix(4)) == [0, 1, 2, 3], "\(starts.all.prefix(8))")
        #expect(starts.all.count == 40)
    }
}
