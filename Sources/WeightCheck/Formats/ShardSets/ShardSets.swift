// ShardSets: finds the sharded models among parsed files — GGUF split sets by their file names,
// safetensors sets by their index files — and checks each as one model.

public enum ShardSets {
    /// The shard sets among `files` (path → parsed file) and the safetensors `indexes` named.
    public static func find(files: [String: WeightFile], indexes: [String]) -> [ShardSetReport] {
        var reports: [ShardSetReport] = []
        var ggufs: [String: GGUFFile] = [:]
        for (p, f) in files { if case .gguf(let g) = f { ggufs[p] = g } }
        for set in GGUFSplitSet.group(Array(files.keys)) where set.count > 1 || set.shards.count > 1 {
            reports.append(report(set, parsed: ggufs))
        }
        for index in indexes {
            do {
                reports.append(try SafetensorsShardIndex(path: index).check())
            } catch {
                reports.append(ShardSetReport(path: index, shards: [], tensors: [], findings: [error.finding]))
            }
        }
        return reports
    }

    /// A GGUF split set as one model: its shards in order (missing ones without a file) and their tensors.
    public static func report(_ set: GGUFSplitSet, parsed: [String: GGUFFile]) -> ShardSetReport {
        var shards: [ShardSetReport.Shard] = []
        var tensors: [ShardSetReport.Tensor] = []
        for k in 1...max(1, set.count) {
            let path = set.shards[k] ?? GGUFSplitSet.shardName(prefix: set.prefix, number: k, count: set.count)
            let g = set.shards[k].flatMap { parsed[$0] }
            let name = path.split(separator: "/").last.map(String.init) ?? path
            shards.append(ShardSetReport.Shard(name: name, path: path, file: g?.file, table: g?.table))
            for t in g?.tensors ?? [] { tensors.append(ShardSetReport.Tensor(shard: shards.count - 1, info: t)) }
        }
        return ShardSetReport(kind: "gguf-split", path: set.displayName, shards: shards, tensors: tensors,
                              findings: set.check(parsed: parsed))
    }
}
