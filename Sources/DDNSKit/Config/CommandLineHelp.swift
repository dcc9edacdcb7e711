/// `-help` and `-version` texts, generated from the flag table so they never drift from it.
public enum CommandLineHelp {
    public static func usage(protocols: [String]) -> String {
        var text = """
            usage: \(DDSwiftVersion.program) [options]

            ddswift updates dynamic DNS records like ddclient: same ddclient.conf (or a YAML file
            with the same meaning), same flags, same cache file, same requests.
            Flags may be written -flag or --flag, with -flag=value or -flag value; names may be
            abbreviated to a unique prefix; -noflag or -no-flag turns a yes/no flag off.

            """
        for section in CommandLineFlag.Section.allCases {
            text += "\n\(section.rawValue):\n"
            for flag in CommandLineFlags.all where flag.section == section {
                var spelling = "  -\(flag.name)"
                switch flag.kind {
                case .negatable: spelling = "  -{no}\(flag.name)"
                case .optionalString: spelling += flag.placeholder
                case .string, .integer: spelling += " \(flag.placeholder)"
                case .plain: break
                }
                if spelling.count >= 28 {
                    text += spelling + "\n" + String(repeating: " ", count: 28) + flag.help + "\n"
                } else {
                    text += spelling + String(repeating: " ", count: 28 - spelling.count) + flag.help + "\n"
                }
            }
        }
        text += """

            Running once or as a daemon:
              Without -daemon, or with -daemon=0, ddswift runs once and exits (ddclient 3.x meaning,
              which Debian's hooks rely on; ddclient 4.x would loop every 60 s instead).
              -daemon=<delay> loops; SIGHUP reloads the configuration, SIGTERM/SIGINT give an
              answer on its way 0.5 s, abandon stuck requests, write the cache and exit within 2 s.

            Files:
              configuration  the first that exists of \(DefaultPaths.configurationSearchOrder)
                             (.yaml/.yml files are read as YAML)
              cache          \(DefaultPaths.cache) (ddclient's, read and written in place)

            Exit codes:
              0  every host is current or was updated
              1  an update or address detection failed, a host is held after a permanent
                 refusal, or the cache (or its lock) cannot be used or written
              2  usage or configuration error
              3  only this: another run holds the cache lock

            Protocols: \(protocols.joined(separator: " "))
            (-list-protocols -verbose says what each is; -help=NAME shows its options and an example)

            """
        return text
    }

    public static func versionText(short: Bool) -> String {
        short ? DDSwiftVersion.string : "\(DDSwiftVersion.program) version \(DDSwiftVersion.string)"
    }
}
