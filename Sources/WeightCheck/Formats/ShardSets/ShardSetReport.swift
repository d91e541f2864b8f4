// ShardSetReport: a sharded model (GGUF split set or safetensors index set) seen as one — its shards,
// its totals and the problems of the set as a whole. `ShardSets.find` builds them from parsed files.
/// One sharded model and what is wrong with it as a set.
public struct ShardSetReport: Sendable {
    /// `gguf-split` or `safetensors-index`.
    public let kind: String
    /// The set's name (`model-*-of-00003.gguf`, or the index file's path).
    public let name: String
    /// Shard paths present, in order.
    public let shards: [String]
    /// Shards the set names that are absent.
    public let missing: Int
    /// Tensors over all shards present.
    public let tensorCount: Int
    /// Parameters over all shards present.
    public let parameters: UInt64
    /// Problems of the set.
    public let findings: [Finding]

    /// Whether the set is complete and consistent.
    public var ok: Bool { !findings.contains { $0.severity == .error } }
}

public enum ShardSets {
    /// The shard sets among `files` (path → parsed file) and the safetensors `indexes` named.
    public static func find(files: [String: WeightFile], indexes: [String]) -> [ShardSetReport] {
        var reports: [ShardSetReport] = []
        var ggufs: [String: GGUFFile] = [:]
        for (p, f) in files { if case .gguf(let g) = f { ggufs[p] = g } }
        // Split sets: named by file names; a shard that failed to parse still counts as present by name.
        for set in GGUFSplitSet.group(Array(files.keys)) where set.count > 1 || set.shards.count > 1 {
            let present = set.shards.keys.sorted().map { set.shards[$0]! }
            let parsed = present.compactMap { ggufs[$0] }
            reports.append(ShardSetReport(
                kind: "gguf-split", name: set.displayName, shards: present,
                missing: (1...max(1, set.count)).filter { set.shards[$0] == nil }.count,
                tensorCount: parsed.reduce(0) { $0 + $1.tensors.count },
                parameters: parsed.reduce(0) { $0 &+ $1.table.parameterCount },
                findings: set.check(parsed: ggufs)))
        }
        for index in indexes {
            reports.append(SafetensorsIndexSet.report(indexPath: index, parsed: files))
        }
        return reports
    }
}
