// Kernels for the 256-element K-quant super-blocks (Q2_K, Q3_K, Q4_K, Q5_K, Q6_K, Q8_K). Sub-block scales
// are formed first (d × scale, dmin × min, rounded to Float as gguf-py does), then applied sixteen lanes at a time.

extension Dequantize {
    /// The 6-bit scale and min of each of Q4_K/Q5_K's eight sub-blocks, from their 12 packed bytes at `offset`.
    @inline(__always)
    static func kScaleMin(_ p: UnsafeRawPointer, _ offset: Int) -> (scales: SIMD8<Float>, mins: SIMD8<Float>) {
        var scales = SIMD8<Float>(), mins = SIMD8<Float>()
        for j in 0..<4 {
            let a = u8(p, offset &+ j), m = u8(p, offset &+ 4 &+ j), md = u8(p, offset &+ 8 &+ j)
            scales[j] = Float(a & 0x3F)
            mins[j] = Float(m & 0x3F)
            scales[j &+ 4] = Float((md & 0x0F) | ((a >> 2) & 0x30))
            mins[j &+ 4] = Float((md >> 4) | ((m >> 2) & 0x30))
        }
        return (scales, mins)
    }

    /// Q2_K: 16 bytes of 4-bit scale/min pairs, 64 bytes of 2-bit values, f16 d, f16 dmin;
    /// x = (d × scale) × q − (dmin × min), per 16 elements.
    static func q2_K(_ src: UnsafeRawPointer, _ blocks: Int, _ out: UnsafeMutablePointer<Float>) {
        for b in 0..<blocks {
            let p = src + b &* 84, o = out + b &* 256  // b < blocks: within the checked buffers
            let d = half(p, 80), dmin = half(p, 82)
            for h in 0..<2 {
                for half16 in 0..<2 {
                    let q = bytes16(p, 16 &+ 32 &* h &+ 16 &* half16)
                    for s in 0..<4 {
                        let group = 8 &* h &+ 2 &* s &+ half16  // element (128h + 32s + 16·half16) / 16
                        let sc = u8(p, group)
                        let dl = SIMD16<Float>(repeating: d * Float(sc & 0x0F))
                        let ml = SIMD16<Float>(repeating: dmin * Float(sc >> 4))
                        let v = floats((q &>> UInt8(2 &* s)) & 3)
                        store(dl * v - ml, o + 16 &* group)
                    }
                }
            }
        }
    }

    /// Q3_K: 32 bytes of high-bit masks, 64 bytes of 2-bit values, 12 bytes of 6-bit signed scales, f16 d;
    /// x = (d × (scale − 32)) × (q − 4 × (1 − hbit)), per 16 elements.
    static func q3_K(_ src: UnsafeRawPointer, _ blocks: Int, _ out: UnsafeMutablePointer<Float>) {
        for b in 0..<blocks {
            let p = src + b &* 110, o = out + b &* 256  // b < blocks: within the checked buffers
            let d = half(p, 108)
            for half16 in 0..<2 {
                let hmask = bytes16(p, 16 &* half16)
                for h in 0..<2 {
                    let q = bytes16(p, 32 &+ 32 &* h &+ 16 &* half16)
                    for s in 0..<4 {
                        let group = 8 &* h &+ 2 &* s &+ half16
                        let low = u8(p, 96 &+ (group & 7)) >> UInt8(4 &* (group >> 3)) & 0x0F
                        let high = u8(p, 104 &+ (group & 3)) >> UInt8(2 &* (group >> 2)) & 0x03
                        let scale = Float(Int8(bitPattern: low | high << 4) &- 32)
                        let dl = SIMD16<Float>(repeating: d * scale)
                        // Element e's high bit is bit e/32 of hmask[e % 32]; q − 4 × (1 − hbit) = (q | hbit << 2) − 4.
                        let hbit = (hmask &>> UInt8(4 &* h &+ s)) & 1
                        let v = floats(((q &>> UInt8(2 &* s)) & 3) | (hbit &<< 2)) - 4
                        store(dl * v, o + 16 &* group)
                    }
                }
            }
        }
    }

    /// Q4_K: f16 d, f16 dmin, 12 bytes of 6-bit scales/mins, 128 bytes of nibbles;
    /// x = (d × scale) × q − (dmin × min), per 32 elements.
    static func q4_K(_ src: UnsafeRawPointer, _ blocks: Int, _ out: UnsafeMutablePointer<Float>) {
        for b in 0..<blocks {
            let p = src + b &* 144, o = out + b &* 256  // b < blocks: within the checked buffers
            let sm = kScaleMin(p, 4)
            let dl = SIMD8<Float>(repeating: half(p, 0)) * sm.scales
            let ml = SIMD8<Float>(repeating: half(p, 2)) * sm.mins
            for c in 0..<4 {
                let q0 = bytes16(p, 16 &+ 32 &* c), q1 = bytes16(p, 32 &+ 32 &* c)
                let dLow = SIMD16<Float>(repeating: dl[2 &* c]), mLow = SIMD16<Float>(repeating: ml[2 &* c])
                let dHigh = SIMD16<Float>(repeating: dl[2 &* c &+ 1]), mHigh = SIMD16<Float>(repeating: ml[2 &* c &+ 1])
                let oc = o + 64 &* c
                store(dLow * floats(q0 & 0x0F) - mLow, oc)
                store(dLow * floats(q1 & 0x0F) - mLow, oc + 16)
                store(dHigh * floats(q0 &>> 4) - mHigh, oc + 32)
                store(dHigh * floats(q1 &>> 4) - mHigh, oc + 48)
            }
        }
    }

    /// Q5_K: f16 d, f16 dmin, 12 bytes of scales/mins, 32 bytes of fifth bits, 128 bytes of nibbles;
    /// x = (d × scale) × q − (dmin × min), per 32 elements.
    static func q5_K(_ src: UnsafeRawPointer, _ blocks: Int, _ out: UnsafeMutablePointer<Float>) {
        for b in 0..<blocks {
            let p = src + b &* 176, o = out + b &* 256  // b < blocks: within the checked buffers
            let sm = kScaleMin(p, 4)
            let dl = SIMD8<Float>(repeating: half(p, 0)) * sm.scales
            let ml = SIMD8<Float>(repeating: half(p, 2)) * sm.mins
            let qh0 = bytes16(p, 16), qh1 = bytes16(p, 32)
            for c in 0..<4 {
                let q0 = bytes16(p, 48 &+ 32 &* c), q1 = bytes16(p, 64 &+ 32 &* c)
                for s in 0..<2 {
                    let sub = 2 &* c &+ s  // element e = 32·sub + l; its fifth bit is bit `sub` of qh[l]
                    let h0 = ((qh0 &>> UInt8(sub)) & 1) &<< 4, h1 = ((qh1 &>> UInt8(sub)) & 1) &<< 4
                    let shift = UInt8(4 &* s)
                    let dv = SIMD16<Float>(repeating: dl[sub]), mv = SIMD16<Float>(repeating: ml[sub])
                    let v0 = floats(((q0 &>> shift) & 0x0F) | h0), v1 = floats(((q1 &>> shift) & 0x0F) | h1)
                    let os = o + 32 &* sub
                    store(dv * v0 - mv, os)
                    store(dv * v1 - mv, os + 16)
                }
            }
        }
    }

    /// Q6_K: 128 bytes of low nibbles, 64 bytes of 2-bit highs, 16 signed 8-bit scales, f16 d;
    /// x = (d × scale) × (q − 32), per 16 elements.
    static func q6_K(_ src: UnsafeRawPointer, _ blocks: Int, _ out: UnsafeMutablePointer<Float>) {
        for b in 0..<blocks {
            let p = src + b &* 210, o = out + b &* 256  // b < blocks: within the checked buffers
            let d = half(p, 208)
            for h in 0..<2 {
                for half16 in 0..<2 {
                    let a = bytes16(p, 64 &* h &+ 16 &* half16)
                    let c = bytes16(p, 64 &* h &+ 32 &+ 16 &* half16)
                    let hi = bytes16(p, 128 &+ 32 &* h &+ 16 &* half16)
                    let parts: (SIMD16<UInt8>, SIMD16<UInt8>, SIMD16<UInt8>, SIMD16<UInt8>) = (
                        (a & 0x0F) | ((hi & 0x03) &<< 4),
                        (c & 0x0F) | (((hi &>> 2) & 0x03) &<< 4),
                        (a &>> 4) | (((hi &>> 4) & 0x03) &<< 4),
                        (c &>> 4) | ((hi &>> 6) &<< 4))
                    for s in 0..<4 {
                        let q: SIMD16<UInt8>
                        switch s {
                        case 0: q = parts.0
                        case 1: q = parts.1
                        case 2: q = parts.2
                        default: q = parts.3
                        }
                        let group = 8 &* h &+ 2 &* s &+ half16
                        let scale = Float(Int8(bitPattern: u8(p, 192 &+ group)))
                        let dl = SIMD16<Float>(repeating: d * scale)
                        store(dl * (floats(q) - 32), o + 16 &* group)
                    }
                }
            }
        }
    }

    /// Q8_K: f32 d, 256 signed bytes, 16 i16 block sums (not needed); x = d × q.
    static func q8_K(_ src: UnsafeRawPointer, _ blocks: Int, _ out: UnsafeMutablePointer<Float>) {
        for b in 0..<blocks {
            let p = src + b &* 292, o = out + b &* 256  // b < blocks: within the checked buffers
            let d = SIMD16<Float>(repeating: Float(bitPattern: u32(p, 0)))
            for k in 0..<16 {
                store(d * SIMD16<Float>(p.loadUnaligned(fromByteOffset: 4 &+ 16 &* k, as: SIMD16<Int8>.self)), o + 16 &* k)
            }
        }
    }
}
