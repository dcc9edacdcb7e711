import Foundation
import Testing

@testable import DDNSKit

/// A dyndns2 provider behind real TLS on 127.0.0.1: Python's http.server wrapped in its ssl
/// module, with a certificate openssl makes for the test (valid for 127.0.0.1 and localhost).
/// Every request that got through the handshake is one line in `log`.
final class TLSProvider {
    let directory: String
    let port: Int
    let caFile: String
    let log: String
    private let process: Process

    init() throws {
        directory = temporaryDirectory()
        caFile = directory + "/ca.pem"
        log = directory + "/requests.log"
        let made = try runProgram(
            "/usr/bin/openssl",
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "-keyout", directory + "/key.pem", "-out", caFile,
            ])
        guard made.status == 0 else { throw TLSProviderError("openssl req failed: \(made.stderr)") }
        let script = """
            import http.server, os, ssl, sys, urllib.parse
            cert, key, portfile, log = sys.argv[1:5]
            class Handler(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    with open(log, "a") as f: f.write(self.path + "\\n")
                    query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
                    body = ("good %s\\n" % query.get("myip", [""])[0]).encode()
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                def log_message(self, *args): pass
            class Server(http.server.HTTPServer):
                def handle_error(self, request, address): pass  # a refused handshake is the test
            server = Server(("127.0.0.1", 0), Handler)
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(cert, key)
            server.socket = context.wrap_socket(server.socket, server_side=True)
            open(portfile + ".new", "w").write(str(server.server_address[1]))
            os.rename(portfile + ".new", portfile)
            server.serve_forever()
            """
        try script.write(toFile: directory + "/server.py", atomically: false, encoding: .utf8)
        let portFile = directory + "/port"
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [directory + "/server.py", caFile, directory + "/key.pem", portFile, log]
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(10)
        while !FileManager.default.fileExists(atPath: portFile) && Date() < deadline && process.isRunning {
            usleep(20_000)
        }
        guard let text = try? String(contentsOfFile: portFile, encoding: .utf8), let port = Int(text) else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw TLSProviderError("the TLS provider did not start")
        }
        self.port = port
    }

    var requests: [String] {
        ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    deinit {
        // SIGKILL: the test process may block SIGTERM, and a child inherits the blocked mask.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

struct TLSProviderError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// TLS is verified by default: the certificate must chain to a trusted CA (the system's, or
/// `ssl_ca_file`) and name the server. Nothing is sent, login and password least of all, to a
/// server that fails either check.
@Suite struct TLSVerificationTests {
    func config(server: String, extra: String) throws -> (path: String, cache: String) {
        let directory = temporaryDirectory()
        let path = try writeConfig(
            """
            daemon=0
            use=ip, ip=203.0.113.7
            \(extra)
            protocol=dyndns2, server=\(server), login=tls-user, password=tls-secret-1
            tls.example.com
            """, in: directory)
        return (path, directory + "/cache")
    }

    @Test("https with the provider's CA in ssl_ca_file: the update is sent and recorded")
    func trustedCertificate() throws {
        let provider = try TLSProvider()
        let (path, cache) = try config(
            server: "127.0.0.1:\(provider.port)", extra: "ssl_ca_file=\(provider.caFile)")
        let run = try runDDSwift(["-file", path, "-cache", cache])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("SUCCESS"))
        #expect(provider.requests == ["/nic/update?hostname=tls.example.com&myip=203.0.113.7"])
        #expect(try String(contentsOfFile: cache, encoding: .utf8).contains("status-ipv4=good"))
    }

    @Test("a certificate no trusted CA signed: nothing is sent, the run fails and says why")
    func untrustedCertificate() throws {
        let provider = try TLSProvider()
        let (path, cache) = try config(server: "127.0.0.1:\(provider.port)", extra: "")
        let run = try runDDSwift(["-file", path, "-cache", cache])
        #expect(run.status == 1)
        #expect(run.stderr.contains("FAILED"))
        #expect(run.stderr.contains("TLS failure with https://127.0.0.1:\(provider.port)"), "\(run.stderr)")
        #expect(!run.stderr.contains("tls-secret-1"))
        #expect(provider.requests.isEmpty)
        #expect(!((try? String(contentsOfFile: cache, encoding: .utf8)) ?? "").contains("status-ipv4=good"))
    }

    @Test("a trusted certificate for another name: nothing is sent (the name is checked too)")
    func wrongName() throws {
        let provider = try TLSProvider()
        let (path, cache) = try config(
            server: "ddns.example.net:\(provider.port)", extra: "ssl_ca_file=\(provider.caFile)")
        let run = try runDDSwift(
            ["-file", path, "-cache", cache],
            environment: ["DDSWIFT_RESOLVE": "ddns.example.net:\(provider.port):127.0.0.1"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("TLS failure with https://ddns.example.net:\(provider.port)"), "\(run.stderr)")
        #expect(provider.requests.isEmpty)
    }
}
