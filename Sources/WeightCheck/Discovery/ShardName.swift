// ShardName: the `NAME-0000k-of-0000n.EXT` names that split sets are written under (llama.cpp's GGUF splits,
// transformers' safetensors shards), parsed and made in one place.

/// Shard file names of the form `NAME-0000k-of-0000n.EXT`.
public enum ShardName {
    /// The most shards a set can have: llama.cpp stores `split.count` as a UINT16. Checks walk every shard
    /// number up to the count a name announces, so a larger count (a hostile `-of-99999999999`) is refused.
    public static let maximumCount = 65_535

    /// The extensions split sets are written with.
    static let extensions = ["gguf", "safetensors"]

    /// `gguf` or `safetensors` when `path` ends so, else nil.
    public static func fileExtension(_ path: String) -> String? {
        extensions.first { path.hasSuffix("." + $0) }
    }

    /// Parses `NAME-0000k-of-0000n.gguf|safetensors` (numbers of any width ≥ 5). Returns the prefix (with its
    /// folder), k and n; nil for other names or counts above `maximumCount`.
    public static func parse(_ path: String) -> (prefix: String, number: Int, count: Int)? {
        guard let ext = fileExtension(path) else { return nil }
        let stem = path.dropLast(ext.count + 1)
        let parts = stem.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 4, parts[parts.count - 2] == "of",
              let n = Int(parts[parts.count - 1]), let k = Int(parts[parts.count - 3]),
              parts[parts.count - 1].count >= 5, parts[parts.count - 3].count >= 5, n >= 1,
              n <= maximumCount else { return nil }
        return (parts[0..<(parts.count - 3)].joined(separator: "-"), k, n)
    }

    /// The name of shard `number` of `count`: `model-00002-of-00003.gguf`, as the writers make it.
    public static func make(prefix: String, number: Int, count: Int, extension ext: String) -> String {
        let width = max(5, String(count).count)
        return "\(prefix)-\(pad(number, width))-of-\(pad(count, width)).\(ext)"
    }

    /// The set's name pattern: `model-*-of-00003.gguf`.
    public static func pattern(prefix: String, count: Int, extension ext: String) -> String {
        "\(prefix)-*-of-\(pad(count, max(5, String(count).count))).\(ext)"
    }

    private static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
