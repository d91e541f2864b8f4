// ManifestError: why a manifest could not be read, written or used — naming the manifest (or the file
// concerned), the entry, and the byte offset in the manifest where the problem lies.

/// A manifest that cannot be read or written, and where the problem is.
public struct ManifestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The manifest's path (or, when creating one, the file that could not be recorded).
    public let file: String
    /// Which entry, as `files[3] ("model.gguf")`, when the problem is in one.
    public let entry: String?
    /// The byte offset in the manifest where the problem lies, when known.
    public let offset: Int?
    /// What is wrong, lowercase.
    public let reason: String

    /// A problem with `file`.
    public init(file: String, entry: String? = nil, offset: Int? = nil, _ reason: String) {
        self.file = file
        self.entry = entry
        self.offset = offset
        self.reason = reason
    }

    /// `m.json: files[2] ("../x") at byte 310: '..' component in path: it would leave the manifest's folder`,
    /// `m.json at byte 48: not JSON: expected a string key, found ','`, `m.json: cannot read: no such file or directory`.
    public var description: String {
        var out = file
        if let entry { out += ": " + entry }
        if let offset { out += " at byte \(offset)" }
        return out + ": " + reason
    }
}
