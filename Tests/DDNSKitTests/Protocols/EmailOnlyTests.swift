import Foundation
import Testing

@testable import DDNSKit

/// protocol=emailonly: no request, the change reported by mail; not again while unchanged.
@Suite struct EmailOnlyTests {
    @Test("the real binary mails the new addresses, sends no request, and stays quiet while nothing changes")
    func mailsOnly() throws {
        let directory = temporaryDirectory()
        let sendmail = directory + "/sendmail.sh"
        try "#!/bin/sh\ncat >> \(directory)/mail.txt\n".write(toFile: sendmail, atomically: false, encoding: .utf8)
        chmod(sendmail, 0o755)
        let path = try writeConfig(
            """
            mail=root
            usev4=ipv4, ipv4=198.51.100.40, usev6=ipv6, ipv6=2001:db8::40
            protocol=emailonly home.example.com
            """, in: directory)
        let environment = ["DDSWIFT_SENDMAIL": sendmail, "DDSWIFT_RESOLVE": "nothing.invalid:1:127.0.0.1"]
        let dry = try runDDSwift(["-file", path, "-cache", directory + "/c", "-test"], environment: environment)
        #expect(
            dry.status == 0 && !FileManager.default.fileExists(atPath: directory + "/mail.txt"), "-test mails nothing")
        let first = try runDDSwift(["-file", path, "-cache", directory + "/c"], environment: environment)
        #expect(first.status == 0, "\(first.stderr)")
        let mail = try String(contentsOfFile: directory + "/mail.txt", encoding: .utf8)
        #expect(mail.contains("To: root") && mail.contains("198.51.100.40") && mail.contains("2001:db8::40"), "\(mail)")
        #expect(mail.contains("reported by mail (emailonly)"))
        let entry = try #require(try CacheFile.read(path: directory + "/c").entries["home.example.com"])
        #expect(entry.address(.ipv4) == "198.51.100.40" && entry.status(.ipv6) == "good")
        let second = try runDDSwift(["-file", path, "-cache", directory + "/c"], environment: environment)
        #expect(second.status == 0)
        #expect(try String(contentsOfFile: directory + "/mail.txt", encoding: .utf8) == mail)
    }
}
