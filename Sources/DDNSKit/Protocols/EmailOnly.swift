/// `protocol=emailonly`: nothing is sent to any provider; the address change is reported by
/// mail (`mail=`/`mail-failure=`), through the run's usual report, as ddclient does.
public struct EmailOnlyProtocol: DDNSProtocol {
    public init() {}
    public let name = "emailonly"
    public let summary = "no provider: the address change is only reported by mail (set mail=)"
    public var acceptsWildcardName: Bool { true }
    public var example: String { "mail=root\nprotocol=emailonly home.example.com" }
    public var options: [OptionSpec] {
        [
            OptionSpec(
                "max-interval", .delay(minimum: 0), default: "inf",
                help: "report again after this long (default: never)")
        ]
    }
    public var unusedCommonOptions: Set<String> { ["login", "password", "server"] }

    public func update(_ targets: [UpdateTarget], context: UpdateContext) -> [UpdateResult] {
        targets.map { target in
            UpdateResult(target: target) { address in
                .good(address, message: "reported by mail (emailonly)")
            }
        }
    }
}
