// Kernels for the 4-bit float block types: MXFP4 (an E8M0 scale per 32 E2M1 values) and NVFP4 (a UE4M3
// scale per 16 E2M1 values, four per 64-element block). E2M1 levels are stored doubled and the scales halved.

extension Dequantize {
    /// E2M1 values, doubled (ggml's kvalues_mxfp4): nibble → 2 × value.
    static let e2m1Doubled: [Float] = [0, 1, 2, 3, 4, 6, 8, 12, 0, -1, -2, -3, -4, -6, -8, -12]

    /// Half the value of the E8M0 scale byte `e` (2^(e − 128)), as ggml_e8m0_to_fp32_half computes it;
    /// 0xFF (NaN in E8M0) gives 2^127, which is why `countBadScales` checks the byte itself.
    @inline(__always)
    static func e8m0Half(_ e: UInt8) -> Float {
        e < 2 ? Float(bitPattern: UInt32(0x0020_0000) << UInt32(e)) : Float(bitPattern: UInt32(e &- 1) << 23)
    }

    /// Half the value of the unsigned E4M3 scale byte `x` (bias 7; 0 and 0x7F give 0), as gguf-py decodes NVFP4.
    @inline(__always)
    static func ue4m3Half(_ x: UInt8) -> Float {
        if x == 0 || x == 0x7F { return 0 }
        let exponent = Int((x >> 3) & 0x0F), mantissa = Float(x & 0x07)
        let raw = exponent == 0 ? mantissa * 0x1p-9 : (1 + mantissa / 8) * Float(sign: .plus, exponent: exponent &- 7, significand: 1)
        return raw * 0.5
    }

    /// MXFP4: E8M0 scale byte, 16 bytes of nibbles (low: elements 0–15, high: 16–31); x = scale/2 × 2·value.
    static func mxfp4(_ src: UnsafeRawPointer, _ blocks: Int, _ out: UnsafeMutablePointer<Float>) {
        e2m1Doubled.withUnsafeBufferPointer { levels in
            for b in 0..<blocks {
                let p = src + b &* 17, o = out + b &* 32  // b < blocks: within the checked buffers
                let d = e8m0Half(u8(p, 0))
                for j in 0..<16 {
                    let q = u8(p, 1 &+ j)
                    o[j] = d * levels[Int(q & 0x0F)]  // nibble < 16 = table size
                    o[j &+ 16] = d * levels[Int(q >> 4)]
                }
            }
        }
    }

    /// NVFP4: four UE4M3 scale bytes, then per 16 elements 8 bytes of nibbles (low: first 8, high: last 8).
    static func nvfp4(_ src: UnsafeRawPointer, _ blocks: Int, _ out: UnsafeMutablePointer<Float>) {
        e2m1Doubled.withUnsafeBufferPointer { levels in
            for b in 0..<blocks {
                let p = src + b &* 36, o = out + b &* 64  // b < blocks: within the checked buffers
                for s in 0..<4 {
                    let d = ue4m3Half(u8(p, s))
                    let os = o + 16 &* s
                    for j in 0..<8 {
                        let q = u8(p, 4 &+ 8 &* s &+ j)
                        os[j] = d * levels[Int(q & 0x0F)]  // nibble < 16 = table size
                        os[j &+ 8] = d * levels[Int(q >> 4)]
                    }
                }
            }
        }
    }
}
