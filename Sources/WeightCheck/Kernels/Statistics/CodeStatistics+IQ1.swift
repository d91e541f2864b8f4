// Statistics from codes for IQ1_S and IQ1_M: x = (d × (2s + 1)) × (g ± 1/8) with g in {−1, 0, 1} from an
// 8-element grid row. In units of d/8 every value is the integer m × (8g ± 1) (m = 2s + 1), and the float
// product is exact (an f16 d times a 4-bit m times 9/8 at most fits a float's 24 bits), so a block is d and
// integer sums over per-grid-row precomputed Σg and Σg²; extremes from the bound |k| ≤ 9m, rare blocks scanned.

extension CodeTables {
    /// Per IQ1 grid row: (Σg + 8) | Σg² << 8, fields that four rows can add without carries (Σg + 8 ≤ 64,
    /// Σg² ≤ 32 per four rows).
    static let iq1Rows: [UInt32] = IQuantGrids.iq1s.map { row in
        let g = (0..<8).map { Int(Int8(truncatingIfNeeded: row >> UInt64(8 * $0))) }
        return UInt32(g.reduce(0, +) + 8) | UInt32(g.reduce(0) { $0 + $1 * $1 }) << 8
    }
}

extension CodeMoments {
    /// Sums of one IQ1 block in units of d/8: Σk, Σk², and the largest multiplier m (for the extremes' bound).
    struct UnitSums {
        var k1 = 0, k2 = 0, mMax = 0

        /// Adds `rows` grid rows whose table entries add up to `packed`, scaled by m, delta sign s (±1).
        @inline(__always)
        mutating func add(_ packed: UInt32, rows: Int, m: Int, s: Int) {
            // Element k = m(8g + s): Σk = m(8Σg + n·s), Σk² = m²(64Σg² + 16·s·Σg + n), n = 8 × rows.
            let n = 8 &* rows, g1 = Int(packed & 0xFF) &- 8 &* rows, g2 = Int(packed >> 8)
            k1 &+= m &* (8 &* g1 &+ n &* s)
            k2 &+= m &* m &* (64 &* g2 &+ 16 &* s &* g1 &+ n)
            mMax = Swift.max(mMax, m)
        }
    }

    /// Adds a 256-value block of unit d/8 from its sums; scans it when |k| ≤ 9·mMax could pass the extremes.
    @inline(__always)
    mutating func addIQ1Block(_ type: ElementType, d: Float, _ sums: UnitSums, _ p: UnsafeRawPointer,
                              _ scratch: UnsafeMutablePointer<Float>) {
        let unit = Double(d) / 8  // exact: a power-of-two division of an f16 value
        add(count: 256, unit: unit, k1: sums.k1, spread: 256 &* sums.k2 &- sums.k1 &* sums.k1)
        if d == 0 { zeroCount &+= 256 }  // k is odd, never 0: only a zero d gives zeros
        if mayWiden(unit: unit, -9 &* sums.mMax, 9 &* sums.mMax) { scanExtremes(type, p, scratch, zeros: false) }
    }

    /// IQ1_S: f16 d, 32 grid index bytes, 8 u16 (3-bit index highs ×4, 3-bit scale s, delta sign).
    mutating func addIQ1_S(_ base: UnsafeRawPointer, _ blocks: Int, _ scratch: UnsafeMutablePointer<Float>,
                           into stats: inout TensorStatistics) {
        CodeTables.iq1Rows.withUnsafeBufferPointer { rows in
            for b in 0..<blocks {
                let p = base + b &* 50  // b < blocks: within the caller's checked bytes
                let d = CodeMoments.half(p, 0)
                guard d.isFinite else { addSlowly(.iq1_s, p, scratch); continue }
                var sums = UnitSums()
                for ib in 0..<8 {
                    let qh = Int(Dequantize.u16(p, 34 &+ 2 &* ib))
                    let m = 2 &* ((qh >> 12) & 7) &+ 1, s = qh & 0x8000 == 0 ? 1 : -1
                    let q = Int(Dequantize.u32(p, 2 &+ 4 &* ib))  // four index bytes
                    var packed: UInt32 = 0
                    for l in 0..<4 {  // index < 2048 = table size
                        packed &+= rows[(q >> (8 &* l)) & 0xFF | ((qh >> (3 &* l)) & 7) << 8]
                    }
                    sums.add(packed, rows: 4, m: m, s: s)
                }
                addIQ1Block(.iq1_s, d: d, sums, p, scratch)
                flushIfFull(into: &stats)
            }
        }
    }

    /// IQ1_M: 32 grid index bytes, 16 bytes of (3-bit index high, delta sign) nibbles, 4 u16 of 3-bit scales
    /// whose top nibbles form the f16 d.
    mutating func addIQ1_M(_ base: UnsafeRawPointer, _ blocks: Int, _ scratch: UnsafeMutablePointer<Float>,
                           into stats: inout TensorStatistics) {
        CodeTables.iq1Rows.withUnsafeBufferPointer { rows in
            for b in 0..<blocks {
                let p = base + b &* 56  // b < blocks: within the caller's checked bytes
                let d = Dequantize.iq1mScale(p)
                guard d.isFinite else { addSlowly(.iq1_m, p, scratch); continue }
                var sums = UnitSums()
                for j in 0..<16 {  // sixteen elements share a 3-bit scale
                    let sc = (Int(Dequantize.u16(p, 48 &+ 2 &* (j >> 2))) >> (3 &* (j & 3))) & 7
                    let m = 2 &* sc &+ 1
                    let nibbles = Int(p.load(fromByteOffset: 32 &+ j, as: UInt8.self))  // rows 2j, 2j + 1
                    for r in 0..<2 {
                        let nibble = (nibbles >> (4 &* r)) & 0x0F
                        let index = Int(p.load(fromByteOffset: 2 &* j &+ r, as: UInt8.self)) | (nibble & 7) << 8  // < 2048
                        sums.add(rows[index], rows: 1, m: m, s: nibble & 8 == 0 ? 1 : -1)
                    }
                }
                addIQ1Block(.iq1_m, d: d, sums, p, scratch)
                flushIfFull(into: &stats)
            }
        }
    }
}
