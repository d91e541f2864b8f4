// GGUFSplitSet: llama.cpp's split GGUF sets (`NAME-00001-of-00003.gguf`) read as one model, and the
// completeness checks of a set: every shard present, split keys consistent, tensor names unique, counts summed.

/// One set of split GGUF files sharing a name prefix.
public struct GGUFSplitSet: Sendable {
    /// The common prefix (`model` for `model-00001-of-00003.gguf`), with its folder.
    public let prefix: String
    /// The shard count the file names announce.
    public let count: Int
    /// Shard number (1-based) → path, for shards present.
    public let shards: [Int: String]

    /// The most shards a set can have (see `ShardName.maximumCount`).
    public static let maximumCount = ShardName.maximumCount

    /// Parses `NAME-0000k-of-0000n.gguf` (see `ShardName.parse`); nil for other names.
    public static func parseName(_ path: String) -> (prefix: String, number: Int, count: Int)? {
        guard path.hasSuffix(".gguf") else { return nil }
        return ShardName.parse(path)
    }

    /// Groups `paths` into split sets (paths that are not shard names are ignored).
    public static func group(_ paths: [String]) -> [GGUFSplitSet] {
        var byPrefix: [String: (count: Int, shards: [Int: String])] = [:]
        for p in paths {
            guard let (prefix, k, n) = parseName(p) else { continue }
            var entry = byPrefix[prefix] ?? (n, [:])
            entry.count = max(entry.count, n)
            entry.shards[k] = p
            byPrefix[prefix] = entry
        }
        return byPrefix.keys.sorted().map { GGUFSplitSet(prefix: $0, count: byPrefix[$0]!.count, shards: byPrefix[$0]!.shards) }
    }

    /// The file name of shard `number` of `count` (`model-00002-of-00003.gguf`), as llama.cpp writes it.
    public static func shardName(prefix: String, number: Int, count: Int) -> String {
        ShardName.make(prefix: prefix, number: number, count: count, extension: "gguf")
    }

    /// `2–5, 7, 9–12` for sorted numbers, at most 6 runs shown.
    static func ranges(_ numbers: [Int]) -> String {
        var runs: [(Int, Int)] = []
        for n in numbers {
            if let last = runs.last, last.1 + 1 == n { runs[runs.count - 1].1 = n } else { runs.append((n, n)) }
        }
        let text = runs.prefix(6).map { $0.0 == $0.1 ? "\($0.0)" : "\($0.0)–\($0.1)" }.joined(separator: ", ")
        return runs.count > 6 ? text + ", …" : text
    }

    /// The display name of the set: `model-*-of-00003.gguf`.
    public var displayName: String { ShardName.pattern(prefix: prefix, count: count, extension: "gguf") }

    /// Checks the set given the parsed shards (by path; a shard that failed to parse is simply absent).
    ///
    /// Reports missing shards, shard numbers beyond the count, `split.no` / `split.count` disagreeing with the
    /// file name, tensors duplicated across shards, and a tensor total differing from `split.tensors.count`.
    public func check(parsed: [String: GGUFFile]) -> [Finding] {
        var findings: [Finding] = []
        let name = displayName
        let missing = (1...max(1, count)).filter { shards[$0] == nil }
        if missing.count <= 8 {
            for k in missing {
                findings.append(Finding(.error, .missingShard, file: name,
                                        "shard \(k) of \(count) is missing (\(GGUFSplitSet.shardName(prefix: prefix, number: k, count: count)))"))
            }
        } else {
            // Many absent shards are one problem: say how many and which, in ranges.
            findings.append(Finding(.error, .missingShard, file: name,
                                    "\(missing.count) of \(count) shards are missing: \(GGUFSplitSet.ranges(missing))"))
        }
        for k in shards.keys.sorted() where k < 1 || k > count {
            findings.append(Finding(.error, .extraShard, file: shards[k]!, "shard number \(k) is outside 1…\(count)"))
        }
        var owner: [String: String] = [:]
        var total = 0
        var declaredTotal: Int64? = nil
        for k in shards.keys.sorted() {
            let path = shards[k]!
            guard let g = parsed[path] else { continue }
            if let no = g["split.no"]?.integer, no != Int64(k - 1) {
                findings.append(Finding(.error, .splitMismatch, file: path, offset: g.metadataOffsets["split.no"],
                                        "split.no is \(no) but the file name says shard \(k) (split.no counts from 0)"))
            }
            if let c = g["split.count"]?.integer, c != Int64(count) {
                findings.append(Finding(.error, .splitMismatch, file: path, offset: g.metadataOffsets["split.count"],
                                        "split.count is \(c) but the file name says \(count) shards"))
            } else if g["split.count"] == nil && count > 1 {
                findings.append(Finding(.warning, .splitMismatch, file: path, "no split.count key in a file named as shard \(k) of \(count)"))
            }
            if let t = g["split.tensors.count"]?.integer { declaredTotal = declaredTotal ?? t }
            for t in g.tensors {
                total += 1
                if let first = owner[t.name] {
                    findings.append(Finding(.error, .duplicateTensor, file: path, tensor: t.name,
                                            "tensor '\(t.name)' is also in \(first)"))
                } else {
                    owner[t.name] = path
                }
            }
        }
        if let declared = declaredTotal, declared != Int64(total), findings.allSatisfy({ $0.code != .missingShard }) {
            findings.append(Finding(.error, .tensorCountMismatch, file: name,
                                    "split.tensors.count is \(declared) but the shards hold \(total) tensors"))
        }
        return findings
    }
}
