extension WebFormEntry {
    /// The letters to submit through web forms: the ones named, or else every drafted letter
    /// whose channel is `web-form`, oldest first.
    /// - Parameters:
    ///   - queue: the queue.
    ///   - ids: letters named on the command line; empty for every drafted one.
    ///   - profile: the sender, whose details fill the fields.
    ///   - templates: where each letter's template is looked up for its `topic`; a template
    ///     that is gone or broken leaves the topic empty.
    /// - Returns: one entry per letter.
    /// - Throws: `QueueError.noSuchLetter` for an id not in the queue; `InputError.badOption`
    ///   for a named letter that has no web form or is discarded; `QueueError.database`.
    public static func pending(in queue: LetterQueue, ids: [Int64], profile: Profile, templates: TemplateLoader?)
        throws -> [WebFormEntry]
    {
        var letters: [Letter]
        if ids.isEmpty {
            letters = try queue.letters(statuses: [.drafted]).filter { $0.channel == .webForm }
        } else {
            letters = try ids.map { try queue.letter(id: $0) }
            for letter in letters where letter.channel != .webForm || letter.status == .discarded {
                throw InputError.badOption(
                    option: "ID",
                    reason: letter.status == .discarded
                        ? "letter \(letter.id) is discarded"
                        : "letter \(letter.id) has no web form (its channel is \(letter.channel.rawValue))",
                    hint: "list the letters for web forms with: outreach queue")
            }
        }
        var topics: [String: String] = [:]
        return try letters.map { letter in
            if topics[letter.template] == nil {
                topics[letter.template] = (try? templates?.load(named: letter.template))?.topic ?? ""
            }
            let reader = MessageReader(try queue.messageAsSent(id: letter.id))
            return WebFormEntry(letter: letter, reader: reader, profile: profile, topic: topics[letter.template] ?? "")
        }
    }
}
