import PropertyBased
import Testing

@testable import DDNSKit

@Suite struct CommandLineParserTests {
    func parse(_ line: String) throws -> ParsedCommandLine {
        try CommandLineParser.parse(line.split(separator: " ").map(String.init))
    }

    @Test("ddclient's usual one-shot line")
    func usual() throws {
        let parsed = try parse("-daemon=300 -file /etc/ddclient.conf -force -noquiet -use=web")
        #expect(
            parsed.overrides.values == [
                "daemon": "300", "file": "/etc/ddclient.conf", "force": "1", "quiet": "0", "use": "web",
            ])
        #expect(parsed.action == .run)
    }

    @Test("abbreviations, case-insensitivity and -no- negation")
    func abbreviations() throws {
        let parsed = try parse("-verb -Force -no-quiet --list-proto")
        #expect(parsed.overrides.values == ["verbose": "1", "force": "1", "quiet": "0"])
        #expect(parsed.action == .listProtocols)
        #expect(try parse("-LIST-PROTOCOLS").action == .listProtocols)
        #expect(try parse("--noforce").overrides.values["force"] == "0")
    }

    @Test("every flag is found by its exact spelling; every negatable one also by -noNAME and -no-NAME")
    func exactSpellings() throws {
        for flag in CommandLineFlags.all {
            let value: [String] = flag.kind == .string || flag.kind == .integer ? ["1"] : []
            #expect(throws: Never.self, "-\(flag.name)") { try CommandLineParser.parse(["-\(flag.name)"] + value) }
            guard flag.kind == .negatable, let option = flag.option else { continue }
            #expect(try CommandLineParser.parse(["-\(flag.name)"]).overrides.values[option] == "1")
            #expect(try CommandLineParser.parse(["-no\(flag.name)"]).overrides.values[option] == "0")
            #expect(try CommandLineParser.parse(["-no-\(flag.name)"]).overrides.values[option] == "0")
        }
    }

    @Test("an ambiguous prefix names the candidates")
    func ambiguous() {
        #expect(throws: CommandLineError("Option v is ambiguous (verbose, version)")) { try parse("-v") }
    }

    @Test("+flag sets a negatable flag; -version takes an optional =short")
    func compat() throws {
        #expect(try parse("+force").overrides.values["force"] == "1")
        #expect(try parse("-version").action == .version(short: false))
        #expect(try parse("-version=short").action == .version(short: true))
    }

    @Test("a string flag takes the next argument even when it starts with '-'")
    func nextArgument() throws {
        #expect(try CommandLineParser.parse(["-daemon", "-1"]).overrides.values["daemon"] == "-1")
        #expect(
            try CommandLineParser.parse(["--file", "/x", "--cache=/y"]).overrides.values == [
                "file": "/x", "cache": "/y",
            ])
    }

    @Test("-options and -host feed the loader; -host splits on commas")
    func optionsAndHost() throws {
        let parsed = try CommandLineParser.parse([
            "-options=login=bob,password=a=b", "-host=h1.example.com,H2.example.com",
        ])
        #expect(parsed.overrides.assignments == "login=bob,password=a=b")
        #expect(parsed.overrides.hosts == ["h1.example.com", "h2.example.com"])
    }

    @Test(
        "errors: unknown flag, missing value, non-integer, argument to a switch, stray word",
        arguments: [
            (["-frobnicate"], "Unknown option: frobnicate"),
            (["-file"], "Option file requires an argument"),
            (["-timeout", "abc"], "Value \"abc\" invalid for option timeout (number expected)"),
            (["-force=1"], "Option force does not take an argument"),
            (["extra"], "unexpected argument 'extra' (options start with '-')"),
        ])
    func errors(arguments: [String], message: String) {
        #expect(throws: CommandLineError(message)) { try CommandLineParser.parse(arguments) }
    }

    @Test("actions: -status -json, -print-config=yaml -show-secrets, -query, last value wins")
    func actions() throws {
        #expect(try parse("-status -json").action == .status(json: true))
        #expect(
            try parse("--print-config=yaml --show-secrets").action == .printConfig(format: .yaml, showSecrets: true))
        #expect(try parse("--print-config").action == .printConfig(format: .conf, showSecrets: false))
        #expect(try parse("-query").action == .query)
        #expect(try parse("-quiet -noquiet").overrides.values["quiet"] == "0")
        #expect(try parse("-help -status").action == .help(protocol: nil))
        #expect(try parse("-help=DynDNS2").action == .help(protocol: "dyndns2"))
    }

    @Test("every flag can be written --name=value or -name value with the same result")
    func spellingsAgree() async {
        let stringFlags = CommandLineFlags.all.filter { $0.kind == .string && $0.option != nil }
        await propertyCheck(input: Gen.int(in: 0...(stringFlags.count - 1)).array(of: 1...6), Gen.int(in: 0...99_999)) {
            indexes, number in
            var long: [String] = []
            var short: [String] = []
            for index in indexes {
                let flag = stringFlags[index]
                long.append("--\(flag.name)=v\(number)")
                short += ["-\(flag.name)", "v\(number)"]
            }
            let fromLong = try? CommandLineParser.parse(long)
            let fromShort = try? CommandLineParser.parse(short)
            #expect(fromLong != nil && fromLong == fromShort)
        }
    }
}
