import DDNSFakeProvider
import Foundation
import Testing

@testable import DDNSKit

/// Issue 12, "Secrets": a secret never reaches the cache, `-status`, the log (in any form a
/// request carries it) or a child process. Each test runs the real binary.
@Suite struct HostileSecretsTests {
    static let password = "Hostile-Pw&42"

    func config(_ server: FakeHTTPServer, _ directory: String, extra: String = "") -> String {
        """
        ssl=no
        cache=\(directory)/c.cache
        use=ip, ip=198.51.100.7
        protocol=dyndns2, server=\(server.hostAndPort), login=bob, password='\(Self.password)'
        \(extra)
        h.example.com
        """
    }

    @Test("a reply that repeats the password is stored masked, and -status (text and JSON) shows it masked")
    func replyEchoIsMasked() throws {
        let server = try FakeHTTPServer { _ in .text("badauth your password \(Self.password) is wrong\n") }
        defer { server.stop() }
        let directory = temporaryDirectory()
        let path = try writeConfig(config(server, directory), in: directory)
        let run = try runDDSwift(["-file", path])
        #expect(run.status == 1)
        let cache = try String(contentsOfFile: directory + "/c.cache", encoding: .utf8)
        #expect(cache.contains("message-ipv4="), "\(cache)")
        #expect(!cache.contains(Self.password) && !cache.contains(URLEncoding.encode(Self.password)), "\(cache)")
        // A cache written by someone else with the password in it is masked when shown.
        try cache.replacingOccurrences(of: "message-ipv4=", with: "message-ipv4=\(URLEncoding.encode(Self.password))")
            .write(toFile: directory + "/c.cache", atomically: false, encoding: .utf8)
        for flags in [["--status"], ["--status", "--json"]] {
            let status = try runDDSwift(flags + ["-file", path])
            #expect(status.status == 0)
            #expect(status.stdout.contains("h.example.com"))
            #expect(!status.stdout.contains(Self.password), "\(status.stdout)")
        }
    }

    @Test("at -debug, a body echoing the Authorization header does not reveal base64(login:password)")
    func basicAuthEchoIsMasked() throws {
        let server = try FakeHTTPServer { request in
            .text("badauth you sent \(request.header("Authorization") ?? "none")\n", status: 401)
        }
        defer { server.stop() }
        let directory = temporaryDirectory()
        let path = try writeConfig(config(server, directory), in: directory)
        let run = try runDDSwift(["-file", path, "-debug"])
        let basic = Base64.encode(Array("bob:\(Self.password)".utf8))
        #expect(server.requests.first?.header("Authorization") == "Basic \(basic)")
        #expect(run.stderr.contains("you sent"), "\(run.stderr)")
        #expect(!run.stderr.contains(basic), "\(run.stderr)")
        #expect(!run.stderr.contains(Self.password))
    }

    @Test("password_env variables are not passed to cmd=, postscript or sendmail")
    func environmentSecretsNotInherited() throws {
        let server = try FakeHTTPServer { request in .text("good \(request.queryValue("myip") ?? "")\n") }
        defer { server.stop() }
        let directory = temporaryDirectory()
        let probe = directory + "/probe.sh"
        try "#!/bin/sh\nenv >> \(directory)/seen.$1\n[ \"$1\" = cmd ] && echo 198.51.100.9\nexit 0\n".write(
            toFile: probe, atomically: false, encoding: .utf8)
        chmod(probe, 0o755)
        let path = try writeConfig(
            """
            ssl=no
            cache=\(directory)/c.cache
            postscript='\(probe) post'
            mail=root
            usev4=cmdv4, cmdv4='\(probe) cmd'
            protocol=dyndns2, server=\(server.hostAndPort), login=bob, password_env=DDSWIFT_TEST_PW
            h.example.com
            """, in: directory)
        let run = try runDDSwift(
            ["-file", path], environment: ["DDSWIFT_TEST_PW": Self.password, "DDSWIFT_SENDMAIL": "\(probe) mail"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(server.requests.first?.basicAuth == "bob:\(Self.password)")
        for child in ["cmd", "post", "mail"] {
            let seen = (try? String(contentsOfFile: "\(directory)/seen.\(child)", encoding: .utf8)) ?? ""
            #expect(seen.contains("PATH="), "\(child) did not run: \(run.stderr)")
            #expect(!seen.contains("DDSWIFT_TEST_PW") && !seen.contains(Self.password), "\(child) saw the secret")
        }
    }

    @Test("nsupdate: the key file's path is not a secret; a missing key names the path and the reason")
    func keyPathShown() throws {
        let directory = temporaryDirectory()
        let path = try writeConfig(
            """
            cache=\(directory)/c.cache
            use=ip, ip=198.51.100.7
            protocol=nsupdate, server=127.0.0.1:9, zone=example.com, password=\(directory)/Kmissing.key
            h.example.com
            """, in: directory)
        let run = try runDDSwift(["-file", path])
        #expect(run.status == 1)
        #expect(
            run.stderr.contains("cannot read the TSIG key file '\(directory)/Kmissing.key': No such file or directory"),
            "\(run.stderr)")
    }
}
