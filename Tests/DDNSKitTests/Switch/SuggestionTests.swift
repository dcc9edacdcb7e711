import Foundation
import Testing

@testable import DDNSKit

/// A misspelt protocol, option, flag or web service gets the nearest known name, on the line
/// that reports it.
@Suite struct SuggestionTests {
    @Test(
        "the nearest known name within a small edit distance",
        arguments: [
            ("dyndsn2", "dyndns2"), ("cloudfare", "cloudflare"), ("DynDSN2", "dyndns2"), ("namechep", "namecheap"),
            ("porkbunn", "porkbun"), ("zzzzzz", nil), ("x", nil), ("ionoss", "ionos"),
        ] as [(String, String?)])
    func nearestProtocol(typed: String, expected: String?) {
        #expect(Suggestion.nearest(to: typed, among: ProtocolRegistry.names) == expected)
    }

    @Test("edit distance counts a swap of neighbours once and gives up past the limit")
    func distance() {
        func d(_ a: String, _ b: String, _ limit: Int = 9) -> Int {
            Suggestion.editDistance(Array(a.unicodeScalars), Array(b.unicodeScalars), limit: limit)
        }
        #expect(d("dyndsn2", "dyndns2") == 1)
        #expect(d("kitten", "sitting") == 3)
        #expect(d("", "abc") == 3)
        #expect(d("abcdefgh", "zzzzzzzz", 2) == 3)
    }

    @Test("the real binary: protocol, option, flag, -help=NAME and web service misspellings")
    func endToEnd() throws {
        let directory = temporaryDirectory()
        let path = try writeConfig(
            """
            use=web, web=ipfiy-ipv4, cache=\(directory)/c
            protocol=dyndsn2, login=u, password=p a.example.com
            protocol=dyndns2, login=u, pasword=p, password=p b.example.com
            """, in: directory)
        let run = try runDDSwift(["-file", path, "-test"])
        #expect(
            run.stderr.contains("\(path):2: [a.example.com] unknown protocol 'dyndsn2' (did you mean 'dyndns2'?)"),
            "\(run.stderr)")
        #expect(run.stderr.contains("[pasword] unrecognized keyword (ignored) (did you mean 'password'?)"))
        #expect(run.stderr.contains("'ipfiy-ipv4' is neither a built-in web service (did you mean 'ipify-ipv4'?)"))

        let flag = try runDDSwift(["-forse"])
        #expect(flag.status == 2)
        #expect(flag.stderr.contains("Unknown option: forse (did you mean -force?)"))
        let help = try runDDSwift(["-help=cloudfare"])
        #expect(help.status == 2)
        #expect(help.stderr.contains("unknown protocol 'cloudfare' (did you mean 'cloudflare'?)"))
        let value = try runDDSwift(["-file", path, "-protocol=cloudfare", "-test"])
        #expect(value.status == 2)
        #expect(value.stderr.contains("'cloudfare' is not a known protocol (did you mean 'cloudflare'?)"))
    }
}
