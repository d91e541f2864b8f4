// VerifyReport: the verdict `verify` gives — per file its format, digest, expectations and problems, plus
// the problems of shard sets and of the download layout — and what makes it pass or fail.

/// What `verify` should do.
public struct VerifyOptions: Sendable {
    /// Check structure only: parse headers, read no tensor data, compute no digests.
    public var quick = false
    /// The SHA-256 a single file must have (`--expect-sha256`).
    public var expectedSHA256: String? = nil
    /// Worker threads (nil: every core).
    public var threads: Int? = nil
    /// Check only this part of the inputs (`--shard I/N`); nil: all of them.
    public var shard: ShardSpec? = nil
    /// How many files are read at once (`--io`).
    public var readPolicy = ReadPolicy.parallel
    /// A previous run's verdicts by path (`--resume`): each stands for this run while `Resume.mayReuse` says so,
    /// and the file is not read again.
    public var recorded: [String: FileVerdict] = [:]

    public init(quick: Bool = false, expectedSHA256: String? = nil, threads: Int? = nil) {
        self.quick = quick
        self.expectedSHA256 = expectedSHA256
        self.threads = threads
    }
}

/// The verdict on one file.
public struct FileVerdict: Sendable {
    /// The path shown.
    public let path: String
    /// The format, for weight files that were recognized.
    public var format: WeightFormat?
    /// Size in bytes.
    public var size: Int
    /// SHA-256 of the whole file (hex), when computed.
    public var sha256: String?
    /// The SHA-256 something on disk expects, when known.
    public var expectedSHA256: String?
    /// Every reference that applies to the file's bytes.
    public var references: [Reference] = []
    /// The reference the file's bytes were proved against (its digest matched), when one was.
    public var provedBy: Reference?
    /// Tensors and parameters, for weight files.
    public var tensorCount = 0
    public var parameters: UInt64 = 0
    /// Every problem found, errors first.
    public var problems: [Finding] = []
    /// Size, mtime and inode when the file was opened (nil when it could not be read), for `--resume`.
    public var identity: FileIdentity?

    public init(path: String, size: Int) {
        self.path = path
        self.size = size
    }

    /// Whether the file passed: no error-severity problem.
    public var ok: Bool { !problems.contains { $0.severity == .error } }
    /// Whether it is a weight file (GGUF or safetensors).
    public var isWeightFile: Bool { format != nil }
}

/// The whole verdict.
public struct VerifyReport: Sendable {
    public var files: [FileVerdict] = []
    /// Shard sets found among the files.
    public var sets: [ShardSetReport] = []
    /// Problems of the layout not tied to a readable file (missing blobs, unfinished downloads, missing paths).
    public var layoutProblems: [Finding] = []
    /// Remarks on what was found.
    public var notes: [String] = []
    /// Bytes read and seconds spent in the scan.
    public var bytesScanned = 0
    public var seconds = 0.0
    /// Which part of a partitioned run this is (`--shard`), nil for a whole run.
    public var shard: ShardInfo? = nil
    /// Files whose verdict a previous run's record gave (`--resume`), not read again.
    public var resumedFiles = 0

    /// Weight files whose bytes were proved bit-exact against a reference.
    public var provedWeightFiles: Int { files.filter { $0.isWeightFile && $0.provedBy != nil && $0.ok }.count }
    /// Weight files found sound in structure and numbers, with no reference to prove their bytes.
    public var unprovedWeightFiles: Int { files.filter { $0.isWeightFile && $0.provedBy == nil && $0.ok }.count }

    /// Whether everything passed.
    public var ok: Bool {
        files.allSatisfy(\.ok) && sets.allSatisfy(\.isComplete) && !layoutProblems.contains { $0.severity == .error }
    }
}

/// What `Verifier.verify` tells its caller while it runs, from worker threads.
public struct VerifyEvents: Sendable {
    /// Where the scan stands.
    public var progress: (@Sendable (ScanProgress) -> Void)?
    /// Each file's final verdict, once: files not read (and files a previous run's record gave) before the
    /// scan starts, every other file the moment its scan completes — in no fixed order.
    public var fileDone: (@Sendable (FileVerdict) -> Void)?

    public init(progress: (@Sendable (ScanProgress) -> Void)? = nil, fileDone: (@Sendable (FileVerdict) -> Void)? = nil) {
        self.progress = progress
        self.fileDone = fileDone
    }
}
