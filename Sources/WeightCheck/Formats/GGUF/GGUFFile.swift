// GGUFFile: a parsed GGUF file over its mapping — version, byte order, metadata (arrays left lazy),
// tensor table and data offset — plus zero-copy access to each tensor's bytes.

/// A GGUF file whose header passed every check of the reference loader.
public struct GGUFFile: Sendable {
    /// The mapping the file was parsed from.
    public let file: MappedFile
    /// GGUF version (2 or 3).
    public let version: UInt32
    /// Whether the file is big-endian.
    public let bigEndian: Bool
    /// Metadata in file order.
    public let metadata: [(key: String, value: GGUFValue)]
    /// Absolute offset of each metadata entry's key, by key.
    public let metadataOffsets: [String: Int]
    private let index: [String: Int]
    /// `general.alignment`, or 32.
    public let alignment: Int
    /// Tensors, data offsets, data start.
    public let table: TensorTable
    /// Structural remarks that do not make the file unreadable (a tensor of a type this tool does not know).
    public let findings: [Finding]

    /// Parses the GGUF header of `file`.
    ///
    /// - Throws: `GGUFError` with the byte offset and the key or tensor at fault.
    /// - Complexity: reads header bytes only; string arrays are walked once to validate them, never copied.
    /// - Parameter allowTruncatedData: keep tensors whose data runs past the end of the file (clipped, each
    ///   reported as an error in `findings`) instead of rejecting the file, so the complete ones can be read.
    public init(_ file: MappedFile, allowTruncatedData: Bool = false) throws(GGUFError) {
        let header: GGUFHeader
        do { header = try GGUFHeaderReader.read(file.bytes, allowTruncatedData: allowTruncatedData) } catch {
            throw error.error(file: file.path)
        }
        self.file = file
        version = header.version
        bigEndian = header.bigEndian
        metadata = header.metadata.map { ($0.key, $0.value) }
        var offsets: [String: Int] = [:]
        var index: [String: Int] = [:]
        for (i, m) in header.metadata.enumerated() {
            offsets[m.key] = m.offset
            index[m.key] = i
        }
        metadataOffsets = offsets
        self.index = index
        alignment = header.alignment
        table = TensorTable(format: .gguf, dataOffset: header.dataOffset, tensors: header.tensors)
        findings = header.truncated.map { GGUFError(file: file.path, offset: $0.offset, $0.reason).finding } + header.unknownTypes.map {
            Finding(.warning, .unknownType, file: file.path, tensor: $0.tensor, offset: $0.offset,
                    "tensor '\($0.tensor)' has unknown type \($0.id) (a newer or forked type?): its values cannot be checked")
        } + Self.trailingBytes(file, table, alignment: header.alignment)
    }

    /// Bytes past the tensor data and its padding to the alignment. llama.cpp's loader and gguf-py ignore them,
    /// but their writers end a file there (each tensor, the last too, padded to the alignment), so more is
    /// something appended: a download resumed twice, two files joined. A warning: the file still loads.
    static func trailingBytes(_ file: MappedFile, _ table: TensorTable, alignment: Int) -> [Finding] {
        guard !table.tensors.isEmpty else { return [] }
        let end = table.tensors.reduce(table.dataOffset) { max($0, $1.byteRange.upperBound) }
        let padded = alignment > 0 ? (end + alignment - 1) / alignment * alignment : end
        guard file.size > padded else { return [] }
        return [Finding(.warning, .trailingBytes, file: file.path, offset: padded,
                        "\(file.size - padded) bytes after the tensor data, from byte \(padded) to the end: llama.cpp "
                        + "ignores them, but a GGUF is written to end with its last tensor (appended to, or a download resumed twice?)")]
    }

    /// Opens and parses the GGUF file at `path`.
    public init(path: String) throws(WeightFileError) {
        let mapped: MappedFile
        do { mapped = try MappedFile(path: path) } catch { throw .system(error) }
        do { try self.init(mapped) } catch { throw .gguf(error) }
    }

    /// The tensors in header order.
    public var tensors: [TensorInfo] { table.tensors }

    /// The value of metadata key `key`, if present.
    public subscript(key: String) -> GGUFValue? {
        guard let i = index[key] else { return nil }
        return metadata[i].value
    }

    /// Calls `body` with the bytes of `tensor` inside the mapping (no copy), valid for the call's duration
    /// (`MappedFile.withBytes(in:_:)`).
    public func withData<Result, Failure: Error>(
        of tensor: TensorInfo, _ body: (UnsafeRawBufferPointer) throws(Failure) -> Result) throws(Failure) -> Result {
        try file.withBytes(in: tensor.byteRange, body)
    }

    /// The bytes of `tensor` inside the mapping, valid while this value is alive: the internal escape hatch
    /// behind `withData(of:_:)` (`MappedFile.bytes(in:)`).
    func data(of tensor: TensorInfo) -> UnsafeRawBufferPointer { file.bytes(in: tensor.byteRange) }

    /// Whether `bytes` begin with the GGUF magic.
    public static func looksLikeGGUF(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count >= 4 && bytes.prefix(4).elementsEqual(GGUFHeaderReader.magic)
    }
}
