/// Why an update failed, in the few kinds that decide what happens next. The kind alone
/// decides whether the host is held (a permanent refusal: repeating cannot help and providers
/// block clients that repeat) or retried after `min-error-interval`; the provider's own word
/// goes to the cache as the status token, its own sentence to the log and `-status`.
public enum ProviderFailure: Sendable, Equatable, CaseIterable {
    /// The login, password, token or key was refused (`badauth`, 401/403, BADSIG).
    case refusedCredentials
    /// The host or its zone is not in the account (`nohost`, `notfqdn`, NOTZONE, no record).
    case unknownHost
    /// The client or account is blocked (`abuse`, `badagent`, `!donator`, account disabled).
    case blocked
    /// Any other answer that repeating cannot change (an invalid request, a service that is
    /// not enabled, NOTAUTH).
    case refused
    /// The provider asked us to slow down (`w5m`, 429, TOOSOON).
    case rateLimited
    /// The provider failed on its side (5xx, `dnserr`, `911`, SERVFAIL).
    case serverError
    /// The reply could not be read as the protocol's answer.
    case malformedReply
    /// No answer: connection, TLS, timeout.
    case transport
    /// No answer because our own stop signal abandoned the request: the host's cache entry is
    /// left as it was (the next run sends it at once).
    case interrupted

    /// Held until the configuration changes (or `-force`), never retried on its own.
    public var isPermanent: Bool {
        switch self {
        case .refusedCredentials, .unknownHost, .blocked, .refused: true
        case .rateLimited, .serverError, .malformedReply, .transport, .interrupted: false
        }
    }

    /// The kind's name as the cache keeps it (`refusedCredentials`).
    public var token: String { "\(self)" }

    public init?(token: String) {
        guard let kind = Self.allCases.first(where: { $0.token == token }) else { return nil }
        self = kind
    }

    /// ``suggestedAction``, made specific by the failure's own words where they say more: a
    /// server name that does not resolve, a TLS failure, a refused connection.
    public func suggestedAction(message: String) -> String {
        let lowered = message.lowercased()
        if self == .transport {
            if lowered.contains("resolve") {
                return "the server's name does not resolve: check server= and this machine's DNS"
            }
            if lowered.contains("ssl") || lowered.contains("tls") || lowered.contains("certificate") {
                return "TLS failed: check the clock, ssl_ca_file/ssl_ca_dir, or whether server= speaks HTTPS"
            }
            if lowered.contains("refused") || lowered.contains("couldn't connect") {
                return "nothing answers at server=: check the server name and port, and the network"
            }
        }
        return suggestedAction
    }

    public var suggestedAction: String {
        switch self {
        case .refusedCredentials: "check the login and password (or token, or key) for this host"
        case .unknownHost: "create the host (or record, or zone) at the provider, or correct its name"
        case .blocked: "the provider blocks this client or account: read its message and contact it"
        case .refused: "the provider refuses this request: read its message and correct the configuration"
        case .rateLimited: "none: ddswift waits as the provider asked"
        case .serverError: "none: the provider failed on its side; ddswift retries after min-error-interval"
        case .malformedReply: "check server= (is it this protocol's server?); ddswift retries after min-error-interval"
        case .transport: "check the network, the server's name and TLS (clock, ssl_ca_file); ddswift retries"
        case .interrupted: "none: the run was stopped before the provider answered; the next run sends it"
        }
    }

    /// The kind of a provider's status token, for providers that report a token and whether
    /// it is permanent. Permanence is kept exactly as given; the token refines the kind.
    public static func classify(token: String, permanent: Bool) -> ProviderFailure {
        let lowered = token.lowercased()
        if permanent {
            switch lowered {
            case "badauth", "badsig", "badkey", "badtime", "noaccess", "no_auth", "401", "403":
                return .refusedCredentials
            case "nohost", "notfqdn", "nozone", "norecord", "notzone", "nxdomain", "!yours": return .unknownHost
            case "abuse", "badagent", "!donator", "blocked", "banned": return .blocked
            default: return .refused
            }
        }
        switch lowered {
        case FamilyOutcome.interrupted: return .interrupted
        // `failed` is also many providers' word for their own refusal: the network's failures
        // carry their kind (ProviderSupport.transportOutcome).
        case "timeout": return .transport
        case "unknown": return .malformedReply
        case "toosoon", "too_freq", "429": return .rateLimited
        default:
            return lowered.hasPrefix("w") && lowered.dropFirst().first?.isNumber == true ? .rateLimited : .serverError
        }
    }
}
