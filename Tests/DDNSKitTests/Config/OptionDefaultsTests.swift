import Testing

@testable import DDNSKit

/// Defaults live in the option table only: typed accessors fall back to it, and every default
/// in it is a valid value of its own type.
@Suite struct OptionDefaultsTests {
    @Test("typed accessors fall back to the table's default for the host's protocol")
    func accessors() {
        #expect(HostConfig(name: "h.example.com", values: ["protocol": "godaddy"]).integer("ttl") == 600)
        #expect(HostConfig(name: "h.example.com", values: ["protocol": "nsupdate"]).integer("ttl") == 600)
        #expect(HostConfig(name: "h.example.com", values: ["protocol": "nsupdate"]).integer("timeout") == 120)
        #expect(HostConfig(name: "h.example.com", values: ["protocol": "he.net"]).integer("min-interval") == 300)
        #expect(HostConfig(name: "h.example.com", values: ["protocol": "dyndns2"]).integer("min-interval") == 30)
        #expect(
            HostConfig(name: "h.example.com", values: ["protocol": "godaddy", "ttl": "3600"]).integer("ttl") == 3600)
        let config = Configuration(file: "t", globals: [:], hosts: [])
        #expect(
            config.globalInteger("max-concurrency") == 32 && config.globalInteger("max-per-server") == 4
                && config.globalInteger("timeout") == 120)
    }

    @Test("every default in the table is a valid value of its type, already normalised")
    func defaultsAreValid() {
        let context = OptionValue.Context(protocolNames: Set(ProtocolRegistry.names), routers: Routers.names)
        let specs = OptionTable.global + OptionTable.commonHost + ProtocolRegistry.all.flatMap(\.options)
        for spec in specs {
            guard let value = spec.defaultValue, !value.isEmpty else { continue }
            let normalised = OptionValue.normalise(value, as: spec.type, context: context)
            #expect(normalised == .success(value), "\(spec.name): default '\(value)' → \(normalised)")
        }
    }
}
