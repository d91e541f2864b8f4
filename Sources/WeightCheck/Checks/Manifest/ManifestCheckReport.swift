// ManifestCheckReport: what `manifest check` found — per listed file ok, changed (naming the header and each
// tensor whose bytes changed), missing, renamed or unreadable; files present but not listed; and the verdict.

/// The result of checking a folder against its manifest.
public struct ManifestCheckReport: Sendable {
    /// What became of one file.
    public enum Status: String, Sendable {
        /// Every digest and the size are as recorded.
        case ok
        /// The file is there but its bytes differ.
        case changed
        /// The file is gone.
        case missing
        /// The file is gone, and an unlisted file holds exactly its bytes.
        case renamed
        /// Something is at the path but cannot be read as the file (a folder, a link to a folder, no permission).
        case unreadable
        /// A file present under the root that the manifest does not list.
        case extra
    }

    /// The whole-file digest a file was checked against: SHA-256 (proves the bytes are the recorded ones,
    /// tampering included) or XXH3-128 (`--fast`: catches accidental change — bit rot, truncation, bad copies —
    /// at memory speed, but is not cryptographic).
    public enum Tier: String, Sendable {
        case sha256 = "sha256"
        case xxh128 = "xxh3-128"
    }

    /// The check of one file.
    public struct FileCheck: Sendable {
        /// The path relative to the root.
        public let path: String
        /// What became of it.
        public var status: Status
        /// The manifest's record (nil for an extra file).
        public let expected: ManifestEntry?
        /// The size found (nil when not read).
        public var size: Int?
        /// The SHA-256 found, hex (nil when not read).
        public var sha256: String?
        /// The XXH3-128 of the whole file found, hex (nil unless checked by the fast tier).
        public var xxh128: String?
        /// The digest that proved (or disproved) the whole file; nil when it was not read.
        public var tier: Tier?
        /// Whether the header's bytes changed (weight files).
        public var headerChanged = false
        /// Tensors whose bytes changed, in header order.
        public var changedTensors: [String] = []
        /// Tensors whose bytes lie (partly) past the end of the file as it is now.
        public var cutOffTensors: [String] = []
        /// For a renamed file, the path that now holds its bytes.
        public var renamedTo: String?
        /// Every problem found, errors first.
        public var findings: [Finding] = []
        /// Size, mtime and inode when the file was opened (nil when it was not), for `--resume`.
        public var identity: FileIdentity?

        /// A check of `path` with `status`.
        public init(path: String, status: Status, expected: ManifestEntry?) {
            self.path = path
            self.status = status
            self.expected = expected
        }

        /// Whether this file passed: no error-severity finding.
        public var ok: Bool { !findings.contains { $0.severity == .error } }
    }

    /// The root the paths were resolved against.
    public let root: String
    /// Whether extra files are errors.
    public let strict: Bool
    /// Listed files in manifest order, then extra files in path order.
    public var files: [FileCheck] = []
    /// Problems not tied to one file (the root is not a folder).
    public var problems: [Finding] = []
    /// Bytes read by the scan.
    public var bytesScanned = 0
    /// Seconds the scan took.
    public var seconds = 0.0
    /// Which part of a partitioned run this is (`--shard`), nil for a whole run.
    public var shard: ShardInfo? = nil
    /// Files whose check a previous run's record gave (`--resume`), not read again.
    public var resumedFiles = 0

    /// An empty report for `root`.
    public init(root: String, strict: Bool) {
        self.root = root
        self.strict = strict
    }

    /// Whether `--fast` was asked for (files with a whole-file XXH3-128 are proved by it).
    public var fast = false

    /// Whether the folder matches the manifest: no error anywhere (extra files are errors only when strict).
    public var ok: Bool { files.allSatisfy(\.ok) && !problems.contains { $0.severity == .error } }

    /// Every finding, file by file, then the report's own.
    public var allFindings: [Finding] { files.flatMap(\.findings) + problems }

    /// How many files have `status`.
    public func count(_ status: Status) -> Int { files.filter { $0.status == status }.count }
}
