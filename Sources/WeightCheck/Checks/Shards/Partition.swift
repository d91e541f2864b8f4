// Partition: cuts a run's inputs into N parts balanced by bytes — the largest unit first onto the lightest
// part, ties broken by the unit's key — so every machine computes the same parts from the same inputs.
// A unit is what must stay whole: a shard set, a safetensors folder (its index and config are checked
// against the whole set), a Hugging Face cache repository, or else one file.

/// One input file and the unit it belongs to.
public struct ShardInput: Sendable, Hashable {
    /// The path the fingerprint records (absolute for verify, manifest-relative for manifest check).
    public var path: String
    /// Bytes.
    public var size: Int
    /// The unit kept whole in one part (`Partition.unitKey`).
    public var unit: String
    /// Extra text the fingerprint covers (a manifest entry's SHA-256), "" for none.
    public var detail: String

    public init(path: String, size: Int, unit: String, detail: String = "") {
        self.path = path
        self.size = size
        self.unit = unit
        self.detail = detail
    }
}

/// The deterministic partition of inputs into parts.
public enum Partition {
    /// The part (`0..<count`) of each unit key: units sorted by bytes, largest first (ties: key in UTF-8
    /// order), each put on the part with the fewest bytes so far (ties: the lowest index).
    public static func assign(_ inputs: [ShardInput], count: Int) -> [String: Int] {
        var bytes: [String: Int] = [:]
        for i in inputs { bytes[i.unit, default: 0] += i.size }
        let order = bytes.keys.sorted { a, b in
            bytes[a]! != bytes[b]! ? bytes[a]! > bytes[b]! : a.utf8.lexicographicallyPrecedes(b.utf8)
        }
        var loads = Array(repeating: 0, count: max(1, count))
        var out: [String: Int] = [:]
        for key in order {
            var lightest = 0
            for p in loads.indices where loads[p] < loads[lightest] { lightest = p }
            out[key] = lightest
            loads[lightest] += bytes[key]!
        }
        return out
    }

    /// The unit of `path` (`/`-separated) among `paths`: its cache repository, its folder when that folder
    /// holds a safetensors set (`*.safetensors` or `*.index.json`), its split set (`NAME-*-of-N.EXT`), or itself.
    /// With `cache` false (manifest-relative paths), no cache layout is looked for.
    public static func unitKey(_ path: String, safetensorsFolders: Set<String>, cache: Bool = true) -> String {
        if cache, let loc = HuggingFaceCache.locate(path) { return "repo:" + loc.repository }
        let folder = parent(path)
        if safetensorsFolders.contains(folder) { return "folder:" + folder }
        if let s = ShardName.parse(path), let ext = ShardName.fileExtension(path) { return "set:\(s.prefix).\(ext)" }
        return "file:" + path
    }

    /// The folders among `paths` that hold a safetensors file or shard index.
    public static func safetensorsFolders(_ paths: [String]) -> Set<String> {
        Set(paths.filter { $0.hasSuffix(".safetensors") || $0.hasSuffix(".index.json") }.map(parent))
    }

    /// Units of `paths` as `unitKey` gives them.
    public static func units(_ paths: [String], cache: Bool = true) -> [String] {
        let folders = safetensorsFolders(paths)
        return paths.map { unitKey($0, safetensorsFolders: folders, cache: cache) }
    }

    /// SHA-256 (hex) over every input, sorted by path: `path NUL size NUL detail LF` each.
    public static func fingerprint(_ inputs: [ShardInput]) -> String {
        var text: [UInt8] = []
        for i in inputs.sorted(by: { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }) {
            text += Array(i.path.utf8) + [0] + Array(String(i.size).utf8) + [0] + Array(i.detail.utf8) + [10]
        }
        return text.withUnsafeBytes { SHA256.hash($0) }.hexString
    }

    /// The part's description of itself, and the units it holds (by key).
    public static func info(command: String, spec: ShardSpec, inputs: [ShardInput]) -> (ShardInfo, Set<String>) {
        let parts = assign(inputs, count: spec.count)
        let mine = Set(parts.filter { $0.value == spec.index }.map(\.key))
        let here = inputs.filter { mine.contains($0.unit) }
        let info = ShardInfo(command: command, spec: spec, inputsSHA256: fingerprint(inputs), unitsTotal: parts.count,
                             unitsHere: mine.count, bytesTotal: inputs.reduce(0) { $0 + $1.size },
                             bytesHere: here.reduce(0) { $0 + $1.size })
        return (info, mine)
    }

    private static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }
}
