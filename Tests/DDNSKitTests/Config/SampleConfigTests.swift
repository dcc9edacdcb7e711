import Foundation
import Testing

@testable import DDNSKit

/// The shipped samples must load without errors and mean the same in both forms where they overlap.
@Suite struct SampleConfigTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

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
        try "duck-token\n".write(toFile: directory + "/duckdns-token", atomically: false, encoding: .utf8)
        let text = try String(contentsOf: Self.root.appendingPathComponent("etc/ddswift.yaml.sample"), encoding: .utf8)
        let config = try ConfigLoader.parse(
            text: text, file: "ddswift.yaml.sample",
            environment: ["CLOUDFLARE_TOKEN": "t", "CREDENTIALS_DIRECTORY": directory])
        #expect(config.diagnostics.isEmpty, "\(config.diagnostics)")
        #expect(config.hosts.map(\.name) == ["home.example.org", "a.example.com", "b.example.com", "home.duckdns.org"])
        #expect(config.hosts.last?.values["password"] == "duck-token")
    }

    @Test("--print-config of each sample reads back to the same hosts and values")
    func printedSamplesRoundTrip() throws {
        let directory = temporaryDirectory()
        try "duck-token\n".write(toFile: directory + "/duckdns-token", atomically: false, encoding: .utf8)
        let environment = ["CLOUDFLARE_TOKEN": "t", "CREDENTIALS_DIRECTORY": directory]
        for sample in ["etc/ddswift.conf.sample", "etc/ddswift.yaml.sample"] {
            let text = try String(contentsOf: Self.root.appendingPathComponent(sample), encoding: .utf8)
            let original = try ConfigLoader.parse(text: text, file: sample, environment: environment)
            for format in ConfigFormat.allCases {
                let printed = ConfigPrinter.render(original, format: format, showSecrets: true)
                let again = try ConfigLoader.parse(text: printed, file: "printed", format: format)
                #expect(again.hosts.map(\.name) == original.hosts.map(\.name), "\(sample) as \(format)")
                for (left, right) in zip(again.hosts, original.hosts) {
                    #expect(left.values == right.values, "\(sample) as \(format)")
                }
            }
        }
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
