import Foundation
import Testing

@testable import DDNSKit

/// The directory holding the built products (ddswift, ddswift-fake-provider).
func productsDirectory() -> URL {
    Bundle.module.bundleURL.deletingLastPathComponent()
}

@Suite struct AtomicFileTests {
    @Test("killing a writer mid-write never leaves a torn cache")
    func killedWriter() throws {
        let directory = temporaryDirectory()
        let path = directory + "/ddswift.cache"
        let old = [
            "keep.example.com": CacheEntry(
                host: "keep.example.com", fields: ["ipv4": "198.51.100.1", "status-ipv4": "good", "mtime": "1"])
        ]
        try CacheFile.write(old, to: path, now: 1)
        let tool = productsDirectory().appendingPathComponent("ddswift-fake-provider")
        try #require(FileManager.default.isExecutableFile(atPath: tool.path), "build the package first")
        for round in 0..<5 {
            let writer = Process()
            writer.executableURL = tool
            writer.arguments = ["write-cache-loop", path]
            try writer.run()
            usleep(UInt32(60_000 + round * 37_000))
            kill(writer.processIdentifier, SIGKILL)
            writer.waitUntilExit()
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let contents = CacheFile.parse(text)
            #expect(contents.warnings.isEmpty)
            // Either the old file (1 host) or one whole generation (2000 hosts), never a part.
            #expect(
                contents.entries.count == 1 || contents.entries.count == 2000,
                "round \(round): \(contents.entries.count) hosts")
            #expect(text.hasSuffix("\n"))
        }
    }
}
