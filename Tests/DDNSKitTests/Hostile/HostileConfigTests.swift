import Foundation
import Testing

@testable import DDNSKit

/// Issue 12, "Hangs" and "Validation": hostile configurations given to the real binary. The
/// time limits guard against hangs and quadratic blow-ups (the old code took minutes to hours
/// on these inputs); speed itself is measured by `make bench`.
@Suite struct HostileConfigTests {
    let head = "ssl=no\nuse=ip, ip=198.51.100.7\nprotocol=dyndns2, server=127.0.0.1:9, login=u, password=p\n"

    @Test("password_file naming a FIFO without a writer is refused at once, with the reason", .timeLimit(.minutes(1)))
    func secretFromFIFO() throws {
        let directory = temporaryDirectory()
        #expect(mkfifo(directory + "/fifo", 0o600) == 0)
        let path = try writeConfig(
            "ssl=no\nuse=ip, ip=198.51.100.7\nprotocol=dyndns2, server=127.0.0.1:9, login=u, password_file=\(directory)/fifo\nh.example.com\n",
            in: directory)
        let run = try runDDSwift(["-file", path, "-cache", directory + "/c", "-test"], timeout: 20)
        #expect(
            run.stderr.contains(
                "ddswift.conf:3: cannot read '\(directory)/fifo' for keyword 'password': it is not a regular file"),
            "\(run.stderr)")
        #expect(run.stderr.contains("'password' is required"))
    }

    @Test("a configuration over the size limit says it is too large")
    func configTooLarge() throws {
        let directory = temporaryDirectory()
        let path = directory + "/big.conf"
        let fd = open(path, O_CREAT | O_WRONLY, 0o600)
        #expect(ftruncate(fd, off_t(ConfigLoader.maximumSize + 1)) == 0)  // sparse: no disk used
        close(fd)
        let run = try runDDSwift(["-file", path, "-test"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("cannot read the configuration file \(path): it is too large"), "\(run.stderr)")
    }

    @Test("64,000 \\ continuation lines are read in linear time", .timeLimit(.minutes(1)))
    func longContinuation() throws {
        let directory = temporaryDirectory()
        var text = head
        for index in 0..<64_000 { text += "h\(index).example.com, \\\n" }
        text += "last.example.com\n"
        let path = try writeConfig(text, in: directory)
        let run = try runDDSwift(["-file", path, "-cache", directory + "/c", "-test"])
        #expect(run.status == 0, "\(run.stderr.prefix(500))")
        #expect(run.stderr.contains("h63999.example.com") && run.stderr.contains("last.example.com"))
    }

    @Test("YAML nested 400,000 deep is refused before libyaml builds it", .timeLimit(.minutes(1)))
    func deepYAML() throws {
        let directory = temporaryDirectory()
        let path = try writeConfig(
            "a: " + String(repeating: "[", count: 400_000) + String(repeating: "]", count: 400_000) + "\n",
            in: directory, name: "deep.yaml")
        let run = try runDDSwift(["-file", path, "-test"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("deep.yaml:1:66: nesting too deep"), "\(run.stderr)")
    }

    @Test("a key written twice in YAML is an error naming both lines")
    func duplicateYAMLKeys() throws {
        let directory = temporaryDirectory()
        let path = try writeConfig(
            """
            protocol: dyndns2
            server: 127.0.0.1:9
            login: u
            password: p
            hosts:
              - host: h.example.com
                login: first
                ip: 198.51.100.7
                login: second
            """, in: directory, name: "c.yaml")
        let run = try runDDSwift(["-file", path, "-cache", directory + "/c", "-test"])
        #expect(run.status == 2)
        #expect(
            run.stderr.contains("c.yaml:9:5: key 'login' appears twice in this mapping, at lines 7 and 9"),
            "\(run.stderr)")
    }

    @Test(
        "host names are checked at load time with file:line; nothing is sent for a bad one",
        arguments: [
            ("-lead.example.com", "has a label that starts or ends with a hyphen"),
            ("trail-.example.com", "has a label that starts or ends with a hyphen"),
            (String(repeating: "a", count: 64) + ".example.com", "has a label longer than 63 characters"),
            ("*.example.com", "is a wildcard, which this protocol cannot update"),
            ("a..example.com", "has an empty label"),
            ("h_x.example.com", "contains '_'"),
        ])
    func hostNames(name: String, problem: String) throws {
        let directory = temporaryDirectory()
        let path = try writeConfig(head + "ok.example.com\n\(name)\n", in: directory)
        let run = try runDDSwift(["-file", path, "-cache", directory + "/c", "-test"])
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("ddswift.conf:5: host name '\(name)' \(problem)"), "\(run.stderr)")
        #expect(run.stderr.contains("would update ok.example.com") && !run.stderr.contains("would update \(name)"))
    }

    @Test("a wildcard name is accepted where the protocol updates records by name")
    func wildcardForRecordAPIs() throws {
        let directory = temporaryDirectory()
        let path = try writeConfig(
            "use=ip, ip=198.51.100.7\nprotocol=cloudflare, zone=example.com, password=token-123\n*.example.com\n",
            in: directory)
        let run = try runDDSwift(["-file", path, "-cache", directory + "/c", "-test"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("would update *.example.com"))
    }

    @Test(
        "namecheap takes @ and * for the apex and a wildcard, as ddclient documents",
        arguments: ["@.example.com", "@", "*", "*.example.com", "www.example.com"])
    func namecheapMarkers(name: String) throws {
        let directory = temporaryDirectory()
        let path = try writeConfig(
            "use=ip, ip=198.51.100.7\nprotocol=namecheap, login=example.com, password=p\n\(name)\n", in: directory)
        let run = try runDDSwift(["-file", path, "-cache", directory + "/c", "-test"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("would update \(name) "), "\(run.stderr)")
    }

    @Test("-host with an embedded newline is refused; the cache gets no broken line")
    func hostWithNewline() throws {
        let directory = temporaryDirectory()
        let path = try writeConfig(head + "h.example.com\n", in: directory)
        let run = try runDDSwift([
            "-file", path, "-cache", directory + "/c", "-host", "x.example.com\nevil.example.com", "-options",
            "login=u",
        ])
        #expect(run.status == 2, "\(run.stderr)")
        #expect(
            run.stderr.contains(
                "<command line>: host name 'x.example.com?evil.example.com' contains a control character"),
            "\(run.stderr)")
        let cache = (try? String(contentsOfFile: directory + "/c", encoding: .utf8)) ?? ""
        #expect(!cache.contains("evil"))
    }
}

@Suite struct RetiredProtocolsTests {
    @Test(
        "ddclient 3.10's closed services load, and their hosts get a specific error (never 'unknown protocol')",
        arguments: [("googledomains", "Google Domains shut down"), ("dnsexit", "dnsexit2"), ("woima", "dyn.woima.fi")])
    func retired(name: String, words: String) throws {
        let directory = temporaryDirectory()
        let path = try writeConfig(
            "use=ip, ip=198.51.100.7\nprotocol=\(name), login=u, password=p\nh.example.com\n", in: directory)
        let run = try runDDSwift(["-file", path, "-cache", directory + "/c"])
        #expect(run.status == 2)
        #expect(
            run.stderr.contains("ddswift.conf:2: [h.example.com] protocol '\(name)' is no longer offered: "),
            "\(run.stderr)")
        #expect(run.stderr.contains(words) && !run.stderr.contains("unknown protocol"))
        #expect(!run.stderr.contains("is not a known protocol"))
    }
}
