// Kernels for the ternary types TQ1_0 (base-3 digits packed five or four to a byte) and TQ2_0 (2-bit values);
// both give x = d × t with t in {−1, 0, 1}.

extension Dequantize {
    /// TQ1_0: 48 bytes of five base-3 digits each, 4 bytes of four digits each, f16 d.
    /// Digit k of byte q is ((q × 3^k mod 256) × 3) >> 8, as ggml stores them (fixed-point fractions).
    static func tq1_0(_ src: UnsafeRawPointer, _ blocks: Int, _ out: UnsafeMutablePointer<Float>) {
        let powers: [UInt8] = [1, 3, 9, 27, 81]
        for b in 0..<blocks {
            let p = src + b &* 54, o = out + b &* 256  // b < blocks: within the checked buffers
            let d = half(p, 52)
            @inline(__always) func trit(_ q: UInt8, _ k: Int) -> Float {
                let scaled = UInt16(q &* powers[k])  // wraps mod 256, as the format defines
                return Float(Int((scaled &* 3) >> 8) &- 1)
            }
            for k in 0..<5 {
                for l in 0..<32 { o[32 &* k &+ l] = d * trit(u8(p, l), k) }
            }
            for k in 0..<5 {
                for l in 0..<16 { o[160 &+ 16 &* k &+ l] = d * trit(u8(p, 32 &+ l), k) }
            }
            for k in 0..<4 {
                for l in 0..<4 { o[240 &+ 4 &* k &+ l] = d * trit(u8(p, 48 &+ l), k) }
            }
        }
    }

    /// TQ2_0: 64 bytes of 2-bit values (element 128h + 32s + l is bits 2s… of byte 32h + l), f16 d; x = d × (q − 1).
    static func tq2_0(_ src: UnsafeRawPointer, _ blocks: Int, _ out: UnsafeMutablePointer<Float>) {
        for b in 0..<blocks {
            let p = src + b &* 66, o = out + b &* 256  // b < blocks: within the checked buffers
            let d = SIMD16<Float>(repeating: half(p, 64))
            for h in 0..<2 {
                for half16 in 0..<2 {
                    let q = bytes16(p, 32 &* h &+ 16 &* half16)
                    for s in 0..<4 {
                        let t = floats((q &>> UInt8(2 &* s)) & 3) - 1
                        store(d * t, o + (128 &* h &+ 32 &* s &+ 16 &* half16))
                    }
                }
            }
        }
    }
}
