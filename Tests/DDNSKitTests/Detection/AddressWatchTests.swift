import Foundation
import Testing

@testable import DDNSKit

/// The daemon reacts to an address change at once (netlink), in a private network namespace
/// the test creates: nothing outside it sees the address.
@Suite struct AddressWatchTests {
    /// Root, and network namespaces this machine lets the tests create.
    static let canUseNamespaces: Bool = {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare") else { return false }
        let run = try? runProgram(
            "/usr/bin/unshare", ["-n", "sh", "-c", "ip link set lo up && ip addr add 192.0.2.1/32 dev lo"], timeout: 20)
        return run?.status == 0
    }()

    /// Starts the daemon in a fresh network namespace, adds 192.0.2.55 to `lo` once it sleeps,
    /// and reports how long it took until the daemon found the address (or "none").
    func run(watch: Bool) throws -> String {
        let directory = temporaryDirectory()
        let binary = productsDirectory().appendingPathComponent("ddswift").path
        let path = try writeConfig(
            """
            ssl=no, cache=\(directory)/c, watch=\(watch ? "yes" : "no")
            usev4=ifv4, ifv4=lo
            protocol=dyndns2, server=127.0.0.1:9, login=bob, password=pw a.example.com
            """, in: directory)
        let script = """
            ip link set lo up
            "\(binary)" -file "\(path)" -daemon=3600 -foreground -verbose 2> "\(directory)/log" &
            daemon=$!
            for _ in $(seq 100); do grep -q "sleeping for" "\(directory)/log" && break; sleep 0.05; done
            start=$(date +%s%N)
            ip addr add 192.0.2.55/32 dev lo
            found=none
            for _ in $(seq 60); do
                if grep -q "found 192.0.2.55" "\(directory)/log"; then found=$(( ($(date +%s%N) - start) / 1000000 )); break; fi
                sleep 0.05
            done
            kill "$daemon"; wait "$daemon"
            echo "found after: $found"
            """
        let result = try runProgram("/usr/bin/unshare", ["-n", "sh", "-c", script])
        return result.stdout + (try String(contentsOfFile: directory + "/log", encoding: .utf8))
    }

    @Test("a new global address on an interface starts a cycle within 2 s", .enabled(if: canUseNamespaces))
    func reactsWithinTwoSeconds() throws {
        let output = try run(watch: true)
        let line = try #require(output.split(separator: "\n").first { $0.hasPrefix("found after: ") })
        let milliseconds = try #require(Int(line.dropFirst("found after: ".count)), "\(output)")
        #expect(milliseconds < 2000, "\(output)")
        #expect(output.contains("an address or default route changed; checking now"))
    }

    @Test("watch=no: only the interval starts a cycle", .enabled(if: canUseNamespaces))
    func watchOff() throws {
        let output = try run(watch: false)
        #expect(output.contains("found after: none"), "\(output)")
    }

    @Test("an address the kernel announces again (an IPv6 router advertisement refresh) is not news")
    func repeatedAnnouncements() throws {
        let watch = try #require(AddressWatch())
        #expect(watch.record(.added("2001:db8::99")))
        #expect(!watch.record(.added("2001:db8::99")))
        #expect(watch.record(.removed("2001:db8::99")))
        #expect(!watch.record(.removed("2001:db8::99")))
        #expect(watch.record(.defaultRoute))
    }

    @Test("netlink messages: a global address counts, loopback does not, a default route does")
    func parsing() {
        func message(type: UInt16, body: [UInt8]) -> [UInt8] {
            var out: [UInt8] = []
            withUnsafeBytes(of: UInt32(16 + body.count)) { out += $0 }
            withUnsafeBytes(of: type) { out += $0 }
            out += [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
            return out + body
        }
        func address(_ octets: [UInt8]) -> [UInt8] {
            var attribute: [UInt8] = []
            withUnsafeBytes(of: UInt16(4 + octets.count)) { attribute += $0 }
            withUnsafeBytes(of: UInt16(2)) { attribute += $0 }
            return [2, 32, 0, 0, 1, 0, 0, 0] + attribute + octets
        }
        #expect(AddressWatch.containsRelevantChange(message(type: 20, body: address([192, 0, 2, 55]))))
        #expect(!AddressWatch.containsRelevantChange(message(type: 20, body: address([127, 0, 0, 2]))))
        #expect(AddressWatch.containsRelevantChange(message(type: 24, body: [2, 0, 0, 0, 254, 3, 0, 1, 0, 0, 0, 0])))
        #expect(!AddressWatch.containsRelevantChange(message(type: 24, body: [2, 24, 0, 0, 254, 3, 0, 1, 0, 0, 0, 0])))
        #expect(!AddressWatch.containsRelevantChange([1, 2, 3]))
    }
}
