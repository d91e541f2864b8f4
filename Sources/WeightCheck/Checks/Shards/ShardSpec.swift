// ShardSpec: which part of a partitioned run this process is (`--shard I/N`), and ShardInfo, what a part
// report carries so that `report merge` can tell a complete, consistent set of parts from any other.

/// One part of N: `index` counts from 0 (as Slurm's `--array=0-(N-1)` and Kubernetes' `JOB_COMPLETION_INDEX` do).
public struct ShardSpec: Sendable, Hashable, CustomStringConvertible {
    /// The most parts a run can be cut into.
    public static let maximumCount = 65_536

    /// This part, `0..<count`.
    public let index: Int
    /// How many parts the inputs are cut into.
    public let count: Int

    /// Part `index` of `count`; nil unless `0 <= index < count <= maximumCount`.
    public init?(index: Int, count: Int) {
        guard count >= 1, count <= Self.maximumCount, index >= 0, index < count else { return nil }
        self.index = index
        self.count = count
    }

    /// Parses `I/N` (decimal, `0 <= I < N`); nil for anything else.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.count <= 6 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let i = Int(parts[0]), let n = Int(parts[1]) else { return nil }
        self.init(index: i, count: n)
    }

    /// `I/N`.
    public var description: String { "\(index)/\(count)" }
}

/// What a part report says about the partition it belongs to (`"shard"` in `--json`).
public struct ShardInfo: Sendable, Hashable {
    /// The command that made the part (`verify`, `manifest check`): parts of different commands never merge.
    public var command: String
    /// This part.
    public var spec: ShardSpec
    /// SHA-256 (hex) over every input of the whole run, sorted — the same in every part of one run.
    public var inputsSHA256: String
    /// Units (files, shard sets, repositories) in the whole run, and in this part.
    public var unitsTotal: Int
    public var unitsHere: Int
    /// Bytes in the whole run, and in this part.
    public var bytesTotal: Int
    public var bytesHere: Int

    public init(command: String, spec: ShardSpec, inputsSHA256: String, unitsTotal: Int, unitsHere: Int,
                bytesTotal: Int, bytesHere: Int) {
        self.command = command
        self.spec = spec
        self.inputsSHA256 = inputsSHA256
        self.unitsTotal = unitsTotal
        self.unitsHere = unitsHere
        self.bytesTotal = bytesTotal
        self.bytesHere = bytesHere
    }

    /// The `"shard"` object of a part report.
    public var json: JSONValue {
        ["command": .string(command), "index": JSONValue(spec.index), "count": JSONValue(spec.count),
         "inputs_sha256": .string(inputsSHA256), "units": JSONValue(unitsTotal), "units_here": JSONValue(unitsHere),
         "bytes": JSONValue(bytesTotal), "bytes_here": JSONValue(bytesHere)]
    }
}
