/// A provider whose API manages DNS records: the driver does the sequence (per host, once:
/// the session, e.g. the zone's id; per family: read the record, compare, create or update),
/// the adapter only builds requests and reads replies.
protocol RecordAPI: Sendable {
    /// What every request of one host needs: base URL, credentials, the zone's id.
    associatedtype Session: Sendable
    associatedtype Record: Sendable

    /// Once per host (may ask the API, e.g. for the zone's id).
    func session(for target: UpdateTarget, context: UpdateContext) -> Result<Session, RecordAPIFailure>
    /// The current record of `type`.
    func read(_ type: RecordType, session: Session, target: UpdateTarget, context: UpdateContext) -> Result<
        RecordRead<Record>, RecordAPIFailure
    >
    /// Whether `record` already publishes `address` (nothing is sent then). Default: no, the
    /// write is sent anyway (ddclient does not compare for these providers).
    func isCurrent(_ record: Record, address: String, session: Session) -> Bool
    /// What to do when there is no record: nil creates it (`write` with no record), a failure
    /// refuses (the provider's records are the user's to create). Default: create it.
    func missing(_ type: RecordType, target: UpdateTarget) -> RecordAPIFailure?
    /// Sets `address`: updates `existing`, or creates the record when it is nil.
    func write(
        _ address: String, type: RecordType, existing: Record?, session: Session, target: UpdateTarget,
        context: UpdateContext
    ) -> Result<Void, RecordAPIFailure>
    /// After both families, whatever happened (netcup's logout).
    func finish(_ session: Session, context: UpdateContext)
}

extension RecordAPI {
    func isCurrent(_ record: Record, address: String, session: Session) -> Bool { false }
    func missing(_ type: RecordType, target: UpdateTarget) -> RecordAPIFailure? { nil }
    func finish(_ session: Session, context: UpdateContext) {}
}

/// What reading a record found.
enum RecordRead<Record: Sendable>: Sendable {
    case found(Record)
    case missing
    /// The API is not asked (GoDaddy's PUT replaces the record whatever it was).
    case notRead
}

/// The record type of a family.
enum RecordType: String, Sendable {
    case a = "A"
    case aaaa = "AAAA"
}

/// A failed step: the cache token, the words for the log, and whether it is permanent.
struct RecordAPIFailure: Error, Sendable {
    var token: String
    var message: String
    var permanent: Bool
    /// The kind when the token alone does not say it (a transport failure's `failed`).
    var kind: ProviderFailure?

    init(_ token: String, _ message: String, permanent: Bool = false, kind: ProviderFailure? = nil) {
        self.token = token
        self.message = message
        self.permanent = permanent
        self.kind = kind
    }

    /// A non-2xx status, the one rule for every provider: 401/403 refuse the credentials (the
    /// host is held), 429 asks to slow down, anything else is retried as the provider's own
    /// failure (ddclient's token `failed`).
    init(status: Int, _ message: String) {
        let refused = status == 401 || status == 403
        self.init(refused ? "badauth" : status == 429 ? "429" : "failed", message, permanent: refused)
    }

    /// No answer (or a stop signal): retryable, `interrupted` or `failed`.
    static func transport(_ error: any Error) -> RecordAPIFailure {
        let outcome = ProviderSupport.transportOutcome(error)
        return RecordAPIFailure(outcome.status, outcome.message, kind: outcome.failure)
    }

    var outcome: FamilyOutcome {
        kind.map { FamilyOutcome(failure: $0, status: token, message: message) }
            ?? .failed(token, message, permanent: permanent)
    }
}

enum RecordAPIDriver {
    /// Runs `api` for every target: session, then A and AAAA as wanted.
    static func update<API: RecordAPI>(_ api: API, _ targets: [UpdateTarget], context: UpdateContext) -> [UpdateResult]
    {
        targets.map { target in
            let session: API.Session
            switch api.session(for: target, context: context) {
            case .failure(let failure): return UpdateResult(target: target) { _ in failure.outcome }
            case .success(let value): session = value
            }
            func set(_ address: String?, _ type: RecordType) -> FamilyOutcome? {
                guard let address else { return nil }
                let existing: API.Record?
                switch api.read(type, session: session, target: target, context: context) {
                case .failure(let failure): return failure.outcome
                case .success(.found(let record)):
                    if api.isCurrent(record, address: address, session: session) {
                        return .good(address, message: "address was already \(address)")
                    }
                    existing = record
                case .success(.missing):
                    if let refusal = api.missing(type, target: target) { return refusal.outcome }
                    existing = nil
                case .success(.notRead):
                    existing = nil
                }
                switch api.write(
                    address, type: type, existing: existing, session: session, target: target, context: context)
                {
                case .failure(let failure): return failure.outcome
                case .success: return .good(address)
                }
            }
            let result = UpdateResult(host: target.name, ipv4: set(target.ipv4, .a), ipv6: set(target.ipv6, .aaaa))
            api.finish(session, context: context)
            return result
        }
    }

    /// Sends `request`: the response, or a transport failure.
    static func send(_ request: HTTPRequest, context: UpdateContext) -> Result<HTTPResponse, RecordAPIFailure> {
        do {
            return .success(try context.http.send(request))
        } catch {
            return .failure(.transport(error))
        }
    }
}
