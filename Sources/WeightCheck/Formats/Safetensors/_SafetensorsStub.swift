// TEMPORARY stub until the safetensors branch lands; deleted at merge.
public struct SafetensorsError: Error, Sendable, CustomStringConvertible {
    public var description: String { "stub" }
    public var finding: Finding { Finding(.error, "stub", file: "", "stub") }
}
public struct SafetensorsFile: Sendable {
    public let file: MappedFile
    public let table: TensorTable
    public init(_ file: MappedFile) throws(SafetensorsError) { throw SafetensorsError() }
    public static func looksLikeSafetensors(_ bytes: UnsafeRawBufferPointer) -> Bool { false }
}
