// TEMPORARY stub until the safetensors branch lands; deleted at merge.
public struct SafetensorsError: Error, Sendable, CustomStringConvertible {
    public var description: String { "stub" }
    public var finding: Finding { Finding(.error, "stub", file: "", "stub") }
}
public struct SafetensorsFile: Sendable {
    public let file: MappedFile
    public let table: TensorTable
    public var tensors: [TensorInfo] { table.tensors }
    public var metadata: [(key: String, value: String)] { [] }
    public init(_ file: MappedFile) throws(SafetensorsError) { throw SafetensorsError() }
    public static func looksLikeSafetensors(_ bytes: UnsafeRawBufferPointer) -> Bool { false }
}
enum SafetensorsIndexSet {
    static func report(indexPath: String, parsed: [String: WeightFile]) -> ShardSetReport {
        ShardSetReport(kind: "safetensors-index", name: indexPath, shards: [], missing: 0, tensorCount: 0, parameters: 0, findings: [])
    }
}
