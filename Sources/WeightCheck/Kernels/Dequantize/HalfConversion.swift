// HalfConversion: IEEE half (F16) and bfloat16 to Float by bit manipulation, in SIMD and scalar forms, and
// the F16C path from CWeightKernels behind run-time detection (x86-64's default target has no F16C).
import CWeightKernels

/// Conversions from 16-bit floating-point bit patterns to `Float`.
///
/// On the default x86-64 target `Float(Float16)` is a library call (about 0.2 GB/s); these use integer
/// operations on SIMD lanes instead, or the F16C instruction when the CPU has it. All forms return the same
/// bits for every one of the 65,536 inputs; a signalling NaN comes back quiet (its quiet bit set), as F16C
/// and IEEE 754's convertFormat do.
public enum HalfConversion {
    /// Whether the F16C path is usable on this CPU (x86 with F16C and OS-saved AVX state).
    public static let hasF16C: Bool = wc_cpu_has_f16c() != 0

    /// Which implementation `convert` uses.
    public enum Implementation: Sendable {
        /// F16C where the CPU has it, else the SIMD bit-manipulation path.
        case automatic
        /// The pure-Swift SIMD bit-manipulation path.
        case swift
        /// The C F16C path; falls back to `.swift` where the CPU lacks F16C.
        case f16c
    }

    /// The `Float` with the same value as the IEEE half-precision bit pattern `bits` (scalar, pure Swift).
    @inline(__always)
    public static func float(fromHalfBits bits: UInt16) -> Float {
        let h = UInt32(bits)
        let sign = (h & 0x8000) << 16
        let exponent = h & 0x7C00
        let magnitude = (h & 0x7FFF) << 13
        if exponent == 0x7C00 {
            // Inf or NaN: all-ones exponent, payload kept, NaN made quiet.
            let quiet: UInt32 = (h & 0x03FF) != 0 ? 0x0040_0000 : 0
            return Float(bitPattern: sign | 0x7F80_0000 | magnitude | quiet)
        }
        if exponent == 0 {
            // Zero or subnormal: mantissa × 2^-24 is exact in Float.
            let value = Float(h & 0x03FF) * 0x1p-24
            return Float(bitPattern: value.bitPattern | sign)
        }
        return Float(bitPattern: sign | (magnitude &+ 0x3800_0000))  // cannot overflow: magnitude < 0x0F80_0000
    }

    /// The `Float` with the same value as the bfloat16 bit pattern `bits` (exact: bfloat16 is Float's top half).
    @inline(__always)
    public static func float(fromBFloat16Bits bits: UInt16) -> Float {
        Float(bitPattern: UInt32(bits) << 16)
    }

    /// Eight half-precision bit patterns to eight floats, branch-free (the SIMD twin of `float(fromHalfBits:)`).
    @inline(__always)
    static func floats(fromHalfBits bits: SIMD8<UInt16>) -> SIMD8<Float> {
        // Comparisons are equalities against whole vectors and selects take vectors: on the default x86-64
        // target those lower to SSE2 instructions, while ordered integer compares and scalar operands do not.
        typealias V = SIMD8<Int32>
        let h = V(truncatingIfNeeded: bits)
        let zero = V(repeating: 0)
        let sign = (h & 0x8000) &<< 16
        let exponent = h & 0x7C00
        let mantissa = h & 0x03FF
        let magnitude = (h & 0x7FFF) &<< 13
        var result = magnitude &+ 0x3800_0000  // normal numbers: rebias the exponent by 127 − 15
        let special = exponent .== V(repeating: 0x7C00)
        let nanQuiet = zero.replacing(with: V(repeating: 0x0040_0000), where: mantissa .!= zero)
        result = result.replacing(with: magnitude | 0x7F80_0000 | nanQuiet, where: special)
        let subnormal = SIMD8<Float>(mantissa) * 0x1p-24  // exact; no subnormal operands
        result = result.replacing(with: subnormal.bitPattern.asInt32, where: exponent .== zero)
        return SIMD8<Float>(bitPattern: result | sign)
    }

    /// Eight bfloat16 bit patterns to eight floats.
    @inline(__always)
    static func floats(fromBFloat16Bits bits: SIMD8<UInt16>) -> SIMD8<Float> {
        SIMD8<Float>(bitPattern: SIMD8<UInt32>(truncatingIfNeeded: bits) &<< 16)
    }

    /// Converts `count` little-endian half-precision values at `source` (any alignment) into `destination`.
    ///
    /// - Parameters:
    ///   - source: At least `2 × count` readable bytes.
    ///   - destination: At least `count` writable floats.
    ///   - implementation: Which path to use; tests pin each one to compare them.
    public static func convert(halves source: UnsafeRawPointer, count: Int, into destination: UnsafeMutablePointer<Float>,
                               implementation: Implementation = .automatic) {
        guard count > 0 else { return }
        if implementation != .swift && hasF16C {
            wc_f16_to_f32_f16c(source, destination, count)
            return
        }
        var i = 0
        while i + 8 <= count {  // i + 8 ≤ count: the 16-byte load and the 8-float store are in bounds
            let bits = source.loadUnaligned(fromByteOffset: 2 &* i, as: SIMD8<UInt16>.self)
            UnsafeMutableRawPointer(destination + i).storeBytes(of: floats(fromHalfBits: SIMD8<UInt16>(littleEndianLanes: bits)),
                                                               as: SIMD8<Float>.self)
            i &+= 8
        }
        while i < count {  // i < count: in bounds
            destination[i] = float(fromHalfBits: UInt16(littleEndian: source.loadUnaligned(fromByteOffset: 2 &* i, as: UInt16.self)))
            i &+= 1
        }
    }
}

extension SIMD8 where Scalar == UInt16 {
    /// Lanes read from little-endian storage, in host order (a no-op on little-endian hosts).
    @inline(__always)
    init(littleEndianLanes lanes: SIMD8<UInt16>) {
        #if _endian(big)
        var swapped = lanes
        for i in 0..<8 { swapped[i] = lanes[i].byteSwapped }
        self = swapped
        #else
        self = lanes
        #endif
    }
}
