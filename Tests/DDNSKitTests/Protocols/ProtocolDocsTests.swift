import Foundation
import Testing

@testable import DDNSKit

/// Documentation generated from the protocol table: every protocol has a summary, an
/// example that loads, `-help=NAME`, a line in `-list-protocols` and a man page entry.
@Suite struct ProtocolDocsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let manPage = root.appendingPathComponent("man/ddswift.1").path

    @Test("the man page's PROTOCOLS section is the generated one (UPDATE_MAN=1, or make man, rewrites it)")
    func manPageUpToDate() throws {
        let page = try String(contentsOfFile: Self.manPage, encoding: .utf8)
        let updated = try #require(
            ProtocolDocs.updatingManPage(page), "the BEGIN/END PROTOCOLS markers are missing from man/ddswift.1")
        if ProcessInfo.processInfo.environment["UPDATE_MAN"] == "1", updated != page {
            try updated.write(toFile: Self.manPage, atomically: false, encoding: .utf8)
            return
        }
        #expect(updated == page, "man/ddswift.1 is out of date with the protocol table: run `make man`")
        for proto in ProtocolRegistry.all {
            #expect(
                page.contains(".SS \(ProtocolDocs.roff(proto.name))\n"), "\(proto.name) is missing from the man page")
        }
    }

    @Test(
        "every protocol has a one-line summary and an example that loads as that protocol without errors",
        arguments: ProtocolRegistry.names)
    func summaryAndExample(name: String) throws {
        let proto = try #require(ProtocolRegistry.named(name))
        #expect(!proto.summary.isEmpty && !proto.summary.contains("\n"))
        #expect(!proto.example.isEmpty)
        let config = try ConfigLoader.parse(
            text: "use=ip, ip=198.51.100.7\n" + proto.example + "\n", file: "example", format: .conf)
        #expect(config.diagnostics.filter { $0.severity == .error }.isEmpty, "\(config.diagnostics)")
        #expect(
            !config.hosts.isEmpty && config.hosts.allSatisfy { $0.protocolName == name },
            "\(config.hosts.map(\.protocolName))")
    }

    @Test("-list-protocols names every protocol first on its line; -help=NAME prints its options and example")
    func binaryDocs() throws {
        // One name per line, nothing else: VyOS builds its list of allowed protocols from it.
        let listing = try runDDSwift(["-list-protocols"])
        #expect(listing.status == 0)
        #expect(listing.stdout == ProtocolRegistry.names.joined(separator: "\n") + "\n")
        let described = try runDDSwift(["-list-protocols", "-verbose"])
        for proto in ProtocolRegistry.all {
            #expect(
                described.stdout.split(separator: "\n").contains {
                    $0.hasPrefix(proto.name + " ") && $0.hasSuffix(proto.summary)
                })
        }
        for proto in ProtocolRegistry.all {
            let help = try runDDSwift(["-help=\(proto.name)"])
            #expect(help.status == 0)
            #expect(help.stdout.hasPrefix("protocol=\(proto.name): \(proto.summary)\n"))
            for spec in proto.options {
                #expect(help.stdout.contains("  \(spec.name) "), "\(proto.name): \(spec.name)")
            }
            #expect(help.stdout.contains(proto.example.split(separator: "\n")[0]))
        }
        let unknown = try runDDSwift(["-help=nonesuch"])
        #expect(unknown.status == 2 && unknown.stderr.contains("unknown protocol 'nonesuch'"))
    }

    @Test("the completions offer every protocol: they ask the binary, taking the first word of each line")
    func completions() throws {
        for file in ["contrib/completions/ddswift.bash", "contrib/completions/_ddswift"] {
            let text = try String(contentsOfFile: Self.root.appendingPathComponent(file).path, encoding: .utf8)
            #expect(text.contains("ddswift -list-protocols 2>/dev/null | cut -d' ' -f1"), "\(file)")
        }
    }
}
