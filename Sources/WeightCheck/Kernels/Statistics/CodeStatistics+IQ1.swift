// Statistics from codes for IQ1_S and IQ1_M: x = (d × (2s + 1)) × (g ± 1/8) with g in {−1, 0, 1} from an
// 8-element grid row. In units of d/8 every value is the integer m × (8g ± 1) (m = 2s + 1), and the float
// product is exact (an f16 d times a 4-bit m times 9/8 at most fits a float's 24 bits), so a block is d and
// integer sums over per-grid-row precomputed Σg, Σg², min g and max g.

extension CodeTables {
    /// Per IQ1 grid row: (Σg + 8) | Σg² << 8 | (min g + 1) << 16 | (max g + 1) << 24.
    static let iq1Rows: [UInt32] = IQuantGrids.iq1s.map { row in
        let g = (0..<8).map { Int(Int8(truncatingIfNeeded: row >> UInt64(8 * $0))) }
        let sum = g.reduce(0, +), squares = g.reduce(0) { $0 + $1 * $1 }
        return UInt32(sum + 8) | UInt32(squares) << 8 | UInt32(g.min()! + 1) << 16 | UInt32(g.max()! + 1) << 24
    }
}

extension CodeMoments {
    /// Sums of one IQ1 block in units of d/8: Σk, Σk², smallest and largest k.
    struct UnitSums {
        var k1 = 0, k2 = 0, low = Int.max, high = Int.min

        /// Adds `rows` grid rows' entry `e` (summed over those rows) scaled by m, with delta sign s (±1).
        @inline(__always)
        mutating func add(_ e: (g1: Int, g2: Int, low: Int, high: Int), rows: Int, m: Int, s: Int) {
            // Element k = m(8g + s): Σk = m(8Σg + n·s), Σk² = m²(64Σg² + 16·s·Σg + n), n = 8 × rows.
            let n = 8 &* rows
            k1 &+= m &* (8 &* e.g1 &+ n &* s)
            k2 &+= m &* m &* (64 &* e.g2 &+ 16 &* s &* e.g1 &+ n)
            low = Swift.min(low, m &* (8 &* e.low &+ s))
            high = Swift.max(high, m &* (8 &* e.high &+ s))
        }
    }

    /// Grid row `index`'s entry (index < 2048 = table size, which the callers' masks ensure).
    @inline(__always)
    static func iq1Entry(_ rows: UnsafeBufferPointer<UInt32>, _ index: Int) -> (g1: Int, g2: Int, low: Int, high: Int) {
        let e = rows[index]
        return (Int(e & 0xFF) &- 8, Int((e >> 8) & 0xFF), Int((e >> 16) & 0xFF) &- 1, Int(e >> 24) &- 1)
    }

    /// Adds a 256-value block of unit d/8 from its sums.
    @inline(__always)
    mutating func addIQ1Block(d: Float, _ sums: UnitSums) {
        let unit = Double(d) / 8  // exact: a power-of-two division of an f16 value
        add(count: 256, unit: unit, k1: sums.k1, spread: 256 &* sums.k2 &- sums.k1 &* sums.k1)
        if d == 0 { zeroCount &+= 256 }  // k is odd, never 0: only a zero d gives zeros
        extremes(unit: unit, sums.low, sums.high)
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
                    for l in 0..<4 {
                        let index = Int(p.load(fromByteOffset: 2 &+ 4 &* ib &+ l, as: UInt8.self)) | ((qh >> (3 &* l)) & 7) << 8
                        sums.add(CodeMoments.iq1Entry(rows, index), rows: 1, m: m, s: s)  // index < 2048
                    }
                }
                addIQ1Block(d: d, sums)
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
                        sums.add(CodeMoments.iq1Entry(rows, index), rows: 1, m: m, s: nibble & 8 == 0 ? 1 : -1)
                    }
                }
                addIQ1Block(d: d, sums)
                flushIfFull(into: &stats)
            }
        }
    }
}
