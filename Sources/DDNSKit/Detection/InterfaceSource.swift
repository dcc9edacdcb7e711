/// `use=if` / `usev4=ifv4` / `usev6=ifv6`: an interface's address (`default`: the interface of
/// the default route). IPv6 picks a stable global address (``Interfaces/selectIPv6(_:)``).
public struct InterfaceSource: AddressLookup {
    public var interface: String
    public var key: String { "if \(interface)" }

    public init(_ interface: String) { self.interface = interface }

    public func find(_ family: AddressFamily?, in context: DetectionContext) -> Result<String, DetectionError> {
        let families: [AddressFamily] = family.map { [$0] } ?? [.ipv4, .ipv6]
        var lastError: InterfaceError = .noAddress(interface: interface, family: families[0])
        for family in families {
            var name = interface
            if name == "default" {
                guard let found = Interfaces.defaultInterface(family) else {
                    lastError = .noDefaultRoute(family)
                    continue
                }
                name = found
            }
            switch context.interfaceAddresses(name, family) {
            case .failure(let error): lastError = error
            case .success(let candidates):
                let chosen = family == .ipv4 ? Interfaces.selectIPv4(candidates) : Interfaces.selectIPv6(candidates)
                if let chosen { return .success(chosen.address) }
                lastError = .noAddress(interface: name, family: family)
            }
        }
        return .failure(.interface(lastError))
    }
}
