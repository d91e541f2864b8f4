// Dequantization entry point: checks the buffers once, then dispatches to the kernel of each type family
// (Dequantize+Legacy, +KQuants, +IQuants, +Ternary, +FP4, +Floats); each kernel writes whole blocks of floats.

/// Why a buffer could not be dequantized.
public enum DequantizeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The type has no dequantizer (unknown GGML id, or C64).
    case unsupportedType(ElementType)
    /// The byte count is not a whole number of blocks.
    case partialBlock(type: ElementType, byteCount: Int, bytesPerBlock: Int)
    /// The output buffer holds fewer floats than the blocks produce.
    case outputTooSmall(needed: Int, available: Int)

    public var description: String {
        switch self {
        case .unsupportedType(let t):
            return "cannot dequantize type \(t.name)"
        case let .partialBlock(t, bytes, per):
            return "\(bytes) bytes is not a whole number of \(t.name) blocks of \(per) bytes"
        case let .outputTooSmall(needed, available):
            return "output holds \(available) floats, blocks produce \(needed)"
        }
    }
}

extension ElementType {
    /// Whether `dequantize(_:blocks:into:)` can convert this type (every known type except C64).
    public var canDequantize: Bool {
        switch self {
        case .c64, .unknownGGML: return false
        default: return true
        }
    }
}

/// Converts whole blocks of `type` into floats, in element order.
///
/// Values are those gguf-py's `dequantize` gives (bit for bit; see the tests for the types whose reference
/// differs), and for plain types `numpy.astype(float32)`. F8/F6/F4 follow the OCP and PyTorch definitions;
/// F4 packs two values per byte, low nibble first; F6 packs four values in three bytes as a little-endian
/// bit stream (value k in bits 6k..6k+5). BOOL gives 1 for any non-zero byte.
///
/// - Parameters:
///   - type: The element type of the bytes.
///   - blocks: A whole number of blocks (`type.bytesPerBlock` bytes each), any alignment.
///   - out: Room for at least `blocks.count / bytesPerBlock × elementsPerBlock` floats.
/// - Returns: The number of floats written.
/// - Throws: `DequantizeError` for an unsupported type, a partial block, or a short output; nothing is written.
@discardableResult
public func dequantize(_ type: ElementType, blocks: UnsafeRawBufferPointer,
                       into out: UnsafeMutableBufferPointer<Float>) throws(DequantizeError) -> Int {
    guard type.canDequantize else { throw .unsupportedType(type) }
    let bytesPerBlock = type.bytesPerBlock, elementsPerBlock = type.elementsPerBlock
    guard blocks.count % bytesPerBlock == 0 else {
        throw .partialBlock(type: type, byteCount: blocks.count, bytesPerBlock: bytesPerBlock)
    }
    let blockCount = blocks.count / bytesPerBlock
    let (needed, overflow) = blockCount.multipliedReportingOverflow(by: elementsPerBlock)
    guard !overflow, needed <= out.count else {
        throw .outputTooSmall(needed: overflow ? Int.max : needed, available: out.count)
    }
    guard blockCount > 0, let src = blocks.baseAddress, let dst = out.baseAddress else { return 0 }
    // From here on every kernel reads blockCount × bytesPerBlock bytes and writes `needed` floats: both checked above.
    Dequantize.run(type, src, blockCount, dst)
    return needed
}

/// The per-type kernels. Each takes `blocks` whole blocks at `src` and writes their elements at `out`;
/// the caller (`dequantize`) has checked both lengths, so the kernels index without further checks.
enum Dequantize {
    /// Dispatches to the kernel of `type` (which must satisfy `canDequantize`).
    static func run(_ type: ElementType, _ src: UnsafeRawPointer, _ blocks: Int, _ out: UnsafeMutablePointer<Float>) {
        switch type {
        case .f32: f32(src, blocks, out)
        case .f16: HalfConversion.convert(halves: src, count: blocks, into: out)
        case .bf16: bf16(src, blocks, out)
        case .f64: f64(src, blocks, out)
        case .i8: integers(src, blocks, out, as: Int8.self)
        case .i16: integers(src, blocks, out, as: Int16.self)
        case .i32: integers(src, blocks, out, as: Int32.self)
        case .i64: integers(src, blocks, out, as: Int64.self)
        case .u8: integers(src, blocks, out, as: UInt8.self)
        case .u16: integers(src, blocks, out, as: UInt16.self)
        case .u32: integers(src, blocks, out, as: UInt32.self)
        case .u64: integers(src, blocks, out, as: UInt64.self)
        case .bool: bool(src, blocks, out)
        case .f8_e4m3, .f8_e5m2, .f8_e8m0, .f8_e4m3fnuz, .f8_e5m2fnuz: byteTable(src, blocks, out, MiniFloat.table(type))
        case .f4: f4(src, blocks, out)
        case .f6_e2m3, .f6_e3m2: f6(src, blocks, out, MiniFloat.table(type))
        case .q4_0: q4_0(src, blocks, out)
        case .q4_1: q4_1(src, blocks, out)
        case .q5_0: q5_0(src, blocks, out)
        case .q5_1: q5_1(src, blocks, out)
        case .q8_0: q8_0(src, blocks, out)
        case .q8_1: q8_1(src, blocks, out)
        case .q1_0: q1_0(src, blocks, out)
        case .q2_K: q2_K(src, blocks, out)
        case .q3_K: q3_K(src, blocks, out)
        case .q4_K: q4_K(src, blocks, out)
        case .q5_K: q5_K(src, blocks, out)
        case .q6_K: q6_K(src, blocks, out)
        case .q8_K: q8_K(src, blocks, out)
        case .iq4_nl: iq4_nl(src, blocks, out)
        case .iq4_xs: iq4_xs(src, blocks, out)
        case .iq2_xxs: iq2_xxs(src, blocks, out)
        case .iq2_xs: iq2_xs(src, blocks, out)
        case .iq2_s: iq2_s(src, blocks, out)
        case .iq3_xxs: iq3_xxs(src, blocks, out)
        case .iq3_s: iq3_s(src, blocks, out)
        case .iq1_s: iq1_s(src, blocks, out)
        case .iq1_m: iq1_m(src, blocks, out)
        case .tq1_0: tq1_0(src, blocks, out)
        case .tq2_0: tq2_0(src, blocks, out)
        case .mxfp4: mxfp4(src, blocks, out)
        case .nvfp4: nvfp4(src, blocks, out)
        case .c64, .unknownGGML: preconditionFailure("dispatch of a type without a dequantizer")  // excluded by canDequantize
        }
    }

    // MARK: Shared helpers for the kernels (all reads are within the block the caller checked).

    /// The half-precision value at `offset`.
    @inline(__always)
    static func half(_ p: UnsafeRawPointer, _ offset: Int) -> Float {
        HalfConversion.float(fromHalfBits: UInt16(littleEndian: p.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
    }

    /// The little-endian UInt16 at `offset`.
    @inline(__always)
    static func u16(_ p: UnsafeRawPointer, _ offset: Int) -> UInt16 {
        UInt16(littleEndian: p.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }

    /// The little-endian UInt32 at `offset`.
    @inline(__always)
    static func u32(_ p: UnsafeRawPointer, _ offset: Int) -> UInt32 {
        UInt32(littleEndian: p.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    /// The byte at `offset`.
    @inline(__always)
    static func u8(_ p: UnsafeRawPointer, _ offset: Int) -> UInt8 {
        p.load(fromByteOffset: offset, as: UInt8.self)  // bytes have no alignment requirement
    }

    /// Sixteen bytes at `offset`.
    @inline(__always)
    static func bytes16(_ p: UnsafeRawPointer, _ offset: Int) -> SIMD16<UInt8> {
        p.loadUnaligned(fromByteOffset: offset, as: SIMD16<UInt8>.self)
    }

    /// Stores sixteen floats at `out`.
    @inline(__always)
    static func store(_ v: SIMD16<Float>, _ out: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(out).storeBytes(of: v, as: SIMD16<Float>.self)
    }

    /// Stores eight floats at `out`.
    @inline(__always)
    static func store(_ v: SIMD8<Float>, _ out: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(out).storeBytes(of: v, as: SIMD8<Float>.self)
    }

    /// Sixteen nibbles or small unsigned values as floats.
    @inline(__always)
    static func floats(_ v: SIMD16<UInt8>) -> SIMD16<Float> { SIMD16<Float>(v) }
}
