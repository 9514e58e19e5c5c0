import Foundation

/// Tells a message a program sent in answer (an out-of-office note, a vacation reply, a
/// ticket acknowledgement) from one a person wrote.
enum AutomaticReply {
    /// Subject beginnings of out-of-office replies in the languages met most (Outlook and
    /// Exchange put "Automatic reply:" before the subject; others "Out of Office:", "Auto:").
    static let subjectPrefixes = [
        "automatic reply", "auto reply", "auto-reply", "autoreply", "auto:", "auto response", "autoresponse",
        "out of office", "out of the office", "ooo:", "vacation reply", "away from the office", "réponse automatique",
        "abwesenheitsnotiz", "automatische antwort", "respuesta automática", "risposta automatica",
        "fuera de la oficina",
    ]

    /// Why the message is automatic, naming the field that says so, or nil when a person wrote it.
    ///
    /// In order: `Auto-Submitted` other than `no` (RFC 3834 §5); the markers vacation programs
    /// and autoresponders add (`X-Autoreply`, `X-Autorespond`, `X-Autoresponder`); `Precedence:
    /// auto_reply`, `bulk` or `junk`; an empty `Return-Path` (`<>`: RFC 3834 §3.3 asks
    /// responders to send from the null sender, which a person's mail never has); a subject
    /// that begins like an out-of-office reply.
    static func reason(_ entity: MIMEEntity, subject: String) -> String? {
        if let value = entity.raw("Auto-Submitted") {
            let keyword =
                value.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
            if !keyword.isEmpty && keyword != "no" { return "Auto-Submitted: \(InboundHeader.printable(keyword))" }
        }
        for name in ["X-Autoreply", "X-Autorespond", "X-Autoresponder"] where entity.raw(name) != nil {
            return "\(name)"
        }
        if let precedence = entity.raw("Precedence")?.lowercased().trimmingCharacters(in: .whitespaces),
            ["auto_reply", "auto-reply", "bulk", "junk"].contains(precedence)
        {
            return "Precedence: \(precedence)"
        }
        if let returnPath = entity.raw("Return-Path"), returnPath.replacingOccurrences(of: " ", with: "") == "<>" {
            return "Return-Path: <>"
        }
        let lowered = subject.lowercased()
        if let prefix = subjectPrefixes.first(where: { lowered.hasPrefix($0) }) {
            return "subject \"\(prefix)…\""
        }
        return nil
    }
}
