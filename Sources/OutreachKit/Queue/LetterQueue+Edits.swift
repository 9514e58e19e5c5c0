import Foundation
import GRDB

/// Changes a person makes to drafted letters: discard, and edit the text.
extension LetterQueue {
    /// Marks letters `discarded`, all or none; one already discarded is left as it is.
    /// - Returns: the ids that were discarded now.
    /// - Throws: `QueueError.noSuchLetter`; `.claimedBySend` when the `send` going now has claimed
    ///   one or is handing it over; `.wrongStatus` when one is sent, handled, or left `sending` by
    ///   a run that died.
    @discardableResult
    public func discard(ids: [Int64], at date: Date = Date()) throws -> [Int64] {
        try write { writer in
            var changed: [Int64] = []
            for id in ids where !changed.contains(id) {
                let status = try writer.status(of: id)
                if status == .discarded { continue }
                try refuseIfInFlight(id, status: status, for: .discard)
                guard LetterAction.discard.allowedFrom.contains(status) else {
                    throw QueueError.wrongStatus(id: id, status: status, action: .discard)
                }
                try refuseIfClaimed(id, for: .discard, in: writer)
                try writer.setStatus(id, to: .discarded, at: date)
                changed.append(id)
            }
            return changed
        }
    }

    /// The text a person edits: a `Subject:` line, a blank line, then the letter's text.
    /// - Throws: `QueueError.noSuchLetter`.
    public func editableText(id: Int64) throws -> String {
        let reader = MessageReader(try message(id: id))
        return "Subject: \(reader.value("Subject") ?? "")\n\n\(reader.body)"
    }

    /// Replaces a drafted letter's subject and text with `text` (as from `editableText`), after
    /// checking it. The Message-ID and every other header field stay.
    /// - Parameters:
    ///   - id: the letter.
    ///   - text: the edited text: `Subject: ...`, a blank line, the letter.
    ///   - source: the file the text was edited in, for errors (`letter ID` when nil).
    ///   - date: when, for the letter's history.
    /// - Returns: false when the text is unchanged (nothing written).
    /// - Throws: `InputError.controlCharacter` naming the line of a control character other
    ///   than tab and line breaks; `MessageError.unreadable` when the Subject line or the text is
    ///   missing, or a `{{placeholder}}` is left; `QueueError.claimedBySend` when the `send`
    ///   going now has claimed it or is handing it over; `QueueError.wrongStatus` unless the
    ///   letter is `drafted`.
    @discardableResult
    public func applyEdit(id: Int64, text: String, source: String? = nil, at date: Date = Date()) throws -> Bool {
        if text == (try editableText(id: id)) { return false }
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n")
        try ControlCharacter.refuse(in: normalized, file: source ?? "letter \(id)", what: "the edited letter")
        guard normalized.hasPrefix("Subject:"), let blank = normalized.range(of: "\n\n") else {
            throw MessageError.unreadable(reason: "the first line must be 'Subject: ...', followed by a blank line")
        }
        let subject = normalized[normalized.index(normalized.startIndex, offsetBy: 8)..<blank.lowerBound]
            .trimmingCharacters(in: .whitespaces)
        let body = String(normalized[blank.upperBound...])
        if body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw MessageError.unreadable(reason: "the letter's text is empty")
        }
        if subject.isEmpty { throw MessageError.unreadable(reason: "the subject is empty") }
        if subject.contains("{{") || body.contains("{{") {
            throw MessageError.unreadable(reason: "a {{placeholder}} is left in the text")
        }
        if MessageBuilder.containsControl(body, allowingLineBreaks: true) {
            throw MessageError.controlCharacterInBody(field: "text", source: "letter \(id)")
        }
        let original = try message(id: id)
        let rebuilt = try MessageBuilder.replacingText(of: original, subject: subject, body: Array(body.utf8))
        try write { writer in
            let status = try writer.status(of: id)
            try refuseIfInFlight(id, status: status, for: .edit)
            guard LetterAction.edit.allowedFrom.contains(status) else {
                throw QueueError.wrongStatus(id: id, status: status, action: .edit)
            }
            try refuseIfClaimed(id, for: .edit, in: writer)
            try writer.replaceMessage(id, subject: subject, message: rebuilt, at: date)
        }
        return true
    }

    /// Checks, before a person starts on it, that `action` may change letter `id` now: what
    /// the change itself checks again in its transaction (`edit` opens an editor first).
    /// - Throws: `QueueError.noSuchLetter`; `.claimedBySend` when the `send` going now has
    ///   claimed it or is handing it over; `.wrongStatus` when its status does not allow `action`.
    public func checkAllowed(_ action: LetterAction, id: Int64) throws {
        let status = try letter(id: id).status
        try refuseIfInFlight(id, status: status, for: action)
        guard action.allowedFrom.contains(status) else {
            throw QueueError.wrongStatus(id: id, status: status, action: action)
        }
    }

    /// Refuses to change the letter the `send` going now is handing over (`sending`), as one it
    /// has claimed is refused: the person waits for the run, whose outcome decides the status.
    /// A letter left `sending` by a run that died (nobody holds the send lock) is not in flight:
    /// the status check refuses it, and the next `send` settles it.
    /// - Throws: `QueueError.claimedBySend`.
    func refuseIfInFlight(_ id: Int64, status: LetterStatus, for action: LetterAction) throws {
        guard status == .sending else { return }
        if try FileLock(path: file.path + ".send-lock", wait: false) != nil { return }
        throw QueueError.claimedBySend(id: id, action: action)
    }

    /// Refuses to change a letter that a `send` run going now has claimed: it read the letter's
    /// message and status when it claimed it, and may be handing it over. A claim left by a run
    /// that died (nobody holds the send lock) does not count. Called inside the change's write
    /// transaction, so no run can claim the letter meanwhile.
    /// - Throws: `QueueError.claimedBySend`.
    func refuseIfClaimed(_ id: Int64, for action: LetterAction, in writer: QueueWriter) throws {
        guard try writer.db.tableExists("sendClaim"),
            try Bool.fetchOne(
                writer.db, sql: "SELECT EXISTS (SELECT 1 FROM sendClaim WHERE letterId = ?)", arguments: [id]) ?? false
        else { return }
        // Taken at once (and let go) when no run holds it: the claim is a dead run's.
        if try FileLock(path: file.path + ".send-lock", wait: false) != nil { return }
        throw QueueError.claimedBySend(id: id, action: action)
    }
}
