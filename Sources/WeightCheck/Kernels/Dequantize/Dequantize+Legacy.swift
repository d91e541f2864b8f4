// Kernels for the 32-element GGML block types (Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, Q8_1) and Q1_0 (128 elements).
// Operation order follows gguf-py (d × q, then + m) so results match it bit for bit.

extension Dequantize {
    /// Lane k holds 1 << k: tests the bits of a 32-bit mask, sixteen lanes at a time.
    private static let lowBits = SIMD16<UInt32>(1 << 0, 1 << 1, 1 << 2, 1 << 3, 1 << 4, 1 << 5, 1 << 6, 1 << 7,
                                                1 << 8, 1 << 9, 1 << 10, 1 << 11, 1 << 12, 1 << 13, 1 << 14, 1 << 15)

    /// Q4_0: f16 d, 16 bytes of nibbles (low nibbles are elements 0–15, high 16–31); x = d × (q − 8).
    static func q4_0(_ src: UnsafeRawPointer, _ blocks: Int, _ out: UnsafeMutablePointer<Float>) {
        for b in 0..<blocks {
            let p = src + b &* 18, o = out + b &* 32  // b < blocks: within the checked buffers
            let d = SIMD16<Float>(repeating: half(p, 0))
            let q = bytes16(p, 2)
            store(d * (floats(q & 0x0F) - 8), o)
            store(d * (floats(q &>> 4) - 8), o + 16)
        }
    }

    /// Q4_1: f16 d, f16 m, 16 bytes of nibbles; x = d × q + m.
    static func q4_1(_ src: UnsafeRawPointer, _ blocks: Int, _ out: UnsafeMutablePointer<Float>) {
        for b in 0..<blocks {
            let p = src + b &* 20, o = out + b &* 32  // b < blocks: within the checked buffers
            let d = SIMD16<Float>(repeating: half(p, 0)), m = SIMD16<Float>(repeating: half(p, 2))
            let q = bytes16(p, 4)
            store(d * floats(q & 0x0F) + m, o)
            store(d * floats(q &>> 4) + m, o + 16)
        }
    }

    /// The fifth bits of a Q5 block's 32 elements as offsets to add to (nibble − 16) or to nibble: 0 or 16.
    @inline(__always)
    private static func fifthBits(_ qh: UInt32) -> (low: SIMD16<Float>, high: SIMD16<Float>) {
        let zero = SIMD16<Float>(repeating: 0), sixteen = SIMD16<Float>(repeating: 16), none = SIMD16<UInt32>()
        let low = zero.replacing(with: sixteen, where: (SIMD16<UInt32>(repeating: qh) & lowBits) .!= none)
        let high = zero.replacing(with: sixteen, where: (SIMD16<UInt32>(repeating: qh &>> 16) & lowBits) .!= none)
        return (low, high)
    }

    /// Q5_0: f16 d, u32 of fifth bits, 16 bytes of nibbles; x = d × (q − 16).
    static func q5_0(_ src: UnsafeRawPointer, _ blocks: Int, _ out: UnsafeMutablePointer<Float>) {
        for b in 0..<blocks {
            let p = src + b &* 22, o = out + b &* 32  // b < blocks: within the checked buffers
            let d = SIMD16<Float>(repeating: half(p, 0))
            let h = fifthBits(u32(p, 2))
            let q = bytes16(p, 6)
            // Small integers: every sum below is exact, so the order does not change the product.
            store(d * (floats(q & 0x0F) + h.low - 16), o)
            store(d * (floats(q &>> 4) + h.high - 16), o + 16)
        }
    }

    /// Q5_1: f16 d, f16 m, u32 of fifth bits, 16 bytes of nibbles; x = d × q + m.
    static func q5_1(_ src: UnsafeRawPointer, _ blocks: Int, _ out: UnsafeMutablePointer<Float>) {
        for b in 0..<blocks {
            let p = src + b &* 24, o = out + b &* 32  // b < blocks: within the checked buffers
            let d = SIMD16<Float>(repeating: half(p, 0)), m = SIMD16<Float>(repeating: half(p, 2))
            let h = fifthBits(u32(p, 4))
            let q = bytes16(p, 8)
            store(d * (floats(q & 0x0F) + h.low) + m, o)
            store(d * (floats(q &>> 4) + h.high) + m, o + 16)
        }
    }

    /// Q8_0: f16 d, 32 signed bytes; x = q × d.
    static func q8_0(_ src: UnsafeRawPointer, _ blocks: Int, _ out: UnsafeMutablePointer<Float>) {
        for b in 0..<blocks {
            let p = src + b &* 34, o = out + b &* 32  // b < blocks: within the checked buffers
            let d = SIMD16<Float>(repeating: half(p, 0))
            store(SIMD16<Float>(p.loadUnaligned(fromByteOffset: 2, as: SIMD16<Int8>.self)) * d, o)
            store(SIMD16<Float>(p.loadUnaligned(fromByteOffset: 18, as: SIMD16<Int8>.self)) * d, o + 16)
        }
    }

    /// Q8_1: f16 d, f16 s (d × Σq, not needed to dequantize), 32 signed bytes: ggml's 36-byte `block_q8_1`
    /// (gguf-py's size table still says 40, an older layout; ggml, the loader, wins — see FORMATS.md); x = q × d.
    static func q8_1(_ src: UnsafeRawPointer, _ blocks: Int, _ out: UnsafeMutablePointer<Float>) {
        for b in 0..<blocks {
            let p = src + b &* 36, o = out + b &* 32  // b < blocks: within the checked buffers
            let d = SIMD16<Float>(repeating: half(p, 0))
            store(SIMD16<Float>(p.loadUnaligned(fromByteOffset: 4, as: SIMD16<Int8>.self)) * d, o)
            store(SIMD16<Float>(p.loadUnaligned(fromByteOffset: 20, as: SIMD16<Int8>.self)) * d, o + 16)
        }
    }

    /// Q1_0: f16 d, 16 bytes of sign bits (element j is bit j % 8 of byte j / 8); x = bit ? d : −d.
    static func q1_0(_ src: UnsafeRawPointer, _ blocks: Int, _ out: UnsafeMutablePointer<Float>) {
        let bitOf = SIMD8<UInt32>(1, 2, 4, 8, 16, 32, 64, 128)
        for b in 0..<blocks {
            let p = src + b &* 18, o = out + b &* 128  // b < blocks: within the checked buffers
            let d = half(p, 0)
            let minus = SIMD8<Float>(repeating: -d), plus = SIMD8<Float>(repeating: d), none = SIMD8<UInt32>()
            for j in 0..<16 {  // byte j of 16 holds elements 8j..8j+7
                let bits = SIMD8<UInt32>(repeating: UInt32(u8(p, 2 &+ j)))
                store(minus.replacing(with: plus, where: (bits & bitOf) .!= none), o + 8 &* j)
            }
        }
    }
}
