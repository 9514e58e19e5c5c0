import GRDB

/// A held connection; see `LetterQueue.session`.
public struct QueueSession {
    let db: Database
}
