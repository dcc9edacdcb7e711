// ddswift: a ddclient-compatible dynamic DNS updater. Everything happens in DDNSKit; this file
// only hands over the arguments and the environment and returns the exit code.
import DDNSKit

#if canImport(Glibc)
    import Glibc
#endif

var environment: [String: String] = [:]
var entry = environ
while let pointer = entry.pointee {
    let pair = String(cString: pointer)
    // The byte, as getenv(3) looks for it: a Character search through LS_COLORS and PATH cost
    // a twentieth of a cron run.
    if let equals = pair.utf8.firstIndex(of: UInt8(ascii: "=")) {
        environment[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
    }
    entry += 1
}
exit(DDSwiftCommand.main(arguments: Array(CommandLine.arguments.dropFirst()), environment: environment))
