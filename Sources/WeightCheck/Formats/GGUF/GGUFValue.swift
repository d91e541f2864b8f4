// GGUFValue: one metadata value of a GGUF header. Scalars and strings are decoded; arrays are kept as a
// validated view into the mapping and decoded only on request, so a 262,144-token vocabulary costs no allocation.

/// The value types of GGUF metadata (ids 0–12).
public enum GGUFValueType: UInt32, Sendable, CaseIterable {
    case uint8 = 0, int8, uint16, int16, uint32, int32, float32, bool, string, array, uint64, int64, float64

    /// Bytes of one value of a fixed-size type; nil for strings and arrays.
    public var fixedSize: Int? {
        switch self {
        case .uint8, .int8, .bool: return 1
        case .uint16, .int16: return 2
        case .uint32, .int32, .float32: return 4
        case .uint64, .int64, .float64: return 8
        case .string, .array: return nil
        }
    }

    /// The name gguf-py uses (`UINT32`, `STRING`, …).
    public var name: String { String(describing: self).uppercased() }
}

/// One GGUF metadata value.
public enum GGUFValue: Sendable, Equatable {
    case uint8(UInt8), int8(Int8), uint16(UInt16), int16(Int16), uint32(UInt32), int32(Int32)
    case float32(Float), bool(Bool), string(String), uint64(UInt64), int64(Int64), float64(Double)
    case array(GGUFArray)

    /// The value's type.
    public var type: GGUFValueType {
        switch self {
        case .uint8: return .uint8
        case .int8: return .int8
        case .uint16: return .uint16
        case .int16: return .int16
        case .uint32: return .uint32
        case .int32: return .int32
        case .float32: return .float32
        case .bool: return .bool
        case .string: return .string
        case .uint64: return .uint64
        case .int64: return .int64
        case .float64: return .float64
        case .array: return .array
        }
    }

    /// The value as an integer, when it is an integer type that fits.
    public var integer: Int64? {
        switch self {
        case .uint8(let v): return Int64(v)
        case .int8(let v): return Int64(v)
        case .uint16(let v): return Int64(v)
        case .int16(let v): return Int64(v)
        case .uint32(let v): return Int64(v)
        case .int32(let v): return Int64(v)
        case .uint64(let v): return Int64(exactly: v)
        case .int64(let v): return v
        default: return nil
        }
    }

    /// The value as a string, when it is one.
    public var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }
}

/// A metadata array: its element type, count, and where its elements lie in the file.
///
/// The parser has already checked that every element lies inside the file, so decoding cannot fail.
public struct GGUFArray: Sendable, Equatable {
    /// The element type (never `.array`: nested arrays are rejected).
    public let elementType: GGUFValueType
    /// The number of elements.
    public let count: Int
    /// Absolute byte range of the elements in the file.
    public let byteRange: Range<Int>
    /// Whether the file is big-endian.
    public let bigEndian: Bool

    /// Decodes the first `limit` elements (all when nil) from `file`'s bytes.
    public func elements(in file: MappedFile, limit: Int? = nil) -> [GGUFValue] {
        let n = min(count, limit ?? count)
        var cursor = ByteCursor(file.bytes(in: byteRange), base: byteRange.lowerBound, bigEndian: bigEndian)
        var out: [GGUFValue] = []
        out.reserveCapacity(n)
        for _ in 0..<n {
            // The parser validated every element of this range, so these reads cannot fail.
            guard let v = try? GGUFHeaderReader.readScalar(elementType, &cursor, what: "array element") else { break }
            out.append(v)
        }
        return out
    }
}

extension GGUFHeaderReader {
    /// Reads one non-array value of type `type`.
    static func readScalar(_ type: GGUFValueType, _ c: inout ByteCursor, what: String) throws(GGUFReadError) -> GGUFValue {
        do {
            switch type {
            case .uint8: return .uint8(try c.read())
            case .int8: return .int8(try c.read())
            case .uint16: return .uint16(try c.read())
            case .int16: return .int16(try c.read())
            case .uint32: return .uint32(try c.read())
            case .int32: return .int32(try c.read())
            case .float32: return .float32(try c.readFloat32())
            case .bool: return .bool(try c.read(UInt8.self) != 0)
            case .uint64: return .uint64(try c.read())
            case .int64: return .int64(try c.read())
            case .float64: return .float64(try c.readFloat64())
            case .string: return .string(try readString(&c, what: what, strictUTF8: false))
            case .array: preconditionFailure("arrays are read by readArray")
            }
        } catch let e as OutOfBounds {
            throw .bounds(e, what)
        } catch let e as GGUFReadError {
            throw e
        } catch {
            preconditionFailure("unexpected error \(error)")
        }
    }

    /// Reads a GGUF string: u64 length, then that many bytes.
    static func readString(_ c: inout ByteCursor, what: String, strictUTF8: Bool) throws(GGUFReadError) -> String {
        let start = c.offset
        let length: UInt64
        do { length = try c.read(UInt64.self) } catch { throw .bounds(error, "\(what) length") }
        if length > 1 << 30 { throw .reason(start, .stringTooLong(what: what, length: length)) }
        guard let n = Int(exactly: length), n <= c.remaining else {
            throw .reason(start, .stringPastEnd(what: what, length: length, bytesLeft: c.remaining))
        }
        let bytes: UnsafeRawBufferPointer
        do { bytes = try c.take(n) } catch { throw .bounds(error, what) }
        if strictUTF8 {
            guard let s = String(validating: bytes, as: UTF8.self) else { throw .reason(start, .notUTF8(what: what)) }
            return s
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
