// SafetensorsShardIndex: a `model.safetensors.index.json` and the check of the set it describes — every
// shard present and parsed, each holding exactly its tensors, no duplicates, `total_size` right.

/// A sharded safetensors index: `{"metadata": {"total_size": N}, "weight_map": {tensor: file}}`.
public struct SafetensorsShardIndex: Sendable {
    /// The largest index file read (the same limit as a safetensors header).
    public static let maxIndexSize = 100_000_000

    /// The index file's path.
    public let path: String
    /// The folder the shard names are relative to.
    public let directory: String
    /// The index JSON as written.
    public let json: JSONObject
    /// `metadata.total_size`, when present.
    public let totalSize: UInt64?
    /// `weight_map` in the order written: each tensor and the shard file that should hold it.
    public let weightMap: [(tensor: String, file: String)]
    /// The byte offset of each `weight_map` entry, parallel to `weightMap`.
    let weightMapOffsets: [Int]
    /// The byte offset of `total_size`, when present.
    let totalSizeOffset: Int?

    /// The distinct shard files, sorted by name (so `-00001-of-00003` comes first).
    public var shardNames: [String] {
        var seen = Set<UTF8Key>()
        return weightMap.map(\.file).filter { seen.insert(UTF8Key($0)).inserted }
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Reads and parses the index at `path`.
    ///
    /// - Throws: `ShardIndexError` when the file cannot be read, is not JSON, or lacks a `weight_map` of strings.
    public init(path: String) throws(ShardIndexError) {
        let mapped: MappedFile
        do throws(SystemError) {
            mapped = try MappedFile(path: path)
        } catch {
            throw .unreadable(error)
        }
        try self.init(parsing: mapped.bytes, path: path)
    }

    /// Parses index bytes; `path` names the file in errors and locates the shards.
    public init(parsing bytes: UnsafeRawBufferPointer, path: String) throws(ShardIndexError) {
        if bytes.count > SafetensorsShardIndex.maxIndexSize {
            throw .invalidStructure(file: path, offset: 0,
                                    reason: "index is \(bytes.count) bytes, above the limit of \(Self.maxIndexSize)")
        }
        let root: JSONValue
        do throws(JSONError) {
            root = try JSONParser().parse(bytes)
        } catch {
            throw .invalidJSON(file: path, error: error)
        }
        guard case .object(let object) = root else {
            throw .invalidStructure(file: path, offset: 0, reason: "index is a JSON \(root.kindName), not an object")
        }
        guard let mapValue = object["weight_map"] else {
            throw .invalidStructure(file: path, offset: 0, reason: "missing 'weight_map'")
        }
        let mapOffset = object.sourceOffset(ofKey: "weight_map") ?? 0
        guard case .object(let map) = mapValue else {
            throw .invalidStructure(file: path, offset: mapOffset,
                                    reason: "'weight_map' is a JSON \(mapValue.kindName), not an object")
        }
        var weightMap: [(tensor: String, file: String)] = []
        var offsets: [Int] = []
        for (i, member) in map.enumerated() {
            let offset = map.sourceOffset(at: i) ?? mapOffset
            guard case .string(let file) = member.value else {
                throw .invalidStructure(file: path, offset: offset, reason: "'weight_map' value of "
                    + "\(SafetensorsError.quoted(member.key)) is a JSON \(member.value.kindName), not a string")
            }
            weightMap.append((member.key, file))
            offsets.append(offset)
        }
        var totalSize: UInt64? = nil
        var totalSizeOffset: Int? = nil
        if let metadata = object["metadata"], !metadata.isNull {
            let metadataOffset = object.sourceOffset(ofKey: "metadata") ?? 0
            guard case .object(let fields) = metadata else {
                throw .invalidStructure(file: path, offset: metadataOffset,
                                        reason: "'metadata' is a JSON \(metadata.kindName), not an object")
            }
            if let value = fields["total_size"] {
                totalSizeOffset = fields.sourceOffset(ofKey: "total_size")
                // Some writers print the size as a float (`1234.0`); accept it when it is a whole number.
                if let v = value.uint64Value {
                    totalSize = v
                } else if case .number(let d) = value, d >= 0, d < 0x1p64, d.rounded() == d {
                    totalSize = UInt64(d)
                } else {
                    throw .invalidStructure(file: path, offset: totalSizeOffset ?? metadataOffset,
                                            reason: "'total_size' is \(value), not a non-negative integer")
                }
            }
        }
        self.path = path
        self.directory = Paths.parent(path)
        self.json = object
        self.totalSize = totalSize
        self.totalSizeOffset = totalSizeOffset
        self.weightMap = weightMap
        self.weightMapOffsets = offsets
    }

    /// The path of shard `name`: relative to the index's folder.
    public func path(ofShard name: String) -> String {
        if directory == "/" { return "/" + name }
        return directory == "." && !path.hasPrefix("./") ? name : directory + "/" + name
    }

    /// Whether a shard name stays inside the index's folder: not empty, not absolute, no `..` component.
    static func isSafeShardName(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix("/") && !name.split(separator: "/", omittingEmptySubsequences: false)
            .contains { $0 == ".." || $0.isEmpty } && !name.utf8.contains(0)
    }
}

/// Why a `model.safetensors.index.json` could not be read as an index.
public enum ShardIndexError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be opened or mapped.
    case unreadable(SystemError)
    /// The file is not valid JSON.
    case invalidJSON(file: String, error: JSONError)
    /// The JSON is not an index: no `weight_map` object of strings, or a malformed `metadata`.
    case invalidStructure(file: String, offset: Int, reason: String)

    /// The index file.
    public var file: String {
        switch self {
        case .unreadable(let e): return e.path
        case .invalidJSON(let f, _), .invalidStructure(let f, _, _): return f
        }
    }

    /// The byte offset of the problem, when there is one.
    public var offset: Int? {
        switch self {
        case .unreadable: return nil
        case .invalidJSON(_, let e): return e.offset
        case .invalidStructure(_, let o, _): return o
        }
    }

    /// The message without the file name.
    public var message: String {
        switch self {
        case .unreadable(let e): return "cannot \(e.operation): \(SystemError.reason(e.code))"
        case .invalidJSON(_, let e): return "invalid JSON index at byte \(e.offset): \(e.reason)"
        case .invalidStructure(_, let o, let reason): return "invalid index at byte \(o): \(reason)"
        }
    }

    /// `file: message`.
    public var description: String {
        if case .unreadable(let e) = self { return e.description }
        return "\(file): \(message)"
    }

    /// A stable code: `unreadable`, `invalid-json` or `invalid-index`.
    public var code: FindingCode {
        switch self {
        case .unreadable: return .unreadable
        case .invalidJSON: return .invalidJson
        case .invalidStructure: return .invalidIndex
        }
    }

    /// This error as a finding of severity `.error`.
    public var finding: Finding { Finding(.error, code, file: file, offset: offset, message) }
}
