// Kernels for the plain types: F32, BF16, F64, the integer types and BOOL, and the small floats of
// safetensors (F8 variants, F6_E2M3, F6_E3M2, F4) decoded through tables built from their definitions.

extension Dequantize {
    /// F32: a copy (the host is little-endian, as every supported target is).
    static func f32(_ src: UnsafeRawPointer, _ count: Int, _ out: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(out).copyMemory(from: src, byteCount: count &* 4)  // count × 4 bytes were checked
    }

    /// BF16: the top half of a float's bits.
    static func bf16(_ src: UnsafeRawPointer, _ count: Int, _ out: UnsafeMutablePointer<Float>) {
        var i = 0
        while i + 8 <= count {  // i + 8 ≤ count: 16 bytes in, 8 floats out, in bounds
            let bits = src.loadUnaligned(fromByteOffset: 2 &* i, as: SIMD8<UInt16>.self)
            store(HalfConversion.floats(fromBFloat16Bits: SIMD8<UInt16>(littleEndianLanes: bits)), out + i)
            i &+= 8
        }
        while i < count {
            out[i] = HalfConversion.float(fromBFloat16Bits: u16(src, 2 &* i))
            i &+= 1
        }
    }

    /// F64: rounded to the nearest float (overflowing to ±Inf, as numpy's astype does).
    static func f64(_ src: UnsafeRawPointer, _ count: Int, _ out: UnsafeMutablePointer<Float>) {
        for i in 0..<count {
            out[i] = Float(Double(bitPattern: UInt64(littleEndian: src.loadUnaligned(fromByteOffset: 8 &* i, as: UInt64.self))))
        }
    }

    /// Integers of type `T`, rounded to the nearest float.
    static func integers<T: FixedWidthInteger>(_ src: UnsafeRawPointer, _ count: Int, _ out: UnsafeMutablePointer<Float>,
                                               as: T.Type) {
        let size = MemoryLayout<T>.size
        for i in 0..<count {
            out[i] = Float(T(littleEndian: src.loadUnaligned(fromByteOffset: size &* i, as: T.self)))
        }
    }

    /// BOOL: 1 for a non-zero byte, else 0.
    static func bool(_ src: UnsafeRawPointer, _ count: Int, _ out: UnsafeMutablePointer<Float>) {
        for i in 0..<count { out[i] = u8(src, i) == 0 ? 0 : 1 }
    }

    /// One byte per value, decoded by a 256-entry table.
    static func byteTable(_ src: UnsafeRawPointer, _ count: Int, _ out: UnsafeMutablePointer<Float>, _ table: [Float]) {
        table.withUnsafeBufferPointer { t in
            for i in 0..<count { out[i] = t[Int(u8(src, i))] }  // a byte indexes a 256-entry table
        }
    }

    /// F4 (E2M1): two values per byte, the low nibble first.
    static func f4(_ src: UnsafeRawPointer, _ bytes: Int, _ out: UnsafeMutablePointer<Float>) {
        MiniFloat.e2m1.withUnsafeBufferPointer { t in
            for i in 0..<bytes {
                let q = u8(src, i)
                out[2 &* i] = t[Int(q & 0x0F)]  // nibble < 16 = table size
                out[2 &* i &+ 1] = t[Int(q >> 4)]
            }
        }
    }

    /// F6: four 6-bit values per three bytes, a little-endian bit stream (value k is bits 6k…6k+5).
    static func f6(_ src: UnsafeRawPointer, _ groups: Int, _ out: UnsafeMutablePointer<Float>, _ table: [Float]) {
        table.withUnsafeBufferPointer { t in
            for g in 0..<groups {
                let word = UInt32(u8(src, 3 &* g)) | UInt32(u8(src, 3 &* g &+ 1)) << 8 | UInt32(u8(src, 3 &* g &+ 2)) << 16
                for k in 0..<4 { out[4 &* g &+ k] = t[Int((word >> UInt32(6 &* k)) & 0x3F)] }  // 6 bits < 64 = table size
            }
        }
    }
}

/// Decoding tables for the sub-16-bit float formats (OCP 8-bit FP and MX specs; FNUZ as PyTorch defines them).
enum MiniFloat {
    /// value = (−1)^sign × 2^(exponent − bias) × (1 + mantissa / 2^mantissaBits), or subnormal when exponent is 0.
    private static func decode(sign: Bool, exponent: Int, mantissa: Int, mantissaBits: Int, bias: Int) -> Float {
        let fraction = Float(mantissa) / Float(1 << mantissaBits)
        let magnitude = exponent == 0
            ? fraction * Float(sign: .plus, exponent: 1 - bias, significand: 1)
            : (1 + fraction) * Float(sign: .plus, exponent: exponent - bias, significand: 1)
        return sign ? -magnitude : magnitude
    }

    /// F8_E4M3 (E4M3FN): bias 7, no infinities, S.1111.111 is NaN.
    static let e4m3: [Float] = (0..<256).map { b in
        if b & 0x7F == 0x7F { return .nan }
        return decode(sign: b & 0x80 != 0, exponent: (b >> 3) & 0x0F, mantissa: b & 7, mantissaBits: 3, bias: 7)
    }

    /// F8_E5M2: IEEE-like, bias 15: the top byte of a half.
    static let e5m2: [Float] = (0..<256).map { b in HalfConversion.float(fromHalfBits: UInt16(b) << 8) }

    /// F8_E8M0 (E8M0FNU): 2^(b − 127), 0xFF is NaN, no sign and no zero.
    static let e8m0: [Float] = (0..<256).map { b in
        b == 0xFF ? .nan : Float(sign: .plus, exponent: b - 127, significand: 1)
    }

    /// F8_E4M3FNUZ: bias 8, no infinities or negative zero, 0x80 is NaN.
    static let e4m3fnuz: [Float] = (0..<256).map { b in
        if b == 0x80 { return .nan }
        return decode(sign: b & 0x80 != 0, exponent: (b >> 3) & 0x0F, mantissa: b & 7, mantissaBits: 3, bias: 8)
    }

    /// F8_E5M2FNUZ: bias 16, no infinities or negative zero, 0x80 is NaN.
    static let e5m2fnuz: [Float] = (0..<256).map { b in
        if b == 0x80 { return .nan }
        return decode(sign: b & 0x80 != 0, exponent: (b >> 2) & 0x1F, mantissa: b & 3, mantissaBits: 2, bias: 16)
    }

    /// F4 (E2M1): bias 1, values 0, 0.5, 1, 1.5, 2, 3, 4, 6 and their negatives.
    static let e2m1: [Float] = (0..<16).map { n in
        decode(sign: n & 8 != 0, exponent: (n >> 1) & 3, mantissa: n & 1, mantissaBits: 1, bias: 1)
    }

    /// F6_E2M3: bias 1, no infinities or NaN, largest 7.5.
    static let e2m3: [Float] = (0..<64).map { v in
        decode(sign: v & 0x20 != 0, exponent: (v >> 3) & 3, mantissa: v & 7, mantissaBits: 3, bias: 1)
    }

    /// F6_E3M2: bias 3, no infinities or NaN, largest 28.
    static let e3m2: [Float] = (0..<64).map { v in
        decode(sign: v & 0x20 != 0, exponent: (v >> 2) & 7, mantissa: v & 3, mantissaBits: 2, bias: 3)
    }

    /// The table of a byte- or 6-bit-coded float type.
    static func table(_ type: ElementType) -> [Float] {
        switch type {
        case .f8_e4m3: return e4m3
        case .f8_e5m2: return e5m2
        case .f8_e8m0: return e8m0
        case .f8_e4m3fnuz: return e4m3fnuz
        case .f8_e5m2fnuz: return e5m2fnuz
        case .f6_e2m3: return e2m3
        case .f6_e3m2: return e3m2
        default: return e2m1
        }
    }
}
