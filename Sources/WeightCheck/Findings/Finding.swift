// Finding: every problem the tool reports, from a parser rejection to a NaN scale, is one of these.
// Checks produce them; the CLI renders them as text or JSON and turns them into an exit code.

/// One problem (or remark) about a file, a tensor, or a set of files.
public struct Finding: Error, Sendable, Hashable, CustomStringConvertible {
    /// How serious a finding is. Only `.error` makes a check fail.
    public enum Severity: String, Sendable, Comparable, Codable {
        case note, warning, error
        private var rank: Int { self == .note ? 0 : self == .warning ? 1 : 2 }
        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    }

    public var severity: Severity
    /// What it is about: one of `FindingCode`, whose raw values (`truncated`, `nan-values`, `digest-mismatch`)
    /// are stable for scripts.
    public var code: FindingCode
    /// The file the finding is about.
    public var file: String
    /// The tensor, when the finding is about one.
    public var tensor: String?
    /// The byte offset, when there is one.
    public var offset: Int?
    /// One lowercase line saying what is wrong.
    public var message: String

    public init(_ severity: Severity, _ code: FindingCode, file: String, tensor: String? = nil, offset: Int? = nil,
                _ message: String) {
        self.severity = severity
        self.code = code
        self.file = file
        self.tensor = tensor
        self.offset = offset
        self.message = message
    }

    /// The order findings not tied to one file entry are reported in: errors first, then by file (UTF-8),
    /// code, message.
    public static func reportOrder(_ a: Finding, _ b: Finding) -> Bool {
        if a.severity != b.severity { return a.severity > b.severity }
        if a.file != b.file { return a.file.utf8.lexicographicallyPrecedes(b.file.utf8) }
        if a.code != b.code { return a.code.rawValue.utf8.lexicographicallyPrecedes(b.code.rawValue.utf8) }
        return a.message.utf8.lexicographicallyPrecedes(b.message.utf8)
    }

    /// `file: message` — the one-line form used on stderr.
    public var description: String { "\(file): \(message)" }
}
