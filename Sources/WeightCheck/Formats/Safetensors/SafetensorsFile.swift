// SafetensorsFile: a memory-mapped safetensors file with its validated header; tensor bytes are views into
// the mapping, never copies.

/// A safetensors file: its mapping and its validated header.
public struct SafetensorsFile: Sendable {
    /// The mapping the tensors' bytes live in.
    public let file: MappedFile
    /// The validated header.
    public let header: SafetensorsHeader

    /// Parses the header of a mapped file.
    ///
    /// - Throws: `SafetensorsError` naming the file (`file.path`), the byte offset and the tensor.
    public init(file: MappedFile) throws(SafetensorsError) {
        self.file = file
        self.header = try SafetensorsHeader(parsing: file.bytes, file: file.path)
    }

    /// Maps and parses the file at `path`.
    ///
    /// - Throws: `SafetensorsError.unreadable` when the file cannot be opened or mapped; otherwise as `init(file:)`.
    public init(path: String) throws(SafetensorsError) {
        let mapped: MappedFile
        do throws(SystemError) {
            mapped = try MappedFile(path: path)
        } catch {
            throw .unreadable(error)
        }
        try self.init(file: mapped)
    }

    /// The path the file was opened by.
    public var path: String { file.path }
    /// The header length N.
    public var headerLength: Int { header.headerLength }
    /// Where tensor data begins (`8 + N`).
    public var dataOffset: Int { header.dataOffset }
    /// The header JSON as written.
    public var json: JSONObject { header.json }
    /// `__metadata__`, in the order written.
    public var metadata: [(key: String, value: String)] { header.metadata }
    /// The tensors in header order, with absolute byte ranges.
    public var tensors: [TensorInfo] { header.tensors }

    /// The tensor table, for the format-neutral stages.
    public var table: TensorTable {
        TensorTable(format: .safetensors, dataOffset: header.dataOffset, tensors: header.tensors)
    }

    /// The tensor named `name`, or nil.
    public func tensor(named name: String) -> TensorInfo? {
        header.tensors.first { UTF8Key($0.name) == UTF8Key(name) }
    }

    /// The bytes of `tensor` (one of `tensors`), as a view into the mapping. Valid while this value is alive.
    public func data(of tensor: TensorInfo) -> UnsafeRawBufferPointer {
        file.bytes(in: tensor.byteRange)
    }

    /// Whether `bytes` (the start of a file) look like safetensors: a little-endian u64 header length from 2 to
    /// 100,000,000, then `{`. When `fileSize` is given, the header must also fit in the file.
    public static func looksLikeSafetensors(_ bytes: UnsafeRawBufferPointer, fileSize: Int? = nil) -> Bool {
        var cursor = ByteCursor(bytes)
        guard let n = try? cursor.read(UInt64.self), n >= 2, n <= SafetensorsHeader.maxHeaderLength,
              let first = try? cursor.read(UInt8.self), first == UInt8(ascii: "{") else { return false }
        if let fileSize, UInt64(max(0, fileSize - 8)) < n { return false }
        return true
    }
}
