// GGUFLayout: walks a well-formed GGUF header and records where every field lies, so corruption tests can
// damage one field at a time and know which byte offset the parser must name.
@testable import WeightCheck

struct GGUFLayout {
    /// A fixed-width number in the header.
    struct Field { let offset: Int; let width: Int; let what: String }
    /// One metadata entry: where it starts, its key's bytes, its type field, and for arrays the element type field.
    struct KV { let offset: Int; let keyBytes: Range<Int>; let typeOffset: Int; let arrayTypeOffset: Int?; let stringValue: Range<Int>? }
    /// One tensor info: where it starts, its name's bytes, and the fields after the name.
    struct Info { let offset: Int; let nameBytes: Range<Int>; let dimOffsets: [Int]; let typeOffset: Int; let offsetField: Int }

    let bigEndian: Bool
    private(set) var fields: [Field] = []
    private(set) var kvs: [KV] = []
    private(set) var infos: [Info] = []
    /// Where the tensor infos end (before padding).
    private(set) var headerEnd = 0

    /// Walks `bytes`, which must hold a valid GGUF header (a fixture): any read failure is a test bug.
    init(_ bytes: [UInt8]) {
        var big = false
        var fields: [Field] = []
        var kvs: [KV] = []
        var infos: [Info] = []
        var end = 0
        bytes.withUnsafeBytes { raw in
            var c = ByteCursor(raw)
            func field<T: FixedWidthInteger>(_: T.Type, _ what: String) -> T {
                fields.append(Field(offset: c.offset, width: MemoryLayout<T>.size, what: what))
                return try! c.read(T.self)
            }
            func string(_ what: String) -> Range<Int> {
                let n = Int(field(UInt64.self, what + " length"))
                let start = c.offset
                try! c.skip(n)
                return start..<c.offset
            }
            try! c.skip(4)
            let version: UInt32 = try! c.read()
            big = version & 0xFFFF == 0
            c = ByteCursor(raw, bigEndian: big)
            try! c.skip(4)
            _ = field(UInt32.self, "version")
            let tensorCount = field(UInt64.self, "tensor count")
            let kvCount = field(UInt64.self, "metadata count")
            for _ in 0..<kvCount {
                let at = c.offset
                let key = string("key")
                let typeOffset = c.offset
                let type = GGUFValueType(rawValue: field(UInt32.self, "value type"))!
                var arrayTypeOffset: Int? = nil
                var stringValue: Range<Int>? = nil
                switch type {
                case .string: stringValue = string("string value")
                case .array:
                    arrayTypeOffset = c.offset
                    let elementType = GGUFValueType(rawValue: field(UInt32.self, "array type"))!
                    let count = Int(field(UInt64.self, "array count"))
                    for i in 0..<count {
                        if let size = elementType.fixedSize {
                            // Record the first few elements as fields; skip the rest.
                            if i < 4 && size >= 4 {
                                fields.append(Field(offset: c.offset, width: size, what: "array element"))
                            }
                            try! c.skip(size)
                        } else if i < 4 {
                            _ = string("array string")
                        } else {
                            try! c.skip(Int(try! c.read(UInt64.self)))
                        }
                    }
                default:
                    let size = type.fixedSize!
                    if size >= 4 { fields.append(Field(offset: c.offset, width: size, what: "value")) }
                    try! c.skip(size)
                }
                kvs.append(KV(offset: at, keyBytes: key, typeOffset: typeOffset, arrayTypeOffset: arrayTypeOffset,
                              stringValue: stringValue))
            }
            for _ in 0..<tensorCount {
                let at = c.offset
                let name = string("tensor name")
                let nDims = field(UInt32.self, "dimension count")
                var dims: [Int] = []
                for _ in 0..<nDims {
                    dims.append(c.offset)
                    _ = field(Int64.self, "dimension")
                }
                let typeOffset = c.offset
                _ = field(UInt32.self, "tensor type")
                let offsetField = c.offset
                _ = field(UInt64.self, "tensor offset")
                infos.append(Info(offset: at, nameBytes: name, dimOffsets: dims, typeOffset: typeOffset,
                                  offsetField: offsetField))
            }
            end = c.offset
        }
        self.bigEndian = big
        self.fields = fields
        self.kvs = kvs
        self.infos = infos
        self.headerEnd = end
    }

    /// Reads the `width`-byte number at `offset` in the file's byte order.
    func read(_ bytes: [UInt8], at offset: Int, width: Int) -> UInt64 {
        var v: UInt64 = 0
        for i in 0..<width {
            let b = UInt64(bytes[offset + (bigEndian ? i : width - 1 - i)])
            v = v << 8 | b
        }
        return v
    }

    /// Writes the low `width` bytes of `value` at `offset` in the file's byte order.
    func write(_ value: UInt64, into bytes: inout [UInt8], at offset: Int, width: Int) {
        for i in 0..<width {
            let shift = UInt64(8 * (bigEndian ? width - 1 - i : i))
            bytes[offset + i] = UInt8(truncatingIfNeeded: value >> shift)
        }
    }
}
