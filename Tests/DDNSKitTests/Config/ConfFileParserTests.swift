import Foundation
import Testing

@testable import DDNSKit

/// ddclient's t/parse_assignments.pl vectors (reference §7.3 a).
@Suite struct ParseAssignmentsTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        var id: String
        var input: String
        var values: [String: String]
        var rest: String
        var testDescription: String { "\(id): \(input.debugDescription)" }
    }

    static let vectors: [Vector] = [
        Vector(id: "A1", input: "", values: [:], rest: ""),
        Vector(id: "A2", input: "a=1", values: ["a": "1"], rest: ""),
        Vector(id: "A3", input: "a=", values: ["a": ""], rest: ""),
        Vector(id: "A4", input: "a=1,b=2", values: ["a": "1", "b": "2"], rest: ""),
        Vector(id: "A5", input: "a=1 b=2", values: ["a": "1", "b": "2"], rest: ""),
        Vector(id: "A6", input: "a=1, b=2", values: ["a": "1", "b": "2"], rest: ""),
        Vector(id: "A7", input: "a=1 ,b=2", values: ["a": "1", "b": "2"], rest: ""),
        Vector(id: "A8", input: "a=1 , b=2", values: ["a": "1", "b": "2"], rest: ""),
        Vector(id: "A9", input: " a=1", values: ["a": "1"], rest: ""),
        Vector(id: "A10", input: "a=1 ", values: ["a": "1"], rest: ""),
        Vector(id: "A11", input: ",a=1", values: ["a": "1"], rest: ""),
        Vector(id: "A12", input: "a=1,", values: ["a": "1"], rest: ""),
        Vector(id: "A13", input: "a=1,,b=2", values: ["a": "1", "b": "2"], rest: ""),
        Vector(id: "A14", input: "a", values: [:], rest: "a"),
        Vector(id: "A15", input: " x", values: [:], rest: "x"),
        Vector(id: "A16", input: "x ", values: [:], rest: "x "),
        Vector(id: "A17", input: ",x", values: [:], rest: "x"),
        Vector(id: "A18", input: "x,", values: [:], rest: "x,"),
        Vector(id: "A19", input: "a=1 x", values: ["a": "1"], rest: "x"),
        Vector(id: "A20", input: "a=1,x", values: ["a": "1"], rest: "x"),
        Vector(id: "A21", input: "a=1, x", values: ["a": "1"], rest: "x"),
        Vector(id: "A22", input: "a=1 ,x", values: ["a": "1"], rest: "x"),
        Vector(id: "A23", input: "a='\", '", values: ["a": "\", "], rest: ""),
        Vector(id: "A24", input: "a=\"', \"", values: ["a": "', "], rest: ""),
        Vector(id: "A25", input: "a=1\"2\"'3'4", values: ["a": "1234"], rest: ""),
        Vector(id: "A26", input: "a=\\\\", values: ["a": "\\"], rest: ""),
        Vector(id: "A27", input: "a='\\''", values: ["a": "'"], rest: ""),
        Vector(id: "A28", input: "a=\"\\\"\"", values: ["a": "\""], rest: ""),
        Vector(id: "A29", input: "a_env=", values: [:], rest: ""),
        Vector(id: "A30", input: "a_env=UNSET", values: [:], rest: ""),
        Vector(id: "A31", input: "a_env=TEST", values: ["a": "val"], rest: ""),
        Vector(id: "A32", input: "a_env='TEST'", values: ["a": "val"], rest: ""),
        Vector(id: "A33", input: "a='1\n2'", values: ["a": "1\n2"], rest: ""),
        Vector(id: "A34", input: "a=1\\\n2", values: ["a": "1\n2"], rest: ""),
        Vector(id: "A35", input: "a=1 \n b=2", values: ["a": "1"], rest: "\n b=2"),
        Vector(id: "A36", input: "a=1 \n", values: ["a": "1"], rest: "\n"),
    ]

    @Test("parse_assignments vectors", arguments: vectors)
    func vector(_ vector: Vector) {
        let parsed = ConfFileParser.parseAssignments(vector.input, environment: ["TEST": "val"])
        #expect(parsed.values == vector.values)
        #expect(parsed.rest == vector.rest)
        if vector.id == "A29" || vector.id == "A30" { #expect(parsed.warnings.count == 1) }
    }

    /// The parser walks UTF-8 bytes (every delimiter is ASCII): characters of several bytes
    /// pass through values, quotes, escapes and the rest whole.
    @Test("values, quotes, escapes and the rest keep characters of several bytes whole")
    func multibyte() {
        let parsed = ConfFileParser.parseAssignments(
            "login=jürgen password='pä ss,€' x=\\é y=\"日本\" ünïcode.example")
        #expect(parsed.values == ["login": "jürgen", "password": "pä ss,€", "x": "é", "y": "日本"])
        #expect(parsed.rest == "ünïcode.example")
        #expect(parsed.warnings.isEmpty)
        // A name is ASCII letters, digits, '_' and '-': "ä=1" is no assignment.
        #expect(ConfFileParser.parseAssignments("ä=1 b=2").values.isEmpty)
        #expect(ConfFileParser.parseAssignments("ä=1 b=2").rest == "ä=1 b=2")
    }

    @Test("a password is taken out whole before comments, with characters of several bytes")
    func multibytePassword() throws {
        let extracted = try #require(ConfFileParser.extractPassword("login=ü, password=pä#ß€ host.example # note"))
        #expect(extracted.0 == "login=ü, password=dummy host.example # note")
        #expect(extracted.1 == "password")
        #expect(extracted.2 == "pä#ß€")
        let quoted = try #require(ConfFileParser.extractPassword("fw-password='ö ö' h"))
        #expect(quoted.0 == "fw-password=dummy h")
        #expect(quoted.1 == "fw-password")
        #expect(quoted.2 == "ö ö")
    }

    @Test("_file reads a secret from a file, relative paths from $CREDENTIALS_DIRECTORY")
    func fileIndirection() throws {
        let directory = temporaryDirectory()
        try "s3cret\n".write(toFile: directory + "/pw", atomically: false, encoding: .utf8)
        #expect(ConfFileParser.parseAssignments("password_file=\(directory)/pw").values == ["password": "s3cret"])
        #expect(
            ConfFileParser.parseAssignments("password_file=pw", environment: ["CREDENTIALS_DIRECTORY": directory])
                .values == ["password": "s3cret"])
        let missing = ConfFileParser.parseAssignments("password_file=/nonexistent/pw")
        #expect(missing.values.isEmpty && missing.warnings.count == 1)
    }
}

/// Whole-file behaviour (reference §7.3 b), ddclient 4.x semantics.
@Suite struct ConfFileTests {
    static let protocols: [any DDNSProtocol] = [DynDNS2Protocol(), TestNSUpdateProtocol()]

    func load(_ text: String, environment: [String: String] = [:]) throws -> Configuration {
        try ConfigLoader.parse(
            text: text, file: "t.conf", format: .conf, environment: environment, protocols: Self.protocols)
    }

    func host(_ config: Configuration, _ name: String) throws -> HostConfig {
        try #require(config.hosts.first { $0.name == name }, "host \(name) missing")
    }

    @Test("C-1: a trailing comment; ssl=no is a global")
    func c1() throws {
        let config = try load("ssl=no, protocol=dyndns2   # trailing comment\n")
        #expect(config.globals["ssl"] == "0")
        #expect(config.diagnostics.isEmpty)
    }

    @Test("C-2, C-10: '#' stays in a password but ends any other value")
    func c2() throws {
        let config = try load("login=globaluser\npassword=pa#ss\nlogin=u2 b.example.com,c.example.com\nlogin=ab#cd\n")
        #expect(try host(config, "b.example.com").values["login"] == "u2")
        #expect(try host(config, "c.example.com").values["password"] == "pa#ss")
        #expect(config.globals["login"] == "ab")
    }

    @Test("C-3, C-12: continuations, also with whitespace after the backslash (warned)")
    func c3() throws {
        let config = try load(
            "login=l, password=p\nmx=mx.example.com, \\\n   wildcard=yes   \\\n   a.example.com\nmx=m1.example.com, \\   \n  z.example.com\n"
        )
        let a = try host(config, "a.example.com")
        #expect(a.values["mx"] == "mx.example.com")
        #expect(a.values["wildcard"] == "1")
        #expect(try host(config, "z.example.com").values["mx"] == "m1.example.com")
        #expect(config.diagnostics.contains { $0.message.contains("whitespace follows") && $0.location?.line == 5 })
    }

    @Test("C-4: positional login and password")
    func c4() throws {
        let d = try host(try load("d.example.com loginpos passpos\n"), "d.example.com")
        #expect(d.values["login"] == "loginpos" && d.values["password"] == "passpos")
    }

    @Test("host options with bad values on a global line warn with file:line and the value (issue 12, item 15)")
    func invalidOnGlobalLine() throws {
        let config = try load(
            "min-interval=-5\nmax-interval=99999999999d\nuse=ip, ip=999.1.1.1\ntimeout=999999999999d\nlogin=l, password=p\nh.example.com\n"
        )
        let lines = config.diagnostics.map(\.description)
        #expect(
            lines.contains(
                "t.conf:1: min-interval: '-5' is not a time interval (seconds, or a number with s, m, h or d, at most 10 years; or inf) (ignored)"
            ), "\(lines)")
        #expect(lines.contains { $0.hasPrefix("t.conf:2: max-interval: '99999999999d' is not a time interval") })
        #expect(lines.contains("t.conf:3: ip: '999.1.1.1' is not an IP address (ignored)"))
        #expect(lines.contains { $0.hasPrefix("t.conf:4: timeout: '999999999999d' is not a time interval") })
        let h = try host(config, "h.example.com")
        #expect(h.values["ip"] == nil && h.values["min-interval"] == "30" && h.values["max-interval"] == "2160000")
    }

    @Test("C-5, C-6, C-7: invalid values and unknown keys warn with file:line and are dropped")
    func c5() throws {
        let config = try load(
            "login=l, password=p\nhost=e.example.com, mx=\"quoted, value\"\nunknownkw=1 f.example.com\nwildcard=maybe g.example.com\n"
        )
        #expect(try host(config, "e.example.com").values["mx"] == nil)
        #expect(
            config.diagnostics.contains {
                $0.description == "t.conf:2: mx: 'quoted, value' is not a fully qualified host name (ignored)"
            })
        #expect(
            config.diagnostics.contains {
                $0.description.hasPrefix("t.conf:3: [f.example.com][unknownkw]")
                    && $0.message.contains("unrecognized keyword")
            })
        #expect(try host(config, "g.example.com").values["wildcard"] == "0")
        #expect(
            config.diagnostics.contains {
                $0.description == "t.conf:4: wildcard: 'maybe' is not a boolean (yes or no) (ignored)"
            })
    }

    @Test("C-8, C-20: a host captures the globals above it; later globals reach only keys it lacks")
    func c20() throws {
        let config = try load(
            "password=p\nlogin=early\nh1.example.com\nlogin=late\npassword=latepw\nusev4=ifv4, ifv4=eth9\n")
        let h1 = try host(config, "h1.example.com")
        #expect(h1.values["login"] == "early")
        #expect(h1.values["password"] == "p")
        #expect(h1.values["usev4"] == "ifv4" && h1.values["ifv4"] == "eth9")
        #expect(h1.values["use"] == "disabled")  // usev4 enabled, so the legacy use is off
    }

    @Test("C-9: a host defined again keeps its first values and gains new keys")
    func c9() throws {
        let config = try load(
            "login=globaluser, password=p\nmx=mx.example.com, wildcard=yes a.example.com\nlogin=late\nserver=s1.example.com a.example.com\n"
        )
        let a = try host(config, "a.example.com")
        #expect(a.values["login"] == "globaluser")
        #expect(a.values["mx"] == "mx.example.com")
        #expect(a.values["server"] == "s1.example.com")
        #expect(config.hosts.count == 1)
    }

    @Test("C-11: name_env reads the environment")
    func c11() throws {
        let config = try load("login=l\npassword_env=DDTEST_PW\nh.example.com\n", environment: ["DDTEST_PW": "envpass"])
        #expect(try host(config, "h.example.com").values["password"] == "envpass")
    }

    @Test("C-14: escapes, lower-cased host names, booleans")
    func c14() throws {
        let d = try host(
            try load("password=p\nlogin=e\\ f, mx=M2.Example.COM, wildcard=TRUE, backupmx=Y d.example.com\n"),
            "d.example.com")
        #expect(d.values["login"] == "e f")
        #expect(d.values["mx"] == "m2.example.com")
        #expect(d.values["wildcard"] == "1" && d.values["backupmx"] == "1")
    }

    @Test("C-15: options after the host are positional words")
    func c15() throws {
        let e = try host(try load("password=p\ne.example.com wildcard=yes\n"), "e.example.com")
        #expect(e.values["login"] == "wildcard=yes")
    }

    @Test("C-16: tcp=on is not a boolean; validated against the host's own protocol")
    func c16() throws {
        let config = try load(
            "protocol=nsupdate, tcp=on, zone=example.com, server=ns.example.com, password=/k f.example.com\n")
        let f = try host(config, "f.example.com")
        #expect(f.values["tcp"] == "0")
        #expect(f.values["zone"] == "example.com")
        #expect(config.diagnostics.contains { $0.message.contains("tcp: 'on' is not a boolean") })
    }

    @Test("C-17, C-18: host= and spaces around commas")
    func c17() throws {
        let config = try load(
            "login=l, password=p\nprotocol=dyndns2 host=g.example.com,h.example.com\ni.example.com , j.example.com\n")
        #expect(Set(config.hosts.map(\.name)) == ["g.example.com", "h.example.com", "i.example.com", "j.example.com"])
    }

    @Test("C-19: a quoted password runs to the last quote of the line (ddclient's greedy rule)")
    func c19() throws {
        let config = try load("login=l\npassword='pa#ss word'      # comment containing '#' and more\n")
        #expect(config.hosts.map(\.name) == ["and"])
    }

    @Test("a password with #, comma and spaces in single quotes, then the host")
    func quotedPassword() throws {
        let h = try host(try load("login=bob, password='p#ss, w rd' h.example.com\n"), "h.example.com")
        #expect(h.values["password"] == "p#ss, w rd")
    }

    @Test("a host missing a required value is reported and left out")
    func required() throws {
        let config = try load("protocol=dyndns2\nnologin.example.com\n")
        #expect(config.hosts.isEmpty)
        #expect(
            config.diagnostics.contains {
                $0.severity == .error && $0.description.contains("t.conf:2: [nologin.example.com][login]")
            })
    }

    @Test("an unknown protocol is an error at its line; the host is never sent")
    func unknownProtocol() throws {
        let config = try load("login=l, password=p\nprotocol=nosuch h.example.com\n")
        #expect(config.hosts.isEmpty)
        #expect(config.diagnostics.contains { $0.severity == .error && $0.location?.line == 2 })
    }

    @Test(
        "intervals and booleans normalise like ddclient",
        arguments: [
            ("5m", "300"), ("5min", "300"), ("1h", "3600"), ("2d", "172800"), ("30", "30"), ("30s", "30"),
            ("inf", "inf"), ("never", "inf"), ("forever", "inf"), ("always", "inf"),
        ])
    func intervals(text: String, expected: String) {
        #expect(
            OptionValue.normalise(text, as: .delay(minimum: 0), context: .init(protocolNames: [])) == .success(expected)
        )
    }

    @Test(
        "boolean spellings",
        arguments: [
            "y", "yes", "Y", "YES", "t", "true", "TRUE", "1", "n", "no", "f", "false", "0", "on", "off", "enable",
        ])
    func booleans(text: String) {
        let result = OptionValue.normalise(text, as: .bool, context: .init(protocolNames: []))
        switch text.lowercased() {
        case "on", "off", "enable": #expect((try? result.get()) == nil)
        case "n", "no", "f", "false", "0": #expect(result == .success("0"))
        default: #expect(result == .success("1"))
        }
    }

    @Test("FQDN and URL checks")
    func fqdnAndURL() {
        let context = OptionValue.Context(protocolNames: [])
        #expect(OptionValue.normalise("example.com", as: .fqdn, context: context) == .success("example.com"))
        #expect((try? OptionValue.normalise("example", as: .fqdn, context: context).get()) == nil)
        for url in ["https://www.example.com", "https://directnic.com/dns/gateway/ad133/", "HTTPS://MixedCase.com/"] {
            #expect(OptionValue.normalise(url, as: .url, context: context) == .success(url))
        }
        for bad in ["ftp://bad.protocol/", "bad-url"] {
            #expect((try? OptionValue.normalise(bad, as: .url, context: context).get()) == nil)
        }
        #expect(
            OptionValue.normalise("Members.DynDNS.org:8245", as: .fqdnWithPort, context: context)
                == .success("members.dyndns.org:8245"))
    }

    @Test("bad input never crashes and is reported with line numbers")
    func garbage() throws {
        var bytes: [UInt8] = Array("login=a, password=b\n".utf8)
        bytes += (0..<2000).map { UInt8(truncatingIfNeeded: $0 &* 7919) }
        bytes += Array("\nmx='unclosed h1.example.com\n".utf8)
        bytes += Array(repeating: UInt8(ascii: "x"), count: (1 << 20) + 10) + [10]
        bytes += Array("login=z \\".utf8)
        let text = String(decoding: bytes, as: UTF8.self)
        let config = try load(text)
        #expect(!config.diagnostics.isEmpty)
        #expect(config.diagnostics.allSatisfy { $0.location != nil })
        #expect(config.diagnostics.contains { $0.message.contains("continuation") })
        #expect(config.diagnostics.contains { $0.message.contains("1 MiB") })
    }

    @Test("a readable config that we own is fixed to 0600 with a warning")
    func permissions() throws {
        let directory = temporaryDirectory()
        let path = directory + "/ddclient.conf"
        try "login=l, password=p h.example.com\n".write(toFile: path, atomically: false, encoding: .utf8)
        chmod(path, 0o644)
        let config = try ConfigLoader.load(path: path, protocols: Self.protocols)
        #expect(config.diagnostics.first?.message.contains("accessible only by its owner") == true)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test("command-line values win and invalid ones are fatal")
    func commandLine() throws {
        let text = "login=l, password=p\nusev4=ipv4, ipv4=192.0.2.1 h.example.com\n"
        let config = try ConfigLoader.parse(
            text: text, file: "t.conf", overrides: CommandLineOverrides(values: ["ipv4": "192.0.2.9", "daemon": "5m"]),
            protocols: Self.protocols)
        #expect(config.hosts.first?.values["ipv4"] == "192.0.2.9")
        #expect(config.globals["daemon"] == "300")
        #expect(throws: ConfigError.self) {
            try ConfigLoader.parse(
                text: text, file: "t.conf", overrides: CommandLineOverrides(values: ["usev4": "bogus"]),
                protocols: Self.protocols)
        }
    }

    @Test("-options with -host sets values for those hosts only; without -host for all")
    func optionsArgument() throws {
        let text = "login=l, password=p\na.example.com\nb.example.com\n"
        let scoped = try ConfigLoader.parse(
            text: text, file: "t.conf",
            overrides: CommandLineOverrides(assignments: "wildcard=yes", hosts: ["a.example.com"]),
            protocols: Self.protocols)
        #expect(scoped.hosts.map(\.name) == ["a.example.com"])
        #expect(scoped.hosts[0].values["wildcard"] == "1")
        let global = try ConfigLoader.parse(
            text: text, file: "t.conf", overrides: CommandLineOverrides(assignments: "wildcard=yes"),
            protocols: Self.protocols)
        #expect(global.hosts.allSatisfy { $0.values["wildcard"] == "1" })
        #expect(throws: ConfigError.self) {
            try ConfigLoader.parse(
                text: text, file: "t.conf", overrides: CommandLineOverrides(assignments: "wildcard=yes trailing"),
                protocols: Self.protocols)
        }
    }
}

/// A stand-in for nsupdate's option table, so config tests do not depend on it.
struct TestNSUpdateProtocol: DDNSProtocol {
    let name = "nsupdate"
    let summary = "a test double of nsupdate"
    var options: [OptionSpec] {
        [
            OptionSpec("zone", .string, required: true),
            OptionSpec("ttl", .number(minimum: 0), default: "600"),
            OptionSpec("tcp", .bool, default: "0"),
            OptionSpec("password", .file, required: true),
            OptionSpec("server", .fqdnWithPort, required: true),
        ]
    }
    var unusedCommonOptions: Set<String> { [] }
    func update(_ targets: [UpdateTarget], context: UpdateContext) -> [UpdateResult] { [] }
}
