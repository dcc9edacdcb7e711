import DDNSFakeProvider
import Foundation
import Testing

@testable import DDNSKit

/// `use=<router>`: the table of router models against Debian's ddclient (the oracle `make
/// test` installs), and the Cisco models that ask a command URL.
@Suite struct RouterModelsTests {
    static let debianDDClient = "/usr/bin/ddclient"

    /// `name -> (url, skip)` from ddclient's `%builtinfw`.
    static func ddclientRouters() throws -> [String: (url: String?, skip: String?)] {
        let source = try String(contentsOfFile: debianDDClient, encoding: .utf8)
        let start = try #require(source.range(of: "%builtinfw = ("))
        let end = try #require(source.range(of: "\n);", range: start.upperBound..<source.endIndex))
        var routers: [String: (url: String?, skip: String?)] = [:]
        let entry = /\n    '([\w.-]+)' => \{(.*?)\n    \},/.dotMatchesNewlines()
        for match in source[start.upperBound..<end.lowerBound].matches(of: entry) {
            func field(_ name: String) -> String? {
                let body = String(match.2)
                guard let range = body.range(of: "'\(name)'") else { return nil }
                let rest = body[range.upperBound...].drop { $0 == " " || $0 == "=" || $0 == ">" }
                guard rest.first == "'" else { return nil }
                return String(rest.dropFirst().prefix { $0 != "'" })
            }
            routers[String(match.1)] = (field("url"), field("skip"))
        }
        return routers
    }

    @Test(
        "every router model of Debian's ddclient is known, with ddclient's page and skip pattern",
        .enabled(if: FileManager.default.fileExists(atPath: debianDDClient)))
    func matchesDebianDDClient() throws {
        let theirs = try Self.ddclientRouters()
        #expect(theirs.count >= 40, "parsed \(theirs.count) models")
        for (name, model) in theirs.sorted(by: { $0.key < $1.key }) {
            let ours = try #require(Routers.named(name), "router '\(name)' is missing")
            if let url = model.url {
                #expect(ours.path == url, "\(name)")
                #expect(
                    (ours.skip ?? "") == (model.skip ?? ""),
                    "\(name): ours \(ours.skip ?? "nil"), ddclient \(model.skip ?? "nil")")
            }
        }
    }

    @Test("use=cisco asks the router's command URL for the interface with fw-login, and reads the address")
    func cisco() throws {
        let router = try FakeHTTPServer { _ in
            .text(
                "Interface              IP-Address      OK? Method Status                Protocol\nDialer1                198.51.100.44   YES NVRAM  up                    up\n"
            )
        }
        defer { router.stop() }
        let directory = temporaryDirectory()
        let path = try writeConfig(
            """
            ssl=no
            use=cisco, fw=\(router.hostAndPort), if=Dialer1, fw-login=admin, fw-password=Router-pw
            protocol=dyndns2, server=127.0.0.1:9, login=u, password=p h.example.com
            """, in: directory)
        let run = try runDDSwift(["-file", path, "-cache", directory + "/c", "-test"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("would update h.example.com to 198.51.100.44"), "\(run.stderr)")
        let request = try #require(router.requests.first)
        #expect(request.target == "/level/1/exec/show/ip/interface/brief/Dialer1/CR", "\(request.target)")
        #expect(request.basicAuth == "admin:Router-pw")
        #expect(RouterModel.ciscoInterface("Gi0/1 a?b") == "Gi0\\/1%20a%3fb")
        #expect(Routers.named("cisco-asa")?.scheme == "https")
    }
}
