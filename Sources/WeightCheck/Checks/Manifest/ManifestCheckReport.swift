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

    /// An empty report for `root`.
    public init(root: String, strict: Bool) {
        self.root = root
        self.strict = strict
    }

    /// Whether the folder matches the manifest: no error anywhere (extra files are errors only when strict).
    public var ok: Bool { files.allSatisfy(\.ok) && !problems.contains { $0.severity == .error } }

    /// Every finding, file by file, then the report's own.
    public var allFindings: [Finding] { files.flatMap(\.findings) + problems }

    /// How many files have `status`.
    public func count(_ status: Status) -> Int { files.filter { $0.status == status }.count }
}
