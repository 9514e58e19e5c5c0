/// A problem with the queue database or a letter in it.
public enum QueueError: OutreachError, Equatable {
    /// The database could not be opened or migrated.
    case cannotOpen(path: String, reason: String)
    /// A statement failed; the transaction was rolled back.
    case database(reason: String)
    /// No letter has that id.
    case noSuchLetter(id: Int64)
    /// The letter's status does not allow the action.
    case wrongStatus(id: Int64, status: LetterStatus, action: LetterAction)

    public var message: String {
        switch self {
        case .cannotOpen(let path, let reason): return "cannot open the queue \(path): \(reason)"
        case .database(let reason): return "queue database error: \(reason)"
        case .noSuchLetter(let id): return "no letter \(id) in the queue"
        case .wrongStatus(let id, let status, let action):
            return "letter \(id) is \(status.rawValue) and cannot be \(action.pastParticiple)"
        }
    }

    public var hint: String? {
        switch self {
        case .cannotOpen: return "check the file's permissions, or choose another --home"
        case .database: return "nothing was changed; run the command again, and report it if it repeats"
        case .noSuchLetter: return "list the letters with: outreach queue"
        case .wrongStatus(_, _, let action):
            let open = LetterStatus.open.map(\.rawValue).joined(separator: ", ")
            switch action {
            case .markDeliveredByHand:
                return "only letters not yet delivered (\(open)) can be marked; see: outreach log"
            case .discard: return "only letters not yet delivered (\(open)) can be discarded; see: outreach queue"
            case .edit: return "only drafted letters can be edited; see: outreach queue --status drafted"
            }
        }
    }

    public var exitCode: Int32 {
        switch self {
        case .cannotOpen: return ExitStatus.cannotCreate
        case .database: return 1
        case .noSuchLetter: return ExitStatus.noInput
        case .wrongStatus: return ExitStatus.dataError
        }
    }
}
