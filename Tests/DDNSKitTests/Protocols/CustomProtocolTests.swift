import DDNSFakeProvider
import Foundation
import Testing

@testable import DDNSKit

/// protocol=custom, the README's three worked examples, with the real binary.
@Suite struct CustomProtocolTests {
    func run(_ config: String, server: FakeHTTPServer, _ directory: String) throws -> BinaryRun {
        let path = try writeConfig(config, in: directory)
        return try runDDSwift(["-file", path, "-cache", directory + "/c"])
    }

    @Test(
        "example 1: GET with the host and address in the query, Basic auth, success=good; the second run sends nothing")
    func getWithQuery() throws {
        let server = try FakeHTTPServer { _ in .text("good\n") }
        defer { server.stop() }
        let directory = temporaryDirectory()
        let config = """
            usev4=ipv4, ipv4=198.51.100.30, usev6=ipv6, ipv6=2001:db8::30
            protocol=custom, login=me, password='p&ss word', success=good
            url='http://\(server.hostAndPort)/update?host=%h&ip=%i'
            home.example.com
            """
        let first = try run(config, server: server, directory)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(
            server.requests.map(\.target) == [
                "/update?host=home.example.com&ip=198.51.100.30", "/update?host=home.example.com&ip=2001%3Adb8%3A%3A30",
            ])
        #expect(server.requests.allSatisfy { $0.method == "GET" && $0.basicAuth == "me:p&ss word" })
        let second = try run(config, server: server, directory)
        #expect(second.status == 0)
        #expect(server.requests.count == 2)
    }

    @Test("example 2: POST JSON with both addresses in one request and a bearer token")
    func postJSONBothFamilies() throws {
        let server = try FakeHTTPServer { _ in .json("{\"ok\":true}") }
        defer { server.stop() }
        let directory = temporaryDirectory()
        let run = try run(
            """
            usev4=ipv4, ipv4=198.51.100.31, usev6=ipv6, ipv6=2001:db8::31
            protocol=custom, method=post, auth=bearer, success='"ok":\\s*true', password=tok-123
            url=http://\(server.hostAndPort)/api/records
            body='{"name":"%h","a":"%4","aaaa":"%6"}'
            home.example.com
            """, server: server, directory)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(server.requests.count == 1)
        let request = try #require(server.requests.first)
        #expect(request.method == "POST" && request.target == "/api/records")
        #expect(request.header("Authorization") == "Bearer tok-123")
        #expect(request.header("Content-Type") == "application/json")
        #expect(request.bodyText == #"{"name":"home.example.com","a":"198.51.100.31","aaaa":"2001:db8::31"}"#)
        let entry = try #require(try CacheFile.read(path: directory + "/c").entries["home.example.com"])
        #expect(entry.address(.ipv4) == "198.51.100.31" && entry.address(.ipv6) == "2001:db8::31")
    }

    @Test("example 3: PUT form body with the key in a header; refused= holds the host (exit 1, nothing sent next run)")
    func putFormRefused() throws {
        let server = try FakeHTTPServer { _ in .text("error: key denied\n") }
        defer { server.stop() }
        let directory = temporaryDirectory()
        let config = """
            usev4=ipv4, ipv4=198.51.100.32
            protocol=custom, method=put, auth=none, headers='X-Api-Key: %p; Accept: text/plain', password=k3y
            url=http://\(server.hostAndPort)/dyn/%h, body='ip=%i&ttl=60', success=^ok, refused=denied
            home.example.com
            """
        let first = try run(config, server: server, directory)
        #expect(first.status == 1)
        #expect(first.stderr.contains("refused the update (refused= matched): error: key denied"), "\(first.stderr)")
        let request = try #require(server.requests.first)
        #expect(request.method == "PUT" && request.target == "/dyn/home.example.com")
        #expect(
            request.header("X-Api-Key") == "k3y" && request.header("Accept") == "text/plain" && request.basicAuth == nil
        )
        #expect(
            request.header("Content-Type") == "application/x-www-form-urlencoded"
                && request.bodyText == "ip=198.51.100.32&ttl=60")
        #expect(!first.stderr.contains("k3y"))
        let second = try run(config, server: server, directory)
        #expect(second.status == 1 && second.stderr.contains("not retried after 'refused'"))
        #expect(server.requests.count == 1)
    }

    @Test("a reply that does not match success= fails; a bad regular expression is refused at load with file:line")
    func successAndBadRegex() throws {
        let server = try FakeHTTPServer { _ in .text("<html>maintenance</html>") }
        defer { server.stop() }
        let directory = temporaryDirectory()
        let run = try run(
            "usev4=ipv4, ipv4=198.51.100.33\nprotocol=custom, success=good, url=http://\(server.hostAndPort)/u?h=%h\nhome.example.com\n",
            server: server, directory)
        #expect(run.status == 1 && run.stderr.contains("reply does not match success=: maintenance"), "\(run.stderr)")
        let config = try ConfigLoader.parse(
            text: "protocol=custom, success='(unclosed', url=http://x.example/u\nh.example.com\n", file: "t.conf",
            format: .conf)
        #expect(
            config.diagnostics.contains {
                $0.description == "t.conf:1: success: '(unclosed' is not a regular expression (ignored)"
            }, "\(config.diagnostics)")
    }

    @Test("placeholders: %% is a percent sign, unknown ones stay, values are encoded for where they land")
    func expansion() {
        let host = HostConfig(name: "h.example.com", values: ["login": "a b", "password": "\"q\""])
        let target = UpdateTarget(host: host, ipv4: "192.0.2.1", ipv6: "2001:db8::1")
        #expect(
            CustomProtocol.expand("%h/%u/%p/%i/100%%/%x", target: target, address: "192.0.2.1", placement: .url)
                == "h.example.com/a%20b/%22q%22/192.0.2.1/100%/%x")
        #expect(
            CustomProtocol.expand(#"{"p":"%p","v6":"%6"}"#, target: target, address: "192.0.2.1", placement: .json)
                == #"{"p":"\"q\"","v6":"2001:db8::1"}"#)
    }
}
