// Artifact: one file to check and what it should be — the output of discovery and the input of every check.
// An artifact knows where its expected digest came from, so a mismatch can say which record it contradicts.

/// A digest a file is expected to have, and where that expectation came from.
public struct ExpectedDigest: Sendable, Hashable {
    /// The digest algorithm of an expectation.
    public enum Kind: String, Sendable {
        /// SHA-256 of the whole file (LFS oid, `SHA256SUMS`, `--expect-sha256`).
        case sha256
        /// git's blob SHA-1 (`sha1("blob <len>\0" + bytes)`), the name of small files in the Hugging Face cache.
        case gitBlobSHA1 = "sha1-git"
    }

    public let kind: Kind
    /// Lowercase hex.
    public let hex: String
    /// Where it came from: `blob name`, `SHA256SUMS line 3`, `.cache/huggingface/download/x.metadata`, `--expect-sha256`.
    public let source: String

    public init(_ kind: Kind, hex: String, source: String) {
        self.kind = kind
        self.hex = hex.lowercased()
        self.source = source
    }

    /// The expectation a Hugging Face blob name makes: 64 hex digits are a SHA-256, 40 a git blob SHA-1.
    public static func fromBlobName(_ name: String, source: String) -> ExpectedDigest? {
        guard name.allSatisfy(\.isHexDigit) else { return nil }
        switch name.count {
        case 64: return ExpectedDigest(.sha256, hex: name, source: source)
        case 40: return ExpectedDigest(.gitBlobSHA1, hex: name, source: source)
        default: return nil
        }
    }
}

/// One file to check.
public struct Artifact: Sendable, Hashable {
    /// The path to open (may be a symbolic link, as in a Hugging Face snapshot).
    public let path: String
    /// The path to show: relative to what the user named, when shorter.
    public let displayPath: String
    /// What the bytes should hash to, when something records it.
    public var expected: [ExpectedDigest]
    /// Whether the user named this file itself (not found inside a folder): then it must be a weight file
    /// or have an expected digest, or there is nothing to verify it against.
    public var named: Bool

    public init(path: String, displayPath: String? = nil, expected: [ExpectedDigest] = [], named: Bool = false) {
        self.path = path
        self.displayPath = displayPath ?? path
        self.expected = expected
        self.named = named
    }
}

/// Everything discovery found: the files, the sets they form, and problems of the layout itself.
public struct DiscoveryResult: Sendable {
    /// Files to check, in a stable order.
    public var artifacts: [Artifact] = []
    /// Problems of the layout: dangling snapshot links, unfinished downloads, refs to missing snapshots, missing paths.
    public var findings: [Finding] = []
    /// `model.safetensors.index.json` files found (their sets are checked with the files).
    public var safetensorsIndexes: [String] = []
    /// Remarks about what was found (which layout, how many repositories), for the report's header.
    public var notes: [String] = []

    public init() {}
}
