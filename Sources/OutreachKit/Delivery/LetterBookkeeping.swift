/// One letter's bookkeeping during its transfer, as steps for `SMTPClient.deliver`: store the
/// previous letter's outcome, claim this letter and read its message (one transaction), then
/// commit; both are needed before the content goes, and the content is given only when the
/// claim is committed. A last step, `afterCommit`, reports the previous letter.
final class LetterBookkeeping {
    private let books: SendBooks
    private let claim: SendBooks.Claim
    private let previous: SendBooks.Outcome?
    private let afterCommit: () -> Void
    /// True once the letter is marked `sending` (committed when `error` is nil).
    private(set) var claimed = false
    /// The message as it goes: stored bytes read after the claim, Date restamped.
    private var message: [UInt8]?
    /// The SQLite failure that stopped the steps; the transaction was rolled back.
    private(set) var error: (any Error)?

    /// - Parameter afterCommit: run once `previous` is committed (not when a step failed).
    init(books: SendBooks, claim: SendBooks.Claim, previous: SendBooks.Outcome?, afterCommit: @escaping () -> Void) {
        self.books = books
        self.claim = claim
        self.previous = previous
        self.afterCommit = afterCommit
    }

    var waitingWork: WaitingWork {
        let beforeContent = [
            step { [self] in
                try books.begin()
                if let previous { try books.store(previous) }
                claimed = try books.claim(claim)
                if claimed {
                    message = MessageBuilder.restamp(try books.message(of: claim.letter.id), dateField: claim.dateField)
                }
            },
            step { [self] in try books.commit() },
        ]
        return WaitingWork(steps: beforeContent + [step(afterCommit)], neededBeforeContent: beforeContent.count) {
            [self] in
            error == nil && claimed ? message : nil
        }
    }

    /// Runs `body` unless a step before it failed; a failure rolls back the open transaction.
    private func step(_ body: @escaping () throws -> Void) -> () -> Void {
        { [self] in
            guard error == nil else { return }
            do {
                try body()
            } catch {
                self.error = error
                claimed = false
                books.rollback()
            }
        }
    }
}
