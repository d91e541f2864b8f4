// SafetensorsHeader: the parsed and fully validated header of a safetensors file — every check of the
// reference reader (`safetensors/src/tensor.rs`), each failure a SafetensorsError naming file, offset and tensor.

/// The header of a safetensors file: its length, JSON, `__metadata__`, and the tensor table.
///
/// Parsing reads only the first `8 + N` bytes plus the file's size; it never touches tensor data.
public struct SafetensorsHeader: Sendable {
    /// The reference reader's limit on the header length N.
    public static let maxHeaderLength: UInt64 = 100_000_000

    /// The header length N from the first 8 bytes.
    public let headerLength: Int
    /// Where tensor data begins: `8 + N`.
    public let dataOffset: Int
    /// The header JSON, in the order written (tensor entries and `__metadata__`).
    public let json: JSONObject
    /// `__metadata__` (string → string) in the order written; empty when absent or null.
    public let metadata: [(key: String, value: String)]
    /// Whether the header has a `__metadata__` object.
    public let hasMetadata: Bool
    /// The tensors in the order the header lists them, with absolute byte ranges.
    public let tensors: [TensorInfo]

    /// Parses and validates the header of the safetensors file whose bytes are `bytes` (the whole file:
    /// its size decides truncation and trailing bytes).
    ///
    /// - Parameters:
    ///   - bytes: the file's bytes; only the first `8 + N` are read.
    ///   - file: the name used in errors.
    /// - Throws: `SafetensorsError` for the first problem, in the reference reader's order: header length,
    ///   UTF-8, JSON, entries, then offsets and sizes tensor by tensor in offset order, then the file's length.
    public init(parsing bytes: UnsafeRawBufferPointer, file: String) throws(SafetensorsError) {
        var cursor = ByteCursor(bytes)
        guard let length = try? cursor.read(UInt64.self) else {
            throw .headerTooSmall(file: file, fileSize: bytes.count)
        }
        if length > SafetensorsHeader.maxHeaderLength { throw .headerTooLarge(file: file, length: length) }
        // length ≤ 100,000,000, so the conversion and 8 + n cannot overflow.
        let n = Int(length)
        guard let text = try? cursor.take(n) else {
            throw .headerPastEnd(file: file, length: length, available: bytes.count - 8)
        }
        if let bad = UTF8Validation.firstInvalidIndex(in: text) {
            throw .invalidUTF8(file: file, offset: 8 + bad)
        }
        let root: JSONValue
        do throws(JSONError) {
            root = try JSONParser().parse(text, baseOffset: 8)
        } catch {
            throw .invalidJSON(file: file, error: error)
        }
        guard case .object(let object) = root else {
            let start = text.firstIndex { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 } ?? 0
            throw .headerNotObject(file: file, offset: 8 + start, found: root.kindName)
        }
        self.headerLength = n
        self.dataOffset = 8 + n
        self.json = object

        var metadata: [(key: String, value: String)] = []
        var hasMetadata = false
        var entries: [Entry] = []
        for (i, member) in object.enumerated() {
            let offset = object.sourceOffset(at: i) ?? 8
            if member.key == "__metadata__" {
                hasMetadata = !member.value.isNull
                metadata = try SafetensorsHeader.readMetadata(member.value, offset: offset, file: file)
            } else {
                entries.append(try Entry(name: member.key, value: member.value, offset: offset, order: entries.count,
                                         file: file))
            }
        }
        self.metadata = metadata
        self.hasMetadata = hasMetadata
        self.tensors = try SafetensorsHeader.validate(entries, dataOffset: 8 + n, fileSize: bytes.count, file: file)
    }

    /// The value of `__metadata__` key `key`, or nil.
    public func metadataValue(_ key: String) -> String? {
        metadata.first { UTF8Key($0.key) == UTF8Key(key) }?.value
    }

    // MARK: Entries

    /// One tensor entry as written, checked for shape and kinds but not yet against other entries.
    private struct Entry {
        let name: String
        let offset: Int
        let order: Int
        let type: ElementType
        let shape: [UInt64]
        let begin: UInt64
        let end: UInt64

        init(name: String, value: JSONValue, offset: Int, order: Int, file: String) throws(SafetensorsError) {
            func invalid(_ reason: String) -> SafetensorsError {
                .invalidEntry(file: file, offset: offset, tensor: name, reason: reason)
            }
            guard case .object(let fields) = value else {
                throw invalid("entry is a JSON \(value.kindName), not an object")
            }
            guard let dtypeValue = fields["dtype"] else { throw invalid("missing 'dtype'") }
            guard let shapeValue = fields["shape"] else { throw invalid("missing 'shape'") }
            guard let offsetsValue = fields["data_offsets"] else { throw invalid("missing 'data_offsets'") }
            guard case .string(let dtype) = dtypeValue else {
                throw invalid("'dtype' is a JSON \(dtypeValue.kindName), not a string")
            }
            guard let dims = shapeValue.arrayValue else {
                throw invalid("'shape' is a JSON \(shapeValue.kindName), not an array")
            }
            var shape: [UInt64] = []
            shape.reserveCapacity(dims.count)  // dims is already in memory: its count is not a number from the file
            for d in dims {
                guard let v = d.uint64Value else { throw invalid("'shape' holds \(d), not a non-negative integer") }
                shape.append(v)
            }
            guard let pair = offsetsValue.arrayValue, pair.count == 2,
                  let begin = pair[0].uint64Value, let end = pair[1].uint64Value else {
                throw invalid("'data_offsets' is \(offsetsValue), not two non-negative integers")
            }
            guard let type = ElementType(safetensorsName: dtype) else {
                throw .unknownDtype(file: file, offset: offset, tensor: name, dtype: dtype)
            }
            self.name = name
            self.offset = offset
            self.order = order
            self.type = type
            self.shape = shape
            self.begin = begin
            self.end = end
        }
    }

    private static func readMetadata(_ value: JSONValue, offset: Int, file: String)
        throws(SafetensorsError) -> [(key: String, value: String)] {
        if value.isNull { return [] }
        guard case .object(let members) = value else {
            throw .invalidMetadata(file: file, offset: offset, reason: "is a JSON \(value.kindName), not an object")
        }
        var pairs: [(key: String, value: String)] = []
        for (i, member) in members.enumerated() {
            guard case .string(let s) = member.value else {
                throw .invalidMetadata(file: file, offset: members.sourceOffset(at: i) ?? offset,
                                       reason: "value of \(SafetensorsError.quoted(member.key)) is a JSON "
                                           + "\(member.value.kindName), not a string")
            }
            pairs.append((member.key, s))
        }
        return pairs
    }

    // MARK: Validation (the reference's `Metadata::validate` and the final length check)

    private static func validate(_ entries: [Entry], dataOffset: Int, fileSize: Int, file: String)
        throws(SafetensorsError) -> [TensorInfo] {
        let sorted = entries.sorted { ($0.begin, $0.end, $0.order) < ($1.begin, $1.end, $1.order) }
        var expected: UInt64 = 0
        var previous: String? = nil
        for e in sorted {
            if e.begin != expected {
                throw .offsetsNotContiguous(file: file, offset: e.offset, tensor: e.name, begin: e.begin,
                                            expected: expected, previous: previous)
            }
            if e.end < e.begin {
                throw .offsetsReversed(file: file, offset: e.offset, tensor: e.name, begin: e.begin, end: e.end)
            }
            expected = e.end
            previous = e.name
            var elements: UInt64 = 1
            for d in e.shape {
                let (p, o) = elements.multipliedReportingOverflow(by: d)
                if o { throw .sizeOverflow(file: file, offset: e.offset, tensor: e.name, type: e.type, shape: e.shape) }
                elements = p
            }
            // Bits per element is whole for every safetensors dtype (4, 6, 8, … 64).
            let bitsPerElement = UInt64(e.type.bytesPerBlock * 8 / e.type.elementsPerBlock)
            let (bits, o) = elements.multipliedReportingOverflow(by: bitsPerElement)
            if o { throw .sizeOverflow(file: file, offset: e.offset, tensor: e.name, type: e.type, shape: e.shape) }
            if bits % 8 != 0 {
                throw .partialByte(file: file, offset: e.offset, tensor: e.name, type: e.type, shape: e.shape,
                                   bits: bits)
            }
            if e.end - e.begin != bits / 8 {
                throw .sizeMismatch(file: file, offset: e.offset, tensor: e.name, begin: e.begin, end: e.end,
                                    type: e.type, shape: e.shape, needed: bits / 8)
            }
        }
        // The data must fill the rest of the file exactly.
        let available = UInt64(fileSize - dataOffset)  // dataOffset ≤ fileSize: the header was read from the file
        if expected > available {
            let (end, o) = UInt64(dataOffset).addingReportingOverflow(expected)
            let cut = sorted.first { $0.end > available }?.name
            throw .truncated(file: file, fileSize: fileSize, dataEnd: o ? nil : end, tensor: cut)
        }
        if expected < available {
            throw .trailingBytes(file: file, dataEnd: dataOffset + Int(expected), fileSize: fileSize)
        }
        // Every end ≤ available ≤ Int.max - dataOffset here, so the conversions below are exact.
        return entries.map { e in
            TensorInfo(name: e.name, type: e.type, shape: e.shape,
                       byteRange: (dataOffset + Int(e.begin))..<(dataOffset + Int(e.end)))
        }
    }
}
