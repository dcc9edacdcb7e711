extension DDSwiftCommand {
    /// The actions that need no configuration: `-help[=NAME]`, `-version`, the lists and
    /// `-geturl`. nil for any other action.
    static func information(_ action: CommandAction, overrides: CommandLineOverrides) -> Int32? {
        switch action {
        case .help(let name?):
            guard let proto = ProtocolRegistry.named(name) else {
                if let reason = RetiredProtocols.reason(name) {
                    printOut("\(name.lowercased()): no longer offered: \(reason)")
                    return ExitCode.failure
                }
                printError(
                    "\(DDSwiftVersion.program): unknown protocol '\(name)'"
                        + Suggestion.didYouMean(name, among: ProtocolRegistry.names)
                        + "; -list-protocols lists them")
                return ExitCode.usage
            }
            printOut(ProtocolDocs.help(for: proto))
            return ExitCode.success
        case .help(nil):
            printOut(CommandLineHelp.usage(protocols: ProtocolRegistry.names))
            return ExitCode.success
        case .version(let short):
            printOut(CommandLineHelp.versionText(short: short))
            return ExitCode.success
        case .listProtocols:
            printOut(ProtocolDocs.listing(verbose: overrides.values["verbose"] == "1"))
            return ExitCode.success
        case .listWebServices:
            printOut(WebServices.listing())
            return ExitCode.success
        case .listDevices:
            printOut(Routers.listing())
            return ExitCode.success
        case .getURL(let url):
            // ddclient 3.x's debugging aid: print a page's body, no configuration needed.
            let timeout = Double(
                overrides.values["timeout"].flatMap { Int($0) } ?? OptionTable.defaultInteger("timeout"))
            let client = CurlHTTPClient(
                configuration: HTTPClientConfiguration(connectTimeout: timeout, totalTimeout: timeout))
            do {
                let response = try client.send(HTTPRequest(url: url.contains("://") ? url : "http://\(url)"))
                printOut(response.text)
                return response.isSuccess ? ExitCode.success : ExitCode.failure
            } catch {
                printError("\(DDSwiftVersion.program): \(error)")
                return ExitCode.failure
            }
        default:
            return nil
        }

    }
}
