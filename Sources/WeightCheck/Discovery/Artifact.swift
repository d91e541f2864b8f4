// Artifact: one file to check and what it should be — the output of discovery and the input of every command.
// DiscoveryResult: every artifact, the shard-set descriptions found, and the files expected but absent.

/// One file to check, reached by one or more paths, with every reference that applies to its bytes.
public struct Artifact: Sendable, Hashable {
    /// The path to open, absolute, as discovery reached it (a snapshot link rather than its blob): shard
    /// sets are grouped by these names.
    public let path: String
    /// The canonical path (links resolved): two paths reaching the same bytes are one artifact.
    public let realPath: String
    /// The path to show: a snapshot path (`org/model@1a2b3c4d/model.safetensors`) rather than its blob,
    /// otherwise the path as the user's input reached it.
    public var displayPath: String
    /// Every digest authority for these bytes (blob name, `local_dir` metadata, checksum lists, manifest,
    /// `--expect-sha256`), without duplicates.
    public var references: [Reference]
    /// Whether the user named this file itself (not found inside a folder or as a shard of a set).
    public var named: Bool

    public init(path: String, realPath: String? = nil, displayPath: String? = nil, references: [Reference] = [],
                named: Bool = false) {
        self.path = path
        self.realPath = realPath ?? path
        self.displayPath = displayPath ?? path
        self.references = references
        self.named = named
    }

    /// Adds references not yet recorded.
    mutating func add(_ more: [Reference]) {
        for r in more where !references.contains(r) { references.append(r) }
    }
}

/// What discovery found for a list of paths.
public struct DiscoveryResult: Sendable {
    /// Files to check, each once, in the order the inputs reached them.
    public var artifacts: [Artifact] = []
    /// Files expected but absent (missing shards, blobs, listed or downloaded files), unfinished downloads,
    /// paths that do not exist, inputs holding nothing to verify: each an error or warning naming the file.
    public var findings: [Finding] = []
    /// `*.safetensors.index.json` files found, by the path they were reached at (their sets are checked as one).
    public var safetensorsIndexes: [String] = []
    /// Remarks about what was found (which layout, how many repositories), for the report's header.
    public var notes: [String] = []

    public init() {}

    /// The artifacts whose content looks like a weight file (GGUF or safetensors magic), in path order.
    public var weightFiles: [Artifact] {
        artifacts.filter { DirectoryWalker.looksLikeWeightFile($0.path) }
            .sorted { $0.displayPath.utf8.lexicographicallyPrecedes($1.displayPath.utf8) }
    }

    /// What commands that read weight files (`inspect`, `stats`) are given: each weight file's path, or an
    /// error finding (a missing path or shard, an input holding no weight file).
    public var weightTargets: [Result<String, Finding>] {
        var out: [Result<String, Finding>] = findings.filter { $0.severity == .error }.map { .failure($0) }
        let files = weightFiles
        for a in artifacts where a.named && !files.contains(a) {
            out.append(.failure(Finding(.error, .unknownFormat, file: a.displayPath, offset: 0,
                                        DirectoryWalker.isEmptyFile(a.path) ? "an empty file (0 bytes), not a GGUF or safetensors file"
                                            : "not a GGUF or safetensors file (its first bytes are neither)")))
        }
        out += files.map { .success(Paths.display($0.path)) }
        if files.isEmpty && out.isEmpty {
            out.append(.failure(Finding(.error, .nothingToVerify, file: ".", "no GGUF or safetensors file in the paths given")))
        }
        return out
    }
}
