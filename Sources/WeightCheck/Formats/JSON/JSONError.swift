// JSONError: why and where JSONParser rejected its input. The offset is absolute (the parser's base offset
// is added), so a header parsed from byte 8 of a file reports file offsets.

/// A rejection by `JSONParser`: the byte offset where the input stops being valid JSON, and what was wrong.
public struct JSONError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Absolute byte offset of the offending byte (or of the end of the input when it ended too soon).
    public let offset: Int
    /// What was wrong there, lowercase, such as `expected ',' or '}', found 'x'`.
    public let reason: String

    /// A rejection at `offset` for `reason`.
    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    /// `invalid JSON at byte 57: expected ',' or '}', found ']'`.
    public var description: String { "invalid JSON at byte \(offset): \(reason)" }
}
