import Testing

@testable import DDNSKit

@Suite struct YAMLReaderTests {
    @Test("a nested configuration keeps its structure and positions")
    func nested() throws {
        let text = """
            daemon: 300
            ssl: yes
            hosts:
              - host: a.example.com
                protocol: dyndns2
                login: "bob"
              - host: [b.example.com, c.example.com]
            """
        let documents = try YAMLReader.parse(text, file: "t.yaml")
        #expect(documents.count == 1)
        let root = documents[0]
        #expect(root["daemon"]?.scalar == "300")
        let hosts = try #require(root["hosts"]?.items)
        #expect(hosts.count == 2)
        #expect(hosts[0]["host"]?.scalar == "a.example.com")
        #expect(hosts[0]["host"]?.line == 4)
        #expect(hosts[0]["login"]?.value == .scalar("bob", quoted: true))
        #expect(hosts[1]["host"]?.items?.map(\.scalar) == ["b.example.com", "c.example.com"])
    }

    @Test("bad indentation is reported as file:line:column")
    func badIndentation() {
        let text = "hosts:\n  - host: a\n   login: b\n"
        #expect {
            try YAMLReader.parse(text, file: "bad.yaml")
        } throws: { error in
            guard let error = error as? YAMLError else { return false }
            return error.file == "bad.yaml" && error.line == 3 && error.description.hasPrefix("bad.yaml:3:")
        }
    }

    @Test("a billion-laughs alias bomb is refused quickly")
    func aliasBomb() {
        var text = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        let names = ["b", "c", "d", "e", "f", "g", "h", "i"]
        var previous = "a"
        for name in names {
            text += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
            previous = name
        }
        #expect {
            try YAMLReader.parse(text, file: "bomb.yaml")
        } throws: { error in
            (error as? YAMLError)?.message.contains("too large") == true
        }
    }

    @Test("an alias that contains itself is refused, not followed forever")
    func aliasCycle() {
        #expect(throws: YAMLError.self) { try YAMLReader.parse("a: &a [1, *a]\n") }
    }

    @Test("merge keys copy entries that the mapping does not set")
    func mergeKeys() throws {
        let text = """
            base: &base {login: bob, server: s.example.com}
            host: {<<: *base, server: t.example.com}
            """
        let root = try YAMLReader.parse(text)[0]
        #expect(root["host"]?["login"]?.scalar == "bob")
        #expect(root["host"]?["server"]?.scalar == "t.example.com")
    }

    @Test("an empty file has no documents")
    func empty() throws {
        #expect(try YAMLReader.parse("").isEmpty)
        #expect(try YAMLReader.parse("# only a comment\n").isEmpty)
    }
}
