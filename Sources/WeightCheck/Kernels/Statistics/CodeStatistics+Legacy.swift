// Statistics from codes for Q4_0, Q8_0 and Q8_1: x = d × k with k = q − 8 (4-bit q) or a signed byte. d × k is exact
// in float (an f16 d has 11 significant bits, k at most 8), so a block is d and integer sums of k and k² read
// from byte tables; extremes come from the codes' bounds, and the rare block that could widen them is scanned.

extension CodeTables {
    /// Per byte of two nibbles lo, hi: (lo + hi) | (lo² + hi²) << 16 | ([lo = 8] + [hi = 8]) << 32.
    static let nibblePairs: [UInt64] = (0..<256).map { q in
        let lo = UInt64(q & 15), hi = UInt64(q >> 4)
        return (lo + hi) | (lo * lo + hi * hi) << 16 | ((lo == 8 ? 1 : 0) + (hi == 8 ? 1 : 0)) << 32
    }

    /// Per byte as a signed k: (k + 128) | k² << 16 | [k = 0] << 40.
    static let signedBytes: [UInt64] = (0..<256).map { q in
        let k = Int64(Int8(truncatingIfNeeded: q))
        return UInt64(k + 128) | UInt64(k * k) << 16 | UInt64(k == 0 ? 1 : 0) << 40
    }
}

extension CodeMoments {
    /// Whether values unit × kLow … unit × kHigh could lie outside the running extremes.
    @inline(__always)
    func mayWiden(unit: Double, _ kLow: Int, _ kHigh: Int) -> Bool {
        let a = unit * Double(kLow), b = unit * Double(kHigh)
        return Swift.min(a, b) < low || Swift.max(a, b) > high
    }

    /// Q4_0: f16 d, 16 bytes of nibbles; x = d × (q − 8).
    mutating func addQ4_0(_ base: UnsafeRawPointer, _ blocks: Int, _ scratch: UnsafeMutablePointer<Float>,
                          into stats: inout TensorStatistics) {
        CodeTables.nibblePairs.withUnsafeBufferPointer { table in
            for b in 0..<blocks {
                let p = base + b &* 18  // b < blocks: within the caller's checked bytes
                let d = CodeMoments.half(p, 0)
                guard d.isFinite else { addSlowly(.q4_0, p, scratch); continue }
                var t: UInt64 = 0
                for j in 2..<18 { t &+= table[Int(p.load(fromByteOffset: j, as: UInt8.self))] }  // a byte indexes 256
                // Fields: Σq ≤ 480, Σq² ≤ 7200, zeros ≤ 32: no carry between the 16-bit fields.
                let sq = Int(t & 0xFFFF), sq2 = Int((t >> 16) & 0xFFFF), z = Int((t >> 32) & 0xFFFF)
                let k1 = sq &- 256, k2 = sq2 &- 16 &* sq &+ 2048  // Σ(q − 8), Σ(q − 8)² over 32 values
                let unit = Double(d)
                add(count: 32, unit: unit, k1: k1, spread: 32 &* k2 &- k1 &* k1)
                zeroCount &+= d == 0 ? 32 : z
                if mayWiden(unit: unit, -8, 7) { scanExtremes(.q4_0, p, scratch, zeros: false) }
                flushIfFull(into: &stats)
            }
        }
    }

    /// Q8_0: f16 d, 32 signed bytes; x = q × d.
    mutating func addQ8_0(_ base: UnsafeRawPointer, _ blocks: Int, _ scratch: UnsafeMutablePointer<Float>,
                          into stats: inout TensorStatistics) {
        addQ8(.q8_0, codes: 2, base, blocks, scratch, into: &stats)
    }

    /// Q8_1: f16 d, f16 s (not a value), 32 signed bytes; x = q × d, as Q8_0 with its codes at 4.
    mutating func addQ8_1(_ base: UnsafeRawPointer, _ blocks: Int, _ scratch: UnsafeMutablePointer<Float>,
                          into stats: inout TensorStatistics) {
        addQ8(.q8_1, codes: 4, base, blocks, scratch, into: &stats)
    }

    /// Q8_0 or Q8_1 (`type`): f16 d at 0, 32 signed bytes at `codes`.
    @inline(__always)
    private mutating func addQ8(_ type: ElementType, codes: Int, _ base: UnsafeRawPointer, _ blocks: Int,
                                _ scratch: UnsafeMutablePointer<Float>, into stats: inout TensorStatistics) {
        let size = type.bytesPerBlock
        CodeTables.signedBytes.withUnsafeBufferPointer { table in
            for b in 0..<blocks {
                let p = base + b &* size  // b < blocks: within the caller's checked bytes
                let d = CodeMoments.half(p, 0)
                guard d.isFinite else { addSlowly(type, p, scratch); continue }
                var t: UInt64 = 0
                for j in codes..<(codes &+ 32) { t &+= table[Int(p.load(fromByteOffset: j, as: UInt8.self))] }  // a byte indexes 256
                // Fields: Σ(k + 128) ≤ 8160 (16 bits), Σk² ≤ 2^19 (24 bits), zeros ≤ 32: no carry between them.
                let k1 = Int(t & 0xFFFF) &- 4096, k2 = Int((t >> 16) & 0xFF_FFFF), z = Int(t >> 40)
                let unit = Double(d)
                add(count: 32, unit: unit, k1: k1, spread: 32 &* k2 &- k1 &* k1)
                zeroCount &+= d == 0 ? 32 : z
                if mayWiden(unit: unit, -128, 127) {
                    let a = p.loadUnaligned(fromByteOffset: codes, as: SIMD16<Int8>.self)
                    let c = p.loadUnaligned(fromByteOffset: codes &+ 16, as: SIMD16<Int8>.self)
                    extremes(unit: unit, Int(a.replacing(with: c, where: c .< a).min()),
                             Int(a.replacing(with: c, where: c .> a).max()))
                }
                flushIfFull(into: &stats)
            }
        }
    }
}
