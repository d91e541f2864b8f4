// GGUFHeaderReader: parses and validates a GGUF header (magic, version, metadata, tensor infos) with every
// check of llama.cpp's gguf.cpp loader. It touches header bytes only, never tensor data.

/// An error inside the reader, turned into a `GGUFError` (which knows the file) at the top.
enum GGUFReadError: Error {
    case bounds(OutOfBounds, String)
    case reason(Int, GGUFError.Reason)

    func error(file: String) -> GGUFError {
        switch self {
        case .bounds(let b, let what):
            return GGUFError(file: file, offset: b.offset, .truncated(what: what, needed: b.needed, available: b.available))
        case .reason(let offset, let r):
            return GGUFError(file: file, offset: offset, r)
        }
    }
}

/// The header of a GGUF file as read from its bytes.
struct GGUFHeader {
    var version: UInt32
    var bigEndian: Bool
    var metadata: [(key: String, value: GGUFValue, offset: Int)]
    var alignment: Int
    var tensors: [TensorInfo]
    var unknownTypes: [(tensor: String, id: UInt32, offset: Int)]
    var dataOffset: Int
}

enum GGUFHeaderReader {
    static let magic: [UInt8] = Array("GGUF".utf8)
    static let maxDimensions: UInt32 = 4
    static let maxNameBytes = 63
    static let maxArrayCount: UInt64 = 1 << 30
    /// Smallest encoding of one key-value pair: key length (8), value type (4).
    static let minKVBytes = 12
    /// Smallest encoding of one tensor info: name length (8), n_dims (4), type (4), offset (8).
    static let minTensorInfoBytes = 24

    /// Parses the header in `bytes` (the whole file).
    static func read(_ bytes: UnsafeRawBufferPointer) throws(GGUFReadError) -> GGUFHeader {
        var c = ByteCursor(bytes)
        let magicBytes: UnsafeRawBufferPointer
        do { magicBytes = try c.take(4) } catch { throw .bounds(error, "magic") }
        guard magicBytes.elementsEqual(magic) else { throw .reason(0, .badMagic(Array(magicBytes))) }

        let version: UInt32
        do { version = try c.read(UInt32.self) } catch { throw .bounds(error, "version") }
        var bigEndian = false
        var v = version
        if v & 0xFFFF == 0 && v != 0 {
            bigEndian = true
            v = v.byteSwapped
            c.bigEndian = true
        }
        guard v == 2 || v == 3 else { throw .reason(4, .unsupportedVersion(v)) }

        let countsOffset = c.offset
        let tensorCount: UInt64, kvCount: UInt64
        do {
            tensorCount = try c.read(UInt64.self)
            kvCount = try c.read(UInt64.self)
        } catch { throw .bounds(error, "header counts") }
        let left = UInt64(c.remaining)
        if kvCount > left / UInt64(minKVBytes) {
            throw .reason(countsOffset + 8, .countBeyondFile(what: "metadata count", count: kvCount, bytesLeft: c.remaining))
        }
        if tensorCount > left / UInt64(minTensorInfoBytes)
            || kvCount * UInt64(minKVBytes) + tensorCount * UInt64(minTensorInfoBytes) > left {
            throw .reason(countsOffset, .countBeyondFile(what: "tensor count", count: tensorCount, bytesLeft: c.remaining))
        }

        var metadata: [(key: String, value: GGUFValue, offset: Int)] = []
        metadata.reserveCapacity(Int(kvCount))
        var seenKeys = Set<String>()
        var alignment = 32
        for _ in 0..<kvCount {
            let keyOffset = c.offset
            let key = try readString(&c, what: "metadata key", strictUTF8: true)
            if key.isEmpty { throw .reason(keyOffset, .emptyKey) }
            if !seenKeys.insert(key).inserted { throw .reason(keyOffset, .duplicateKey(key)) }
            let typeOffset = c.offset
            let typeID: UInt32
            do { typeID = try c.read(UInt32.self) } catch { throw .bounds(error, "type of metadata key '\(key)'") }
            guard let type = GGUFValueType(rawValue: typeID) else {
                throw .reason(typeOffset, .unknownValueType(key: key, type: typeID))
            }
            let value: GGUFValue
            if type == .array {
                value = .array(try readArray(&c, key: key, bigEndian: bigEndian))
            } else {
                value = try readScalar(type, &c, what: "value of metadata key '\(key)'")
            }
            if key == "general.alignment" {
                guard case .uint32(let a) = value else {
                    throw .reason(typeOffset, .badAlignment("is \(type.name), must be UINT32"))
                }
                guard a != 0, a & (a - 1) == 0 else {
                    throw .reason(typeOffset + 4, .badAlignment("is \(a), must be a non-zero power of two"))
                }
                alignment = Int(a)
            }
            metadata.append((key, value, keyOffset))
        }

        var tensors: [TensorInfo] = []
        tensors.reserveCapacity(Int(tensorCount))
        var offsets: [(relative: UInt64, infoOffset: Int, size: UInt64?)] = []
        offsets.reserveCapacity(Int(tensorCount))
        var unknownTypes: [(tensor: String, id: UInt32, offset: Int)] = []
        var seenNames = Set<String>()
        for _ in 0..<tensorCount {
            let infoOffset = c.offset
            let name = try readString(&c, what: "tensor name", strictUTF8: true)
            let nameBytes = name.utf8.count
            if nameBytes > maxNameBytes { throw .reason(infoOffset, .tensorNameTooLong(name, length: nameBytes)) }
            if !seenNames.insert(name).inserted { throw .reason(infoOffset, .duplicateTensor(name)) }
            let dimsOffset = c.offset
            let nDims: UInt32
            do { nDims = try c.read(UInt32.self) } catch { throw .bounds(error, "dimension count of tensor '\(name)'") }
            if nDims > maxDimensions { throw .reason(dimsOffset, .tooManyDimensions(tensor: name, count: nDims)) }
            var shape: [UInt64] = []
            var elements: UInt64 = 1
            for i in 0..<Int(nDims) {
                let at = c.offset
                let ne: Int64
                do { ne = try c.read(Int64.self) } catch { throw .bounds(error, "shape of tensor '\(name)'") }
                if ne < 0 { throw .reason(at, .negativeDimension(tensor: name, index: i, value: ne)) }
                let (p, overflow) = elements.multipliedReportingOverflow(by: UInt64(ne))
                if overflow || p > UInt64(Int64.max) { throw .reason(at, .elementCountOverflow(tensor: name)) }
                elements = p
                shape.append(UInt64(ne))
            }
            let typeOffset = c.offset
            let typeID: UInt32, relative: UInt64
            do {
                typeID = try c.read(UInt32.self)
                relative = try c.read(UInt64.self)
            } catch { throw .bounds(error, "type and offset of tensor '\(name)'") }
            let type = ElementType(ggmlID: typeID)
            var size: UInt64? = nil
            if type.isKnown {
                let ne0 = shape.first ?? 1
                if ne0 % UInt64(type.elementsPerBlock) != 0 {
                    throw .reason(typeOffset, .rowNotMultipleOfBlock(tensor: name, type: type.name, ne0: ne0,
                                                                     blockSize: type.elementsPerBlock))
                }
                guard let s = type.byteCount(elements: elements), s <= UInt64(Int64.max) else {
                    throw .reason(typeOffset, .sizeOverflow(tensor: name))
                }
                size = s
            } else {
                unknownTypes.append((name, typeID, typeOffset))
            }
            offsets.append((relative, typeOffset + 4, size))
            // Placeholder range: fixed up below once the data offset is known.
            tensors.append(TensorInfo(name: name, type: type, shape: shape, byteRange: 0..<0))
        }

        let headerEnd = c.offset
        let (padded, overflow) = headerEnd.addingReportingOverflow(alignment - 1)
        let dataOffset = overflow ? Int.max : padded / alignment * alignment
        if dataOffset > bytes.count {
            throw .reason(headerEnd, .dataStartPastEnd(dataOffset: dataOffset, fileSize: bytes.count))
        }

        // Each tensor's offset must equal the running padded total; its bytes must lie inside the file.
        var expected: UInt64 = 0
        var knownExpected = true
        let fileSize = UInt64(bytes.count)
        let align = UInt64(alignment)
        for i in tensors.indices {
            let (relative, at, size) = offsets[i]
            let name = tensors[i].name
            if knownExpected && relative != expected {
                throw .reason(at, .offsetMismatch(tensor: name, expected: expected, found: relative))
            }
            if !knownExpected && (relative < expected || relative % align != 0) {
                throw .reason(at, .offsetMismatch(tensor: name, expected: expected, found: relative))
            }
            let start = UInt64(dataOffset) &+ relative  // dataOffset ≤ file size and relative ≤ Int64.max: no overflow.
            let byteSize: UInt64
            if let size {
                byteSize = size
                knownExpected = true
            } else {
                // Unknown type: its bytes run to the next tensor's offset, or to the end of the file.
                let next = i + 1 < offsets.count ? UInt64(dataOffset) &+ offsets[i + 1].relative : fileSize
                byteSize = next > start ? next - start : 0
                knownExpected = false
            }
            let (end, endOverflow) = start.addingReportingOverflow(byteSize)
            if endOverflow || end > fileSize {
                throw .reason(at, .dataPastEnd(tensor: name, end: endOverflow ? UInt64.max : end, fileSize: bytes.count))
            }
            tensors[i] = TensorInfo(name: name, type: tensors[i].type, shape: tensors[i].shape,
                                    byteRange: Int(start)..<Int(end))
            let (next, o) = (relative &+ byteSize).addingReportingOverflow(align - 1)
            expected = o ? UInt64.max : next / align * align
        }

        return GGUFHeader(version: v, bigEndian: bigEndian, metadata: metadata, alignment: alignment,
                          tensors: tensors, unknownTypes: unknownTypes, dataOffset: dataOffset)
    }

    /// Reads an array value: element type, count, elements (validated, not kept).
    static func readArray(_ c: inout ByteCursor, key: String, bigEndian: Bool) throws(GGUFReadError) -> GGUFArray {
        let typeOffset = c.offset
        let typeID: UInt32, count: UInt64
        do {
            typeID = try c.read(UInt32.self)
            count = try c.read(UInt64.self)
        } catch { throw .bounds(error, "array header of metadata key '\(key)'") }
        guard let type = GGUFValueType(rawValue: typeID) else {
            throw .reason(typeOffset, .unknownValueType(key: key, type: typeID))
        }
        if type == .array { throw .reason(typeOffset, .nestedArray(key: key)) }
        if count > maxArrayCount { throw .reason(typeOffset + 4, .arrayTooLong(key: key, count: count)) }
        let start = c.offset
        let n = Int(count)
        if let size = type.fixedSize {
            // count ≤ 2^30 and size ≤ 8: the product cannot overflow.
            do { try c.skip(n * size) } catch { throw .bounds(error, "array '\(key)' (\(count) × \(type.name))") }
        } else {
            if n > c.remaining / 8 {
                throw .reason(typeOffset + 4, .countBeyondFile(what: "array '\(key)' count", count: count, bytesLeft: c.remaining))
            }
            for _ in 0..<n {
                let at = c.offset
                let length: UInt64
                do { length = try c.read(UInt64.self) } catch { throw .bounds(error, "string in array '\(key)'") }
                if length > 1 << 30 { throw .reason(at, .stringTooLong(what: "string in array '\(key)'", length: length)) }
                guard let len = Int(exactly: length), len <= c.remaining else {
                    throw .reason(at, .stringPastEnd(what: "string in array '\(key)'", length: length, bytesLeft: c.remaining))
                }
                // Checked just above: len ≤ remaining.
                try? c.skip(len)
            }
        }
        return GGUFArray(elementType: type, count: n, byteRange: start..<c.offset, bigEndian: bigEndian)
    }
}
