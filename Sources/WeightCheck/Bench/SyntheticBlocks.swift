// SyntheticBlocks: fast, deterministic stand-ins for real tensor bytes of any type — random quant bits with
// sane scales (small positive f16 d, no NaN/Inf), floats of weight-like magnitude — for `bench` and tests.

/// Fills buffers with plausible tensor bytes.
///
/// Real weights cost the kernels what these do: every quant bit is random, every scale field is a finite
/// positive f16 (or f32, E8M0, UE4M3) in [2^-9, 2^-5), every F32/F16/BF16/F64 value a random-signed
/// magnitude in [2^-10, 2^-2). Integer, boolean and 8/6/4-bit float types get random bytes. Random codes are
/// harder in one way: a K-quant's 6-bit scale or min code is 0 once in 64, far more often than in real files, and
/// a kernel that branches on such groups pays for it here (benchmarks/RESULTS.md, fifteenth pass).
public enum SyntheticBlocks {
    /// Fills `out` with whole blocks of `type` (a tail shorter than a block gets random bytes), the same bytes
    /// for the same `seed`.
    ///
    /// - Complexity: O(n); about a byte per cycle, no allocation.
    public static func fill(_ type: ElementType, _ out: UnsafeMutableRawBufferPointer, seed: UInt64) {
        guard let base = out.baseAddress, out.count > 0 else { return }
        var random = WyRand(seed: seed)
        let count = out.count
        var i = 0
        while i &+ 8 <= count {  // i + 8 <= count: in bounds
            base.storeBytes(of: random.next(), toByteOffset: i, as: UInt64.self)
            i &+= 8
        }
        if i < count {
            let last = random.next()
            for k in i..<count { base.storeBytes(of: UInt8(truncatingIfNeeded: last >> (8 &* UInt64(k &- i))), toByteOffset: k, as: UInt8.self) }
        }
        let size = type.bytesPerBlock
        guard size > 0 else { return }
        let blocks = count / size
        // Below, every store is within block b < blocks, i.e. within `out`: offsets are < bytesPerBlock.
        switch type {
        case .f32:
            for e in 0..<blocks {
                let w = load32(base, 4 &* e)
                store32(base, 4 &* e, (w & 0x807F_FFFF) | ((117 &+ (w >> 23 & 7)) << 23))
            }
        case .f16:
            for e in 0..<blocks {
                let w = load16(base, 2 &* e)
                store16(base, 2 &* e, (w & 0x83FF) | ((5 &+ (w >> 10 & 7)) << 10))
            }
        case .bf16:
            for e in 0..<blocks {
                let w = load16(base, 2 &* e)
                store16(base, 2 &* e, (w & 0x807F) | ((117 &+ (w >> 7 & 7)) << 7))
            }
        case .f64:
            for e in 0..<blocks {
                let w = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 8 &* e, as: UInt64.self))
                let v = (w & 0x800F_FFFF_FFFF_FFFF) | ((1013 &+ (w >> 52 & 7)) << 52)
                base.storeBytes(of: v.littleEndian, toByteOffset: 8 &* e, as: UInt64.self)
            }
        default:
            patchScales(type, base, blocks, size, &random)
        }
    }

    /// Overwrites the scale fields of each block with sane values.
    private static func patchScales(_ type: ElementType, _ base: UnsafeMutableRawPointer, _ blocks: Int, _ size: Int,
                                    _ random: inout WyRand) {
        let halves: [Int]
        switch type {
        case .q4_0, .q5_0, .q8_0, .iq4_nl, .q1_0, .iq2_xxs, .iq2_xs, .iq2_s, .iq3_xxs, .iq3_s, .iq1_s, .iq4_xs: halves = [0]
        case .q4_1, .q5_1, .q8_1, .q4_K, .q5_K: halves = [0, 2]
        case .q2_K: halves = [80, 82]
        case .q3_K: halves = [108]
        case .q6_K: halves = [208]
        case .tq1_0: halves = [52]
        case .tq2_0: halves = [64]
        default: halves = []
        }
        for b in 0..<blocks {
            let p = base + b &* size
            let r = random.next()
            for (k, offset) in halves.enumerated() {
                store16(p, offset, saneHalf(r >> (16 &* UInt64(k))))
            }
            switch type {
            case .q8_K:
                store32(p, 0, 0x3B00_0000 | UInt32(truncatingIfNeeded: r) & 0x01FF_FFFF)
            case .mxfp4:
                p.storeBytes(of: UInt8(120 &+ r & 7), toByteOffset: 0, as: UInt8.self)
            case .nvfp4:
                for s in 0..<4 { p.storeBytes(of: UInt8(0x30 &+ (r >> (8 &* UInt64(s))) & 0x0F), toByteOffset: s, as: UInt8.self) }
            case .iq1_m:
                // The f16 d is spread over the top nibbles of the four u16 at 48, 50, 52, 54.
                let d = saneHalf(r)
                for k in 0..<4 {
                    let word = load16(p, 48 &+ 2 &* k) & 0x0FFF
                    store16(p, 48 &+ 2 &* k, word | ((d >> (4 &* UInt16(k))) & 0xF) << 12)
                }
            default:
                break
            }
        }
    }

    /// A positive half in [2^-9, 2^-5) from random bits.
    @inline(__always)
    private static func saneHalf(_ r: UInt64) -> UInt16 { 0x1800 | UInt16(truncatingIfNeeded: r) & 0x0FFF }

    @inline(__always)
    private static func load16(_ p: UnsafeMutableRawPointer, _ offset: Int) -> UInt16 {
        UInt16(littleEndian: p.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }

    @inline(__always)
    private static func store16(_ p: UnsafeMutableRawPointer, _ offset: Int, _ v: UInt16) {
        p.storeBytes(of: v.littleEndian, toByteOffset: offset, as: UInt16.self)
    }

    @inline(__always)
    private static func load32(_ p: UnsafeMutableRawPointer, _ offset: Int) -> UInt32 {
        UInt32(littleEndian: p.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    @inline(__always)
    private static func store32(_ p: UnsafeMutableRawPointer, _ offset: Int, _ v: UInt32) {
        p.storeBytes(of: v.littleEndian, toByteOffset: offset, as: UInt32.self)
    }
}

/// wyrand: a tiny, fast 64-bit generator (Wang Yi's), good enough for benchmark data; deterministic per seed.
struct WyRand {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    @inline(__always)
    mutating func next() -> UInt64 {
        state &+= 0xA076_1D64_78BD_642F
        let m = state.multipliedFullWidth(by: state ^ 0xE703_7ED1_A0B4_28DB)
        return m.high ^ m.low
    }
}
