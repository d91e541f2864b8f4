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

    /// Calls `body` with the bytes of `tensor` (one of `tensors`): a view into the mapping, no copy, valid for
    /// the call's duration (`MappedFile.withBytes(in:_:)`).
    public func withData<Result, Failure: Error>(
        of tensor: TensorInfo, _ body: (UnsafeRawBufferPointer) throws(Failure) -> Result) throws(Failure) -> Result {
        try file.withBytes(in: tensor.byteRange, body)
    }

    /// The bytes of `tensor` as a view into the mapping, valid while this value is alive: the internal escape
    /// hatch behind `withData(of:_:)` (`MappedFile.bytes(in:)`).
    func data(of tensor: TensorInfo) -> UnsafeRawBufferPointer {
        file.bytes(in: tensor.byteRange)
    }

    /// Whether `bytes` (the start of a file) look like safetensors: a little-endian u64 header length N of at
    /// least 2, then `{`, possibly after JSON whitespace (the Rust and Python readers parse the header with a
    /// JSON parser, which skips it). When `fileSize` is given, the header must also fit in the file.
    ///
    /// A length above the readers' 100,000,000-byte limit still counts when `{` follows, so that the parser
    /// reports "header too large" with the offset rather than the file being called no weight file at all.
    public static func looksLikeSafetensors(_ bytes: UnsafeRawBufferPointer, fileSize: Int? = nil) -> Bool {
        var cursor = ByteCursor(bytes)
        guard let n = try? cursor.read(UInt64.self), n >= 2 else { return false }
        // Whitespace is looked through within the header (and at most 4096 bytes when N is over the limit).
        let scanLimit = n <= SafetensorsHeader.maxHeaderLength ? Int(n) : 4096
        var scanned = 0
        while true {
            guard scanned < scanLimit, let byte = try? cursor.read(UInt8.self) else { return false }
            scanned += 1
            if byte == UInt8(ascii: "{") { break }
            guard byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D else { return false }
        }
        if n > SafetensorsHeader.maxHeaderLength { return true }
        if let fileSize, UInt64(max(0, fileSize - 8)) < n { return false }
        return true
    }
}
