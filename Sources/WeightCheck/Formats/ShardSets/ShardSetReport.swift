// ShardSetReport: what checking a set of shards found — each shard, the merged tensor list, and the findings
// that make the set incomplete. Format-neutral: safetensors index sets produce it; GGUF split sets can too.

/// The result of checking a shard set: its shards, every tensor they hold, and what is wrong with the set.
public struct ShardSetReport: Sendable {
    /// One shard file of the set.
    public struct Shard: Sendable {
        /// The file name as the set names it (for safetensors, the `weight_map` value).
        public let name: String
        /// The path it was looked for at.
        public let path: String
        /// The mapping, when the file exists and parsed.
        public let file: MappedFile?
        /// Its tensor table, when it parsed.
        public let table: TensorTable?

        /// A shard; `file` and `table` are nil when it is missing or did not parse.
        public init(name: String, path: String, file: MappedFile?, table: TensorTable?) {
            self.name = name
            self.path = path
            self.file = file
            self.table = table
        }
    }

    /// One tensor of the set and the shard that holds it.
    public struct Tensor: Sendable, Hashable {
        /// Index into `shards`.
        public let shard: Int
        /// The tensor, its byte range within that shard's file.
        public let info: TensorInfo

        /// A tensor held by `shards[shard]`.
        public init(shard: Int, info: TensorInfo) {
            self.shard = shard
            self.info = info
        }
    }

    /// `safetensors-index` or `gguf-split`.
    public let kind: String
    /// The file that describes the set (the index), or the set's name pattern (`model-*-of-00003.gguf`).
    public let path: String
    /// The shards, in the order the set names them.
    public let shards: [Shard]
    /// Every tensor of every shard that parsed, shard by shard in header order (duplicates included).
    public let tensors: [Tensor]
    /// What is wrong with the set (and notes).
    public let findings: [Finding]

    /// A report.
    public init(kind: String = "safetensors-index", path: String, shards: [Shard], tensors: [Tensor], findings: [Finding]) {
        self.kind = kind
        self.path = path
        self.shards = shards
        self.tensors = tensors
        self.findings = findings
    }

    /// Whether no finding is an error: every shard present and parsed, every tensor where the set says.
    public var isComplete: Bool { !findings.contains { $0.severity == .error } }

    /// Total parameters over the tensors found (duplicates counted once, by name).
    public var parameterCount: UInt64 {
        var seen = Set<UTF8Key>()
        var total: UInt64 = 0
        for t in tensors where seen.insert(UTF8Key(t.info.name)).inserted { total &+= t.info.elementCount }
        return total
    }

    /// Total tensor bytes over the tensors found (duplicates counted once, by name).
    public var tensorBytes: UInt64 {
        var seen = Set<UTF8Key>()
        var total: UInt64 = 0
        for t in tensors where seen.insert(UTF8Key(t.info.name)).inserted { total &+= UInt64(t.info.byteCount) }
        return total
    }
}
