import Foundation
import Testing

@testable import DDNSKit

/// The shipped samples must load without errors and mean the same in both forms where they overlap.
@Suite struct SampleConfigTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("etc/ddswift.conf.sample parses without errors")
    func confSample() throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("etc/ddswift.conf.sample"), encoding: .utf8)
        let config = try ConfigLoader.parse(text: text, file: "ddswift.conf.sample")
        #expect(config.diagnostics.isEmpty, "\(config.diagnostics)")
        #expect(config.hosts.map(\.name) == ["home.example.org"])
        #expect(config.hosts[0].values["usev4"] == "webv4")
    }

    @Test("etc/ddswift.yaml.sample parses without errors")
    func yamlSample() throws {
        let directory = temporaryDirectory()
        try "duck-token\n".write(toFile: directory + "/duckdns-token", atomically: true, encoding: .utf8)
        let text = try String(contentsOf: Self.root.appendingPathComponent("etc/ddswift.yaml.sample"), encoding: .utf8)
        let config = try ConfigLoader.parse(text: text, file: "ddswift.yaml.sample", environment: ["CLOUDFLARE_TOKEN": "t", "CREDENTIALS_DIRECTORY": directory])
        #expect(config.diagnostics.isEmpty, "\(config.diagnostics)")
        #expect(config.hosts.map(\.name) == ["home.example.org", "a.example.com", "b.example.com", "home.duckdns.org"])
        #expect(config.hosts.last?.values["password"] == "duck-token")
    }

    @Test("the demo configuration parses once its placeholders are filled")
    func demoConfig() throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("etc/ddswift-demo.conf.in"), encoding: .utf8)
            .replacingOccurrences(of: "@PORT@", with: "8245").replacingOccurrences(of: "@DIR@", with: "/tmp")
        let config = try ConfigLoader.parse(text: text, file: "demo.conf")
        #expect(config.diagnostics.isEmpty, "\(config.diagnostics)")
        #expect(config.hosts.count == 2)
    }
}
