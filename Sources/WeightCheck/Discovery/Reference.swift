// Reference: a record, found on disk or given by the user, of what a file's bytes must hash to — and which
// authority made it. "Intact" is only ever claimed against one of these.

/// A digest a file is expected to have, and the authority that records it.
public struct Reference: Sendable, Hashable {
    /// Who records the digest. Raw values are the `reference.kind` of `verify --json`.
    public enum Kind: String, Sendable, CaseIterable {
        /// A Hugging Face cache blob's own name (the LFS oid, or the git blob SHA-1 of a small file).
        case hfBlob = "hf-blob"
        /// `.cache/huggingface/download/<path>.metadata` of a `local_dir` download (its etag line).
        case localDirMetadata = "local-dir-metadata"
        /// A `SHA256SUMS`-style list beside the file or above it.
        case checksumList = "checksum-list"
        /// `--expect-sha256` on the command line.
        case expectedSHA256 = "expected-sha256"
        /// A `weightcheck.manifest.json` above the file.
        case manifest
    }

    /// The digest algorithm of a reference.
    public enum Algorithm: String, Sendable {
        /// SHA-256 of the whole file.
        case sha256
        /// git's blob SHA-1 (`sha1("blob <len>\0" + bytes)`), the name of small files in the Hugging Face cache.
        case gitBlobSHA1 = "sha1-git"

        /// How reports name it.
        public var displayName: String { self == .sha256 ? "SHA-256" : "git blob SHA-1" }
    }

    public let kind: Kind
    public let algorithm: Algorithm
    /// Lowercase hex.
    public let hex: String
    /// Where it came from, for people: `blob name`, `SHA256SUMS line 3`, `.cache/huggingface/download/x.metadata`.
    public let source: String

    public init(_ kind: Kind, _ algorithm: Algorithm, hex: String, source: String) {
        self.kind = kind
        self.algorithm = algorithm
        self.hex = hex.lowercased()
        self.source = source
    }

    /// The reference a digest-shaped name makes (a blob name, an etag): 64 hex digits are a SHA-256, 40 a git
    /// blob SHA-1; anything else is no reference.
    public static func fromDigestName(_ name: String, kind: Kind, source: String) -> Reference? {
        guard name.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 | 0x20 >= 97 && $0 | 0x20 <= 102) }) else { return nil }
        switch name.utf8.count {
        case 64: return Reference(kind, .sha256, hex: name, source: source)
        case 40: return Reference(kind, .gitBlobSHA1, hex: name, source: source)
        default: return nil
        }
    }
}
