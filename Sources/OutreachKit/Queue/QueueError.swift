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
    /// A `send` run going now has claimed the letter (it may be handing it over): not changed.
    case claimedBySend(id: Int64, action: LetterAction)
    /// A send run could not make its commits durable: syncing `path` failed for `reason`.
    case notDurable(path: String, reason: String)
    /// The server accepted these letters (250 after DATA: they went, to every recipient or to a
    /// copy while the To was deferred or refused), but the queue could not record it, for
    /// `reason`. `keptIn` is the file beside the queue that holds their outcomes (each
    /// recipient's state with them) until the next run records them, or nil when that file could
    /// not be written either.
    case outcomesNotRecorded(accepted: [Int64], reason: String, keptIn: String?)

    public var message: String {
        switch self {
        case .cannotOpen(let path, let reason): return "cannot open the queue \(path): \(reason)"
        case .database(let reason): return "queue database error: \(reason)"
        case .noSuchLetter(let id): return "no letter \(id) in the queue"
        case .wrongStatus(let id, let status, let action):
            return "letter \(id) is \(status.rawValue) and cannot be \(action.pastParticiple)"
        case .claimedBySend(let id, let action):
            return
                "letter \(id) cannot be \(action.pastParticiple) now: the 'outreach send' that is going has claimed it"
        case .notDurable(let path, let reason): return "cannot sync the queue to disk (\(path)): \(reason)"
        case .outcomesNotRecorded(let accepted, let reason, _):
            let ids = accepted.map(String.init).joined(separator: ", ")
            return accepted.count == 1
                ? "letter \(ids) was accepted by the server, but the queue could not record it: \(reason)"
                : "letters \(ids) were accepted by the server, but the queue could not record them: \(reason)"
        }
    }

    public var hint: String? {
        switch self {
        case .cannotOpen: return "check the file's permissions, or choose another --home"
        case .database: return "nothing was changed; run the command again, and report it if it repeats"
        case .claimedBySend:
            return
                "that run is sending it or is about to; wait for the run to end (or stop it with Ctrl-C), then try again"
        case .notDurable:
            return
                "check the disk (is it full, or failing?); letters not yet sent stay queued, and 'outreach send' marks any it cannot be sure of unknown"
        case .outcomesNotRecorded(let accepted, _, let keptIn):
            let them = accepted.count == 1 ? "it" : "them"
            let twice =
                "do not resend \(them) with --retry-unknown: \(accepted.count == 1 ? "it" : "they") would arrive twice"
            if let keptIn {
                return
                    "kept in \(keptIn): the next 'outreach send' records what the server took and never sends \(them) again to an address that got \(them); \(twice)"
            }
            return "the next 'outreach send' marks \(them) unknown; \(twice)"
        case .noSuchLetter: return "list the letters with: outreach queue"
        case .wrongStatus(let id, .sending, _):
            return
                "a run that stopped left it sending: the next 'outreach send' settles it (see what it would do with --dry-run), then see it with: outreach show \(id)"
        case .wrongStatus(_, _, let action):
            let open = LetterStatus.open.map(\.rawValue).joined(separator: ", ")
            switch action {
            case .markDeliveredByHand:
                return "only letters not yet delivered (\(open)) can be marked; see: outreach log"
            case .discard: return "only letters not yet delivered (\(open)) can be discarded; see: outreach queue"
            case .edit: return "only drafted letters can be edited; see: outreach queue --status drafted"
            case .recordReply: return "see its history: outreach show ID"
            case .print: return "you discarded it: pass --include-discarded to print it all the same"
            }
        }
    }

    public var exitCode: Int32 {
        switch self {
        case .cannotOpen: return ExitStatus.cannotCreate
        case .database, .notDurable, .outcomesNotRecorded: return 1
        case .claimedBySend: return ExitStatus.temporaryFailure
        case .noSuchLetter: return ExitStatus.noInput
        case .wrongStatus: return ExitStatus.dataError
        }
    }
}
