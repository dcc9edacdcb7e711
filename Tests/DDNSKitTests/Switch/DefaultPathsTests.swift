import Foundation
import Testing

@testable import DDNSKit

/// One truth about the default files: the loader's list, `-help`, the man page and README.
@Suite struct DefaultPathsTests {
    @Test("-help, the man page (FILES) and README state the loader's search order and cache path")
    func oneTruth() throws {
        let order = DefaultPaths.configurationSearchOrder
        let help = try runDDSwift(["-help"]).stdout
        #expect(help.contains(order))
        #expect(help.contains(DefaultPaths.cache))
        let man = try String(contentsOfFile: InstalledUnitTests.root + "/man/ddswift.1", encoding: .utf8)
            .replacingOccurrences(of: "\\-", with: "-")
        let files = try #require(man.range(of: ".SH FILES")).upperBound
        #expect(man[files...].contains(order))
        #expect(man[files...].contains(DefaultPaths.cache))
        let readme = try String(contentsOfFile: InstalledUnitTests.root + "/README.md", encoding: .utf8)
        #expect(readme.contains(order))
        #expect(readme.contains(DefaultPaths.cache))
        #expect(ConfigLoader.defaultPath { $0 == "/etc/ddclient.conf" } == "/etc/ddclient.conf")
        #expect(
            ConfigLoader.defaultPath { $0 == "/etc/ddclient.conf" || $0 == "/etc/ddswift/ddswift.yaml" }
                == "/etc/ddswift/ddswift.yaml")
    }
}
