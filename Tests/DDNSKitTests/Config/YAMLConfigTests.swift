import PropertyBased
import Testing

@testable import DDNSKit

@Suite struct YAMLConfigTests {
    static let protocols: [any DDNSProtocol] = [DynDNS2Protocol(), TestNSUpdateProtocol()]

    @Test("the YAML form means the same as ddclient.conf")
    func sameMeaning() throws {
        let yaml = """
            daemon: 5m
            ssl: no
            login: bob
            password: "p#ss, w rd"
            hosts:
              - host: a.example.com
                wildcard: yes
              - host: [b.example.com, c.example.com]
                mx: MX.example.com
            """
        let conf = """
            daemon=5m, ssl=no
            login=bob, password='p#ss, w rd'
            wildcard=yes a.example.com
            mx=MX.example.com b.example.com,c.example.com
            """
        let fromYAML = try ConfigLoader.parse(text: yaml, file: "c.yaml", protocols: Self.protocols)
        let fromConf = try ConfigLoader.parse(text: conf, file: "c.conf", protocols: Self.protocols)
        #expect(fromYAML.diagnostics.isEmpty, "\(fromYAML.diagnostics)")
        #expect(fromYAML.hosts.map(\.name) == fromConf.hosts.map(\.name))
        for (left, right) in zip(fromYAML.hosts, fromConf.hosts) { #expect(left.values == right.values) }
        #expect(fromYAML.globals["daemon"] == "300")
    }

    @Test("YAML errors carry file:line:column")
    func errors() {
        #expect {
            try ConfigLoader.parse(
                text: "hosts:\n  - host: a\n   login: b\n", file: "bad.yaml", protocols: Self.protocols)
        } throws: { error in
            (error as? ConfigError)?.description.hasPrefix("bad.yaml:3:") == true
        }
        let config = try? ConfigLoader.parse(
            text: "login: [a, b]\nhosts:\n  - host: h.example.com\n", file: "v.yaml", protocols: Self.protocols)
        #expect(
            config?.diagnostics.contains { $0.location == SourceLocation(file: "v.yaml", line: 1, column: 8) } == true)
    }

    @Test("format is chosen by extension or content")
    func detection() {
        #expect(ConfigLoader.detectFormat(text: "", file: "/etc/ddswift.yml") == .yaml)
        #expect(ConfigLoader.detectFormat(text: "# c\ndaemon: 300\n", file: "/etc/x.conf") == .yaml)
        #expect(ConfigLoader.detectFormat(text: "# c\ndaemon=300\nserver=h:80 a.b.c\n", file: "/etc/x.conf") == .conf)
    }

    @Test("conf → print(conf) and print(yaml) → parse gives the same hosts and values")
    func roundTrip() throws {
        let conf = """
            daemon=600, ssl=no, cache=/tmp/c
            login=bob, password='p#s s,w'
            usev4=ipv4, ipv4=192.0.2.4
            wildcard=yes, mx=mx.example.com a.example.com
            protocol=nsupdate, zone=example.com, server=ns.example.com:53, password=/etc/key.conf, ttl=60 b.example.com
            """
        let original = try ConfigLoader.parse(text: conf, file: "o.conf", protocols: Self.protocols)
        for format in ConfigFormat.allCases {
            let printed = ConfigPrinter.render(original, format: format, showSecrets: true, protocols: Self.protocols)
            let again = try ConfigLoader.parse(text: printed, file: "p", format: format, protocols: Self.protocols)
            #expect(again.diagnostics.isEmpty, "\(format): \(again.diagnostics)\n\(printed)")
            #expect(again.hosts.map(\.name) == original.hosts.map(\.name))
            for (left, right) in zip(again.hosts, original.hosts) {
                #expect(left.values == right.values, "\(format)\n\(printed)")
            }
        }
        let masked = ConfigPrinter.render(original, format: .conf, showSecrets: false, protocols: Self.protocols)
        #expect(!masked.contains("p#s s,w") && masked.contains("********"))
    }

    @Test("random values survive the conf and YAML printers")
    func propertyRoundTrip() async {
        let alphabet = Array("ab Z9 ,'\"\\=-_.:/")
        await propertyCheck(
            input: Gen.int(in: 0...(alphabet.count - 1)).array(of: 1...12),
            Gen.int(in: 0...(alphabet.count - 1)).array(of: 1...12)
        ) { loginIndexes, passwordIndexes in
            let login = String(loginIndexes.map { alphabet[$0] })
            let password = String(passwordIndexes.map { alphabet[$0] })
            let host = HostConfig(
                name: "h.example.com",
                values: ["protocol": "dyndns2", "login": login, "password": password, "host": "h.example.com"])
            let config = Configuration(file: "x", globals: [:], hosts: [host])
            for format in ConfigFormat.allCases {
                let printed = ConfigPrinter.render(config, format: format, showSecrets: true, protocols: Self.protocols)
                let parsed = try? ConfigLoader.parse(
                    text: printed, file: "p", format: format, protocols: Self.protocols)
                let values = parsed?.hosts.first?.values
                #expect(values?["login"] == login && values?["password"] == password, "\(format): \(printed)")
            }
        }
    }
}
