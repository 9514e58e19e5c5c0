import Foundation

extension JSONDecoder {
    /// Reads what `outreach … --json` prints: keys in snake_case (`batch_id`, `message_id`) into the
    /// library's camelCase properties. Not for types whose coding keys are already snake_case
    /// (`LogEntry`, `LogSummary`): a plain decoder reads those.
    public static var outreachOutput: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }
}
