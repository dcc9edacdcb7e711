/// `use=cmd` / `usev4=cmdv4` / `usev6=cmdv6`: a command whose output holds the address.
public struct CommandSource: AddressLookup {
    public var command: String
    public var skip: String?
    public var key: String { "cmd \(command) skip=\(skip ?? "")" }

    public init(_ command: String, skip: String?) {
        self.command = command
        self.skip = skip
    }

    public func find(_ family: AddressFamily?, in context: DetectionContext) -> Result<String, DetectionError> {
        let output = CommandRunner.run(command, timeout: context.commandTimeout)
        if output.timedOut {
            return .failure(.command("'\(command)' did not finish within \(formatSeconds(context.commandTimeout))"))
        }
        guard output.status == 0 else {
            let stderr = output.stderr.split(separator: "\n").prefix(3).joined(separator: " / ")
            return .failure(
                .command("'\(command)' exited with status \(output.status ?? -1)\(stderr.isEmpty ? "" : ": \(stderr)")")
            )
        }
        guard
            let address = AddressText.parse(
                AddressText.applySkip(skip, to: output.stdout), family: family, whole: false)
        else {
            return .failure(.nothingFound(family))
        }
        return .success(address)
    }
}
