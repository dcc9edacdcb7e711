import Foundation
import Synchronization
import Testing

@testable import DDNSKit

func fixture(_ name: String) throws -> String {
    let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
    return try String(contentsOf: url, encoding: .utf8)
}

/// A fresh folder under the system's temporary folder, removed when the test process exits
/// (a test run made thousands of them).
func temporaryDirectory() -> String {
    let path = NSTemporaryDirectory() + "ddswift-test-\(UUID().uuidString)"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    TemporaryDirectories.shared.add(path)
    return path
}

/// The folders ``temporaryDirectory()`` made; an `atexit` handler removes them.
final class TemporaryDirectories: Sendable {
    static let shared = TemporaryDirectories()
    private let paths = Mutex<[String]>([])

    private init() {
        atexit {
            for path in TemporaryDirectories.shared.paths.withLock({ $0 }) {
                // A test may leave a folder read-only (permission tests): open up its folders
                // first (never through a symbolic link: tests plant them on purpose).
                var folders = [path]
                while let folder = folders.popLast() {
                    var info = stat()
                    guard lstat(folder, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { continue }
                    chmod(folder, 0o700)
                    for item in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
                        folders.append(folder + "/" + item)
                    }
                }
                try? FileManager.default.removeItem(atPath: path)
            }
        }
    }

    func add(_ path: String) { paths.withLock { $0.append(path) } }
}

@Suite struct CacheFileTests {
    @Test("ddclient 4.x cache: addresses, statuses and times are read as written")
    func reads4x() throws {
        let contents = CacheFile.parse(try fixture("cache/ddclient-4.cache"))
        #expect(contents.warnings.isEmpty)
        #expect(contents.stamp == "ddclient-4.0.1-rc.2")
        let entry = try #require(contents.entries["host1.example.com"])
        #expect(entry.address(.ipv4) == "1.2.3.4")
        #expect(entry.status(.ipv4) == "good")
        #expect(entry.mtime == 1_795_294_356)
        #expect(entry["wildcard"] == "0")
        #expect(contents.entries.count == 2)
    }

    @Test("ddclient 3.10 cache: `ip` with status good becomes the current IPv4; a failed `ip` does not")
    func reads310() throws {
        let contents = CacheFile.parse(try fixture("cache/ddclient-3.10.cache"))
        let good = try #require(contents.entries["host1.example.com"])
        #expect(good.address(.ipv4) == "1.2.3.4")
        #expect(good.status(.ipv4) == "good")
        #expect(good.status(.ipv6) == nil)
        #expect(good["ip"] == nil && good["host"] == nil && good["mx"] == nil)
        #expect(good.mtime == 1_795_293_697)
        // 3.10 stores the configured ip even after badauth: it must not count as published.
        let failed = try #require(contents.entries["host3.example.com"])
        #expect(failed.address(.ipv4) == nil)
        #expect(failed.status(.ipv4) == "badauth")
        #expect(failed.mtime == nil)
    }

    @Test("an unreadable line costs that host only, with its line number")
    func corruptLines() {
        let text = """
            ## ddswift-0.1.0
            ipv4=192.0.2.1,status-ipv4=good,mtime=100 good.example.com
            ipv4=192.0.2.2,mtime=abc bad-time.example.com
            garbage-without-host
            ipv4=192.0.2.3,status-ipv4=good,mtime=1
            \u{0}\u{1}binary junk here
            ipv4=192.0.2.4,mtime=5 also-good.example.com
            """
        let contents = CacheFile.parse(text, file: "c")
        #expect(Set(contents.entries.keys) == ["good.example.com", "also-good.example.com"])
        #expect(contents.warnings.count == 4)
        #expect(contents.warnings.contains { $0.hasPrefix("c:3:") && $0.contains("mtime") })
        #expect(contents.warnings.contains { $0.hasPrefix("c:4:") })
    }

    @Test("a truncated cache keeps every complete line before the cut")
    func truncated() throws {
        let text = try fixture("cache/ddclient-4.cache")
        for cut in stride(from: 0, to: text.utf8.count, by: 7) {
            let prefix = String(decoding: Array(text.utf8)[0..<cut], as: UTF8.self)
            let contents = CacheFile.parse(prefix)
            for entry in contents.entries.values
            where entry.host == "host1.example.com" || entry.host == "host2.example.com" {
                // Whatever survives is a faithful subset of the original line or flagged.
                if let mtime = entry["mtime"] { #expect(Int(mtime) != nil) }
            }
        }
    }

    @Test("render then parse gives the same entries")
    func roundTrip() {
        let entries = [
            "a.example.com": CacheEntry(
                host: "a.example.com",
                fields: [
                    "ipv4": "192.0.2.1", "status-ipv4": "good", "mtime": "100", "atime": "100",
                    "message-ipv4": URLEncoding.encode("address set, said \"the server\""),
                ]),
            "b.example.com": CacheEntry(
                host: "b.example.com",
                fields: ["ipv6": "2001:db8::1", "status-ipv6": "badauth", "hold": "badauth", "atime": "5"]),
        ]
        let text = CacheFile.render(entries, now: 1000)
        #expect(text.hasPrefix("## ddswift-\(DDSwiftVersion.string)\n## last updated at "))
        let parsed = CacheFile.parse(text)
        #expect(parsed.warnings.isEmpty)
        #expect(parsed.entries == entries)
        #expect(parsed.entries["a.example.com"]?.message(.ipv4) == "address set, said \"the server\"")
    }

    @Test(
        "the cache is written back with the stamp and layout it was read with, plus host= and ip= for front-ends",
        arguments: [
            ("ddclient-3.10.0", CacheLayout.ddclient3(stamp: "ddclient-3.10.0")),
            ("ddclient-3.11.2", .ddclient3(stamp: "ddclient-3.11.2")),
            ("ddclient-4.0.0", .ddclient4(stamp: "ddclient-4.0.0")),
            ("ddclient.in-4.0.1-rc.2", .ddclient4(stamp: "ddclient.in-4.0.1-rc.2")),
            ("ddswift-0.0.9", .ddswift), ("inadyn-2.9", .ddswift),
        ])
    func layoutFollowsStamp(stamp: String, layout: CacheLayout) {
        #expect(CacheLayout(stamp: stamp) == layout)
        let entry = CacheEntry(
            host: "h.example.com", fields: ["ipv4": "192.0.2.9", "status-ipv4": "good", "mtime": "100"])
        let text = CacheFile.render(["h.example.com": entry], now: 1000, layout: layout)
        let lines = text.split(separator: "\n")
        #expect(lines.first == "## \(layout.stamp)")
        #expect(lines[1].hasSuffix(layout == .ddswift ? "(1000)" : "(1000) by ddswift-\(DDSwiftVersion.string)"))
        #expect(
            lines[2]
                == "host=h.example.com,ip=192.0.2.9,ipv4=192.0.2.9,mtime=100,status=good,status-ipv4=good h.example.com"
        )
        #expect(CacheFile.parse(text).entries["h.example.com"] == entry)
    }

    @Test("the 3.x layout adds the settings ddclient 3.10 compares for dyndns2 (static=0 …) when missing")
    func ddclient3Settings() {
        let updated = CacheEntry(
            host: "h.example.com",
            fields: ["ipv4": "192.0.2.9", "status-ipv4": "good", "protocol": "dyndns2", "wildcard": "1"])
        let three = CacheFile.render(["h.example.com": updated], now: 1, layout: .ddclient3(stamp: "ddclient-3.10.0"))
        #expect(
            three.contains(
                "backupmx=0,host=h.example.com,ip=192.0.2.9,ipv4=192.0.2.9,mx=,protocol=dyndns2,static=0,status=good,status-ipv4=good,wildcard=1 h.example.com"
            ), "\(three)")
        let four = CacheFile.render(["h.example.com": updated], now: 1, layout: .ddclient4(stamp: "ddclient-4.0.0"))
        #expect(!four.contains("static="))
    }

    @Test("the written file is mode 0600 and its folder is created")
    func writeMode() throws {
        let directory = temporaryDirectory()
        let path = directory + "/sub/dir/ddswift.cache"
        try CacheFile.write(
            ["h.example.com": CacheEntry(host: "h.example.com", fields: ["ipv4": "192.0.2.9"])], to: path, now: 1)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try CacheFile.read(path: path).entries["h.example.com"]?.address(.ipv4) == "192.0.2.9")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/sub/dir") == ["ddswift.cache"])
    }

    @Test("a missing cache is empty, not an error")
    func missing() throws {
        let contents = try CacheFile.read(path: "/nonexistent/ddswift.cache")
        #expect(contents.entries.isEmpty && contents.warnings.isEmpty)
    }
}

@Suite struct LockFileTests {
    @Test("a second holder waits, then gives up with busy; after release it gets the lock")
    func secondRunIsBusy() throws {
        let path = temporaryDirectory() + "/ddswift.cache.lock"
        var first: LockFile? = try LockFile(path: path, wait: 0)
        let start = Date()
        #expect(throws: LockFile.Failure.busy(path: path, waited: 0.3)) { try LockFile(path: path, wait: 0.3) }
        #expect(Date().timeIntervalSince(start) >= 0.3)
        _ = first
        first = nil
        let again = try LockFile(path: path, wait: 0)
        _ = again
    }
}
