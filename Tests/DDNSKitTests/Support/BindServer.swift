import Foundation

@testable import DDNSKit

/// A private BIND `named` on loopback (127.0.0.1 and ::1) for the nsupdate tests: own config,
/// zone and keys in a temporary folder, run in the foreground as a child, stopped at the end.
final class BindServer: @unchecked Sendable {
    let directory: String
    let port: UInt16
    let process: Process
    /// Key files by algorithm name, in the named.conf format.
    let keyFiles: [String: String]
    static let zone = "example.test"

    enum Failure: Error, CustomStringConvertible {
        case unavailable(String)
        var description: String { if case .unavailable(let reason) = self { reason } else { "" } }
    }

    /// One shared server for the whole test run (started on first use, stopped at exit: a
    /// static is never deinitialised, and every test run used to leave a named running).
    static let shared: Result<BindServer, Failure> = Result { () throws(Failure) -> BindServer in
        let server = try BindServer()
        atexit {
            if let pid = try? BindServer.shared.get().process.processIdentifier { kill(pid, SIGKILL) }
        }
        return server
    }

    init() throws(Failure) {
        guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/named") else {
            throw .unavailable("named is not installed (make deps installs bind9)")
        }
        directory = temporaryDirectory()
        var keys: [String: String] = [:]
        var keyClauses = ""
        for algorithm in TSIGAlgorithm.allCases {
            // "////" leads every secret: a key-file reader that takes // in a quoted secret for
            // a comment fails every run, not one run in nine (issue 12, item 19).
            let secret = [0xFF, 0xFF, 0xFF] + (0..<29).map { _ in UInt8.random(in: 0...255) }
            let name = "ddkey-\(algorithm.rawValue)"
            let clause =
                "key \"\(name)\" {\n\talgorithm \(algorithm.rawValue);\n\tsecret \"\(Base64.encode(secret))\";\n};\n"
            let path = directory + "/\(name).key"
            try? clause.write(toFile: path, atomically: false, encoding: .utf8)
            keys[algorithm.rawValue] = path
            keyClauses += clause
        }
        // A key BIND knows but that may not update the zone.
        let outsiderSecret = Base64.encode((0..<32).map { _ in UInt8.random(in: 0...255) })
        keyClauses += "key \"outsider\" {\n\talgorithm hmac-sha256;\n\tsecret \"\(outsiderSecret)\";\n};\n"
        try? "key \"outsider\" { algorithm hmac-sha256; secret \"\(outsiderSecret)\"; };\n".write(
            toFile: directory + "/outsider.key", atomically: false, encoding: .utf8)
        keys["outsider"] = directory + "/outsider.key"
        keyFiles = keys
        let grants = TSIGAlgorithm.allCases.map { "grant ddkey-\($0.rawValue) zonesub ANY;" }.joined(separator: " ")
        // A free port, named started on it, and a SOA answer; up to three ports, since another
        // process may take a free port between the probe and named's bind.
        var lastLog = ""
        for _ in 0..<3 {
            guard
                let candidate = (0..<50).lazy.map({ _ in UInt16.random(in: 20000...60000) }).first(
                    where: Self.portIsFree)
            else { continue }
            if let started = Self.start(in: directory, port: candidate, keyClauses: keyClauses, grants: grants) {
                port = candidate
                process = started
                return
            }
            lastLog = (try? String(contentsOfFile: directory + "/named.log", encoding: .utf8)) ?? ""
        }
        throw .unavailable("named did not answer on three ports: \(lastLog)")
    }

    /// Starts named on `port`; the process once it answers a SOA query, else nil (stopped).
    static func start(in directory: String, port: UInt16, keyClauses: String, grants: String) -> Process? {
        let config = """
            \(keyClauses)
            options {
                directory "\(directory)";
                pid-file "\(directory)/named.pid";
                listen-on port \(port) { 127.0.0.1; };
                listen-on-v6 port \(port) { ::1; };
                recursion no;
                dnssec-validation no;
                notify no;
            };
            zone "\(Self.zone)" { type primary; file "\(directory)/zone.db"; update-policy { \(grants) }; };
            """
        let zone = """
            $TTL 300
            @ IN SOA ns.\(Self.zone). admin.\(Self.zone). 1 3600 600 86400 300
            @ IN NS ns.\(Self.zone).
            ns IN A 127.0.0.1
            """
        try? config.write(toFile: directory + "/named.conf", atomically: false, encoding: .utf8)
        try? zone.write(toFile: directory + "/zone.db", atomically: false, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/named")
        process.arguments = ["-g", "-c", directory + "/named.conf", "-u", "root"]
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        let log =
            FileManager.default.createFile(atPath: directory + "/named.log", contents: nil)
            ? FileHandle(forWritingAtPath: directory + "/named.log") : nil
        process.standardError = log
        do { try process.run() } catch { return nil }
        let transport = DNSTransport(host: "127.0.0.1", port: port, timeout: 0.3, udpAttempts: 1)
        for _ in 0..<100 {
            if !process.isRunning { return nil }
            if let answer = try? transport.exchange(
                try! DNSMessage.query(id: 1, name: Self.zone + ".", type: DNSType.soa).encode()),
                (try? DNSMessage.decode(answer))?.answers.isEmpty == false
            {
                return process
            }
            usleep(100_000)
        }
        process.terminate()
        process.waitUntilExit()
        return nil
    }

    deinit { stop() }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    static func portIsFree(_ port: UInt16) -> Bool {
        for type in [SOCK_DGRAM, SOCK_STREAM] {
            let fd = socket(AF_INET, Int32(type.rawValue), 0)
            defer { close(fd) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let rc = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            if rc != 0 { return false }
        }
        return true
    }

    /// `dig +short` against the server: what a person would check.
    func dig(_ name: String, _ type: String) -> [String] {
        let output = CommandRunner.run("dig @127.0.0.1 -p \(port) +short +norecurse \(name) \(type)", timeout: 5)
        return output.stdout.split(separator: "\n").map(String.init).sorted()
    }

    /// The zone's SOA serial (each accepted UPDATE raises it by one).
    func serial() -> Int {
        let fields = dig(Self.zone, "SOA").first?.split(separator: " ") ?? []
        return fields.count > 2 ? Int(fields[2]) ?? -1 : -1
    }

    /// Lines of named's log mentioning `text`.
    func logLines(containing text: String) -> [String] {
        ((try? String(contentsOfFile: directory + "/named.log", encoding: .utf8)) ?? "").split(separator: "\n").filter {
            $0.contains(text)
        }.map(String.init)
    }
}
