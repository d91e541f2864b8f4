// Kernels for the i-quants (IQ2_XXS, IQ2_XS, IQ2_S, IQ3_XXS, IQ3_S, IQ1_S, IQ1_M, IQ4_NL, IQ4_XS): grid
// lookups (IQuantGrids) with sign masks, scaled as gguf-py does (d × (0.5 + s) × 0.25 and so on, in that order).

extension Dequantize {
    /// Lane k holds 1 << k: tests the eight sign bits of a byte.
    private static let signBits = SIMD8<Int32>(1, 2, 4, 8, 16, 32, 64, 128)

    /// ggml's ksigns_iq2xs: seven sign bits plus an eighth that makes the count of set bits even.
    private static let evenSigns: [UInt8] = (0..<128).map { i in
        UInt8(i) | (UInt8(i).nonzeroBitCount & 1 == 1 ? 0x80 : 0)
    }

    /// IQ4_NL's sixteen non-linear levels.
    static let iq4Levels: [Float] = [-127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113]

    /// Eight unsigned grid bytes (element k in byte k) as floats.
    @inline(__always)
    private static func gridRow(_ row: UInt64) -> SIMD8<Float> {
        SIMD8<Float>(unsafeBitCast(row.littleEndian, to: SIMD8<UInt8>.self))  // same size, trivial types
    }

    /// Eight signed grid bytes (IQ1's −1, 0, 1) as floats.
    @inline(__always)
    private static func signedGridRow(_ row: UInt64) -> SIMD8<Float> {
        SIMD8<Float>(unsafeBitCast(row.littleEndian, to: SIMD8<Int8>.self))  // same size, trivial types
    }

    /// `v` with the lanes whose bit is set in `signs` negated.
    @inline(__always)
    private static func applySigns(_ v: SIMD8<Float>, _ signs: UInt8) -> SIMD8<Float> {
        v.replacing(with: -v, where: (SIMD8<Int32>(repeating: Int32(signs)) & signBits) .!= SIMD8<Int32>())
    }

    /// IQ2_XXS: f16 d, then per 32 elements a u32 of four grid indices and a u32 of 4×7 sign bits and a 4-bit scale.
    static func iq2_xxs(_ src: UnsafeRawPointer, _ blocks: Int, _ out: UnsafeMutablePointer<Float>) {
        IQuantGrids.iq2xxs.withUnsafeBufferPointer { grid in
            evenSigns.withUnsafeBufferPointer { ksigns in
                for b in 0..<blocks {
                    let p = src + b &* 66, o = out + b &* 256  // b < blocks: within the checked buffers
                    let d = half(p, 0)
                    for ib in 0..<8 {
                        let aux0 = u32(p, 2 &+ 8 &* ib), aux1 = u32(p, 6 &+ 8 &* ib)
                        let db = SIMD8<Float>(repeating: d * (0.5 + Float(aux1 >> 28)) * 0.25)
                        for l in 0..<4 {
                            let row = grid[Int((aux0 >> UInt32(8 &* l)) & 0xFF)]  // index < 256 = grid size
                            let signs = ksigns[Int((aux1 >> UInt32(7 &* l)) & 0x7F)]  // index < 128
                            store(applySigns(db * gridRow(row), signs), o + (32 &* ib &+ 8 &* l))
                        }
                    }
                }
            }
        }
    }

    /// IQ2_XS: f16 d, 32 u16 (9-bit grid index, 7-bit sign index), 8 bytes of 4-bit scales (one per 16 elements).
    static func iq2_xs(_ src: UnsafeRawPointer, _ blocks: Int, _ out: UnsafeMutablePointer<Float>) {
        IQuantGrids.iq2xs.withUnsafeBufferPointer { grid in
            evenSigns.withUnsafeBufferPointer { ksigns in
                for b in 0..<blocks {
                    let p = src + b &* 74, o = out + b &* 256  // b < blocks: within the checked buffers
                    let d = half(p, 0)
                    for g in 0..<16 {
                        let scale = (u8(p, 66 &+ g >> 1) >> UInt8(4 &* (g & 1))) & 0x0F
                        let db = SIMD8<Float>(repeating: d * (0.5 + Float(scale)) * 0.25)
                        for r in 0..<2 {
                            let q = u16(p, 2 &+ 2 &* (2 &* g &+ r))
                            let row = grid[Int(q & 511)]  // index < 512 = grid size
                            let signs = ksigns[Int(q >> 9)]  // q >> 9 < 128
                            store(applySigns(db * gridRow(row), signs), o + (16 &* g &+ 8 &* r))
                        }
                    }
                }
            }
        }
    }

    /// IQ2_S: f16 d, 32 grid index bytes, 32 sign bytes, 8 bytes of 2-bit index highs, 8 bytes of 4-bit scales.
    static func iq2_s(_ src: UnsafeRawPointer, _ blocks: Int, _ out: UnsafeMutablePointer<Float>) {
        IQuantGrids.iq2s.withUnsafeBufferPointer { grid in
            for b in 0..<blocks {
                let p = src + b &* 82, o = out + b &* 256  // b < blocks: within the checked buffers
                let d = half(p, 0)
                for g in 0..<16 {
                    let scale = (u8(p, 74 &+ g >> 1) >> UInt8(4 &* (g & 1))) & 0x0F
                    let db = SIMD8<Float>(repeating: d * (0.5 + Float(scale)) * 0.25)
                    for r in 0..<2 {
                        let i = 2 &* g &+ r
                        let high = (Int(u8(p, 66 &+ i >> 2)) >> (2 &* (i & 3))) & 3
                        let row = grid[Int(u8(p, 2 &+ i)) | high << 8]  // index < 1024 = grid size
                        store(applySigns(db * gridRow(row), u8(p, 34 &+ i)), o + 8 &* i)
                    }
                }
            }
        }
    }

    /// IQ3_XXS: f16 d, 64 grid index bytes (4 elements each), then per 32 elements a u32 of 4×7 sign bits and a scale.
    static func iq3_xxs(_ src: UnsafeRawPointer, _ blocks: Int, _ out: UnsafeMutablePointer<Float>) {
        IQuantGrids.iq3xxs.withUnsafeBufferPointer { grid in
            evenSigns.withUnsafeBufferPointer { ksigns in
                for b in 0..<blocks {
                    let p = src + b &* 98, o = out + b &* 256  // b < blocks: within the checked buffers
                    let d = half(p, 0)
                    for ib in 0..<8 {
                        let aux = u32(p, 66 &+ 4 &* ib)
                        let db = SIMD8<Float>(repeating: d * (0.5 + Float(aux >> 28)) * 0.5)
                        for l in 0..<4 {
                            let i = 8 &* ib &+ 2 &* l
                            let r0 = grid[Int(u8(p, 2 &+ i))], r1 = grid[Int(u8(p, 3 &+ i))]  // a byte indexes 256 entries
                            let row = UInt64(r0) | UInt64(r1) << 32
                            let signs = ksigns[Int((aux >> UInt32(7 &* l)) & 0x7F)]  // index < 128
                            store(applySigns(db * gridRow(row), signs), o + (32 &* ib &+ 8 &* l))
                        }
                    }
                }
            }
        }
    }

    /// IQ3_S: f16 d, 64 grid index bytes, 8 bytes of index high bits, 32 sign bytes, 4 bytes of 4-bit scales.
    static func iq3_s(_ src: UnsafeRawPointer, _ blocks: Int, _ out: UnsafeMutablePointer<Float>) {
        IQuantGrids.iq3s.withUnsafeBufferPointer { grid in
            for b in 0..<blocks {
                let p = src + b &* 110, o = out + b &* 256  // b < blocks: within the checked buffers
                let d = half(p, 0)
                for j in 0..<32 {  // eight elements: grid entries 2j and 2j + 1, sign byte j
                    let ib = j >> 2
                    let scale = (u8(p, 106 &+ ib >> 1) >> UInt8(4 &* (ib & 1))) & 0x0F
                    let db = SIMD8<Float>(repeating: d * Float(1 &+ 2 &* scale))
                    let i0 = 2 &* j, i1 = 2 &* j &+ 1
                    let h0 = (Int(u8(p, 66 &+ i0 >> 3)) >> (i0 & 7)) & 1, h1 = (Int(u8(p, 66 &+ i1 >> 3)) >> (i1 & 7)) & 1
                    let r0 = grid[Int(u8(p, 2 &+ i0)) | h0 << 8], r1 = grid[Int(u8(p, 2 &+ i1)) | h1 << 8]  // 9-bit index < 512
                    let row = UInt64(r0) | UInt64(r1) << 32
                    store(applySigns(db * gridRow(row), u8(p, 74 &+ j)), o + 8 &* j)
                }
            }
        }
    }

    /// IQ1_S: f16 d, 32 grid index bytes, 8 u16 (3-bit index highs ×4, 3-bit scale, delta sign);
    /// x = (d × (2s + 1)) × (grid ± 0.125).
    static func iq1_s(_ src: UnsafeRawPointer, _ blocks: Int, _ out: UnsafeMutablePointer<Float>) {
        IQuantGrids.iq1s.withUnsafeBufferPointer { grid in
            for b in 0..<blocks {
                let p = src + b &* 50, o = out + b &* 256  // b < blocks: within the checked buffers
                let d = half(p, 0)
                for ib in 0..<8 {
                    let qh = u16(p, 34 &+ 2 &* ib)
                    let dl = SIMD8<Float>(repeating: d * Float(2 &* ((qh >> 12) & 7) &+ 1))
                    let delta = SIMD8<Float>(repeating: qh & 0x8000 == 0 ? 0.125 : -0.125)
                    for l in 0..<4 {
                        let index = Int(u8(p, 2 &+ 4 &* ib &+ l)) | Int((qh >> UInt16(3 &* l)) & 7) << 8  // < 2048
                        store(dl * (signedGridRow(grid[index]) + delta), o + (32 &* ib &+ 8 &* l))
                    }
                }
            }
        }
    }

    /// The f16 super-block scale of an IQ1_M block, spread over the top nibbles of its four u16 scale words.
    @inline(__always)
    static func iq1mScale(_ p: UnsafeRawPointer) -> Float {
        let s0 = u16(p, 48), s1 = u16(p, 50), s2 = u16(p, 52), s3 = u16(p, 54)
        let bits = (s0 >> 12) | ((s1 >> 8) & 0x00F0) | ((s2 >> 4) & 0x0F00) | (s3 & 0xF000)
        return HalfConversion.float(fromHalfBits: bits)
    }

    /// IQ1_M: 32 grid index bytes, 16 bytes of (3-bit index high, delta sign) nibbles, 4 u16 of 3-bit scales
    /// whose top nibbles form the f16 d; x = (d × (2s + 1)) × (grid ± 0.125).
    static func iq1_m(_ src: UnsafeRawPointer, _ blocks: Int, _ out: UnsafeMutablePointer<Float>) {
        IQuantGrids.iq1s.withUnsafeBufferPointer { grid in
            for b in 0..<blocks {
                let p = src + b &* 56, o = out + b &* 256  // b < blocks: within the checked buffers
                let d = iq1mScale(p)
                for j in 0..<16 {  // sixteen elements share a 3-bit scale
                    let s = (u16(p, 48 &+ 2 &* (j >> 2)) >> UInt16(3 &* (j & 3))) & 7
                    let dl = SIMD8<Float>(repeating: d * Float(2 &* s &+ 1))
                    for r in 0..<2 {
                        let i = 2 &* j &+ r
                        let nibble = (u8(p, 32 &+ i >> 1) >> UInt8(4 &* (i & 1))) & 0x0F
                        let index = Int(u8(p, i)) | Int(nibble & 7) << 8  // < 2048
                        let delta = SIMD8<Float>(repeating: nibble & 8 == 0 ? 0.125 : -0.125)
                        store(dl * (signedGridRow(grid[index]) + delta), o + 8 &* i)
                    }
                }
            }
        }
    }

    /// IQ4_NL: f16 d, 16 bytes of level nibbles (low: elements 0–15, high: 16–31); x = d × level.
    static func iq4_nl(_ src: UnsafeRawPointer, _ blocks: Int, _ out: UnsafeMutablePointer<Float>) {
        iq4Levels.withUnsafeBufferPointer { levels in
            for b in 0..<blocks {
                let p = src + b &* 18, o = out + b &* 32  // b < blocks: within the checked buffers
                let d = half(p, 0)
                for j in 0..<16 {
                    let q = u8(p, 2 &+ j)
                    o[j] = d * levels[Int(q & 0x0F)]  // nibble < 16 = table size
                    o[j &+ 16] = d * levels[Int(q >> 4)]
                }
            }
        }
    }

    /// IQ4_XS: f16 d, u16 of 2-bit scale highs, 4 bytes of 4-bit scale lows, 128 bytes of level nibbles;
    /// x = (d × (scale − 32)) × level, per 32 elements.
    static func iq4_xs(_ src: UnsafeRawPointer, _ blocks: Int, _ out: UnsafeMutablePointer<Float>) {
        iq4Levels.withUnsafeBufferPointer { levels in
            for b in 0..<blocks {
                let p = src + b &* 136, o = out + b &* 256  // b < blocks: within the checked buffers
                let d = half(p, 0)
                let highs = u16(p, 2)
                for ib in 0..<8 {
                    let low = (u8(p, 4 &+ ib >> 1) >> UInt8(4 &* (ib & 1))) & 0x0F
                    let high = UInt8(truncatingIfNeeded: highs >> UInt16(2 &* ib)) & 3
                    let dl = d * Float(Int8(bitPattern: low | high << 4) &- 32)
                    let ob = o + 32 &* ib
                    for j in 0..<16 {
                        let q = u8(p, 8 &+ 16 &* ib &+ j)
                        ob[j] = dl * levels[Int(q & 0x0F)]  // nibble < 16 = table size
                        ob[j &+ 16] = dl * levels[Int(q >> 4)]
                    }
                }
            }
        }
    }
}
