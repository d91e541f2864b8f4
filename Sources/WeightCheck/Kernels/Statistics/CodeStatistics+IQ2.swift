// Statistics from codes for IQ2_XXS, IQ2_XS, IQ2_S, IQ3_XXS and IQ3_S: x = (d × m / 8 or / 4 or × m) × (±g)
// with m = 2s + 1 and g an unsigned grid value. In units of d (÷ 8, ÷ 4, ÷ 1) every value is the integer
// m × (±g), and the float product is exact (11 + 5 + 6 significant bits at most), so a block is d and sums
// of per-row tables: Σ(±g) over each half-row for each 4-bit sign pattern, and Σg² per row. Grid values are
// never zero, so only a zero d gives zeros; extremes come from the bound m·max g, the rare block past it scanned.

extension CodeTables {
    /// ggml's ksigns_iq2xs: seven sign bits plus an eighth that makes the count of set bits even.
    static let evenSigns: [UInt8] = (0..<128).map { i in UInt8(i) | (UInt8(i).nonzeroBitCount & 1 == 1 ? 0x80 : 0) }

    /// The tables of a grid of rows of `width` unsigned bytes (row r's value i in byte i of `rows[r]`).
    struct SignedGrid {
        /// Σ over 4 values of (bit i of the pattern ? −g : g): entry (4-value part p of row r, pattern) at 16·(parts·r + p) + pattern.
        let quarters: [Int16]
        /// Σg² per row.
        let squares: [Int32]
        /// The largest grid value.
        let maxValue: Int

        init(rows: [UInt64], width: Int) {
            let parts = width / 4
            var quarters = [Int16](repeating: 0, count: rows.count * parts * 16), squares = [Int32](), top = 0
            for (r, row) in rows.enumerated() {
                let g = (0..<width).map { Int((row >> UInt64(8 * $0)) & 0xFF) }
                squares.append(Int32(g.reduce(0) { $0 + $1 * $1 }))
                top = Swift.max(top, g.max() ?? 0)
                for part in 0..<parts {
                    for pattern in 0..<16 {
                        var s = 0
                        for i in 0..<4 { s += (pattern >> i) & 1 == 1 ? -g[4 * part + i] : g[4 * part + i] }
                        quarters[16 * (parts * r + part) + pattern] = Int16(s)
                    }
                }
            }
            self.quarters = quarters
            self.squares = squares
            maxValue = top
        }
    }

    static let iq2xxsGrid = SignedGrid(rows: IQuantGrids.iq2xxs, width: 8)
    static let iq2xsGrid = SignedGrid(rows: IQuantGrids.iq2xs, width: 8)
    static let iq2sGrid = SignedGrid(rows: IQuantGrids.iq2s, width: 8)
    static let iq3xxsGrid = SignedGrid(rows: IQuantGrids.iq3xxs.map { UInt64($0) }, width: 4)
    static let iq3sGrid = SignedGrid(rows: IQuantGrids.iq3s.map { UInt64($0) }, width: 4)
}

extension CodeMoments {
    /// Σ(±g) and Σg² of grid rows, accumulated per scale group and over the block.
    struct GridSums {
        var s1 = 0, s2 = 0, k1 = 0, k2 = 0, mMax = 0

        /// Adds an 8-value row `row` (index checked by the caller's masks) with sign byte `signs`.
        @inline(__always)
        mutating func row8(_ q: UnsafePointer<Int16>, _ sq: UnsafePointer<Int32>, _ row: Int, _ signs: Int) {
            s1 &+= Int(q[32 &* row &+ (signs & 15)]) &+ Int(q[32 &* row &+ 16 &+ (signs >> 4)])
            s2 &+= Int(sq[row])
        }

        /// Adds a 4-value row with a 4-bit sign pattern.
        @inline(__always)
        mutating func row4(_ q: UnsafePointer<Int16>, _ sq: UnsafePointer<Int32>, _ row: Int, _ signs: Int) {
            s1 &+= Int(q[16 &* row &+ signs])
            s2 &+= Int(sq[row])
        }

        /// Closes a scale group of multiplier m.
        @inline(__always)
        mutating func group(m: Int) {
            k1 &+= m &* s1
            k2 &+= m &* m &* s2
            mMax = Swift.max(mMax, m)
            s1 = 0; s2 = 0
        }
    }

    /// Adds a 256-value block of unit `unit` (d over a power of two) from its sums.
    @inline(__always)
    mutating func addGridBlock(_ type: ElementType, d: Float, unit: Double, _ t: GridSums, maxValue: Int,
                               _ p: UnsafeRawPointer, _ scratch: UnsafeMutablePointer<Float>) {
        add(count: 256, unit: unit, k1: t.k1, spread: 256 &* t.k2 &- t.k1 &* t.k1)
        if d == 0 { zeroCount &+= 256 }
        let bound = t.mMax &* maxValue
        if mayWiden(unit: unit, -bound, bound) { scanExtremes(type, p, scratch, zeros: false) }
    }

    /// Runs `body` with the pointers of `grid`'s tables and of the even-sign table.
    @inline(__always)
    static func withGrid<R>(_ grid: CodeTables.SignedGrid,
                            _ body: (UnsafePointer<Int16>, UnsafePointer<Int32>, UnsafePointer<UInt8>) -> R) -> R {
        grid.quarters.withUnsafeBufferPointer { q in
            grid.squares.withUnsafeBufferPointer { s in
                CodeTables.evenSigns.withUnsafeBufferPointer { k in body(q.baseAddress!, s.baseAddress!, k.baseAddress!) }  // non-empty tables
            }
        }
    }

    /// IQ2_XXS: f16 d, then per 32 values a u32 of four row indices and a u32 of 4×7 sign bits and a 4-bit s.
    mutating func addIQ2_XXS(_ base: UnsafeRawPointer, _ blocks: Int, _ scratch: UnsafeMutablePointer<Float>,
                             into stats: inout TensorStatistics) {
        let grid = CodeTables.iq2xxsGrid
        CodeMoments.withGrid(grid) { q, sq, ksigns in
            for b in 0..<blocks {
                let p = base + b &* 66  // b < blocks: within the caller's checked bytes
                let d = CodeMoments.half(p, 0)
                guard d.isFinite else { addSlowly(.iq2_xxs, p, scratch); continue }
                var t = GridSums()
                for ib in 0..<8 {
                    let aux0 = Int(Dequantize.u32(p, 2 &+ 8 &* ib)), aux1 = Int(Dequantize.u32(p, 6 &+ 8 &* ib))
                    for l in 0..<4 {  // row < 256 rows, sign index < 128
                        t.row8(q, sq, (aux0 >> (8 &* l)) & 0xFF, Int(ksigns[(aux1 >> (7 &* l)) & 0x7F]))
                    }
                    t.group(m: 2 &* (aux1 >> 28) &+ 1)
                }
                addGridBlock(.iq2_xxs, d: d, unit: Double(d) / 8, t, maxValue: grid.maxValue, p, scratch)
                flushIfFull(into: &stats)
            }
        }
    }

    /// IQ2_XS: f16 d, 32 u16 (9-bit row index, 7-bit sign index), 8 bytes of 4-bit scales (one per 16 values).
    mutating func addIQ2_XS(_ base: UnsafeRawPointer, _ blocks: Int, _ scratch: UnsafeMutablePointer<Float>,
                            into stats: inout TensorStatistics) {
        let grid = CodeTables.iq2xsGrid
        CodeMoments.withGrid(grid) { q, sq, ksigns in
            for b in 0..<blocks {
                let p = base + b &* 74  // b < blocks: within the caller's checked bytes
                let d = CodeMoments.half(p, 0)
                guard d.isFinite else { addSlowly(.iq2_xs, p, scratch); continue }
                var t = GridSums()
                for g in 0..<16 {
                    for r in 0..<2 {
                        let v = Int(Dequantize.u16(p, 2 &+ 2 &* (2 &* g &+ r)))
                        t.row8(q, sq, v & 511, Int(ksigns[v >> 9]))  // row < 512, sign index < 128
                    }
                    t.group(m: 2 &* ((Int(Dequantize.u8(p, 66 &+ g >> 1)) >> (4 &* (g & 1))) & 0x0F) &+ 1)
                }
                addGridBlock(.iq2_xs, d: d, unit: Double(d) / 8, t, maxValue: grid.maxValue, p, scratch)
                flushIfFull(into: &stats)
            }
        }
    }

    /// IQ2_S: f16 d, 32 row index bytes, 32 sign bytes, 8 bytes of 2-bit index highs, 8 bytes of 4-bit scales.
    mutating func addIQ2_S(_ base: UnsafeRawPointer, _ blocks: Int, _ scratch: UnsafeMutablePointer<Float>,
                           into stats: inout TensorStatistics) {
        let grid = CodeTables.iq2sGrid
        CodeMoments.withGrid(grid) { q, sq, _ in
            for b in 0..<blocks {
                let p = base + b &* 82  // b < blocks: within the caller's checked bytes
                let d = CodeMoments.half(p, 0)
                guard d.isFinite else { addSlowly(.iq2_s, p, scratch); continue }
                var t = GridSums()
                for g in 0..<16 {
                    for r in 0..<2 {
                        let i = 2 &* g &+ r
                        let high = (Int(Dequantize.u8(p, 66 &+ i >> 2)) >> (2 &* (i & 3))) & 3
                        t.row8(q, sq, Int(Dequantize.u8(p, 2 &+ i)) | high << 8, Int(Dequantize.u8(p, 34 &+ i)))  // row < 1024
                    }
                    t.group(m: 2 &* ((Int(Dequantize.u8(p, 74 &+ g >> 1)) >> (4 &* (g & 1))) & 0x0F) &+ 1)
                }
                addGridBlock(.iq2_s, d: d, unit: Double(d) / 8, t, maxValue: grid.maxValue, p, scratch)
                flushIfFull(into: &stats)
            }
        }
    }

    /// IQ3_XXS: f16 d, 64 row index bytes (4 values each), then per 32 values a u32 of 4×7 sign bits and s.
    mutating func addIQ3_XXS(_ base: UnsafeRawPointer, _ blocks: Int, _ scratch: UnsafeMutablePointer<Float>,
                             into stats: inout TensorStatistics) {
        let grid = CodeTables.iq3xxsGrid
        CodeMoments.withGrid(grid) { q, sq, ksigns in
            for b in 0..<blocks {
                let p = base + b &* 98  // b < blocks: within the caller's checked bytes
                let d = CodeMoments.half(p, 0)
                guard d.isFinite else { addSlowly(.iq3_xxs, p, scratch); continue }
                var t = GridSums()
                for ib in 0..<8 {
                    let aux = Int(Dequantize.u32(p, 66 &+ 4 &* ib))
                    for l in 0..<4 {
                        let i = 8 &* ib &+ 2 &* l, signs = Int(ksigns[(aux >> (7 &* l)) & 0x7F])  // index < 128
                        t.row4(q, sq, Int(Dequantize.u8(p, 2 &+ i)), signs & 15)  // a byte indexes 256 rows
                        t.row4(q, sq, Int(Dequantize.u8(p, 3 &+ i)), signs >> 4)
                    }
                    t.group(m: 2 &* (aux >> 28) &+ 1)
                }
                addGridBlock(.iq3_xxs, d: d, unit: Double(d) / 4, t, maxValue: grid.maxValue, p, scratch)
                flushIfFull(into: &stats)
            }
        }
    }

    /// IQ3_S: f16 d, 64 row index bytes, 8 bytes of index high bits, 32 sign bytes, 4 bytes of 4-bit scales.
    mutating func addIQ3_S(_ base: UnsafeRawPointer, _ blocks: Int, _ scratch: UnsafeMutablePointer<Float>,
                           into stats: inout TensorStatistics) {
        let grid = CodeTables.iq3sGrid
        CodeMoments.withGrid(grid) { q, sq, _ in
            for b in 0..<blocks {
                let p = base + b &* 110  // b < blocks: within the caller's checked bytes
                let d = CodeMoments.half(p, 0)
                guard d.isFinite else { addSlowly(.iq3_s, p, scratch); continue }
                var t = GridSums()
                for j in 0..<32 {  // eight values: rows 2j and 2j + 1, sign byte j
                    let i0 = 2 &* j, i1 = 2 &* j &+ 1
                    let h0 = (Int(Dequantize.u8(p, 66 &+ i0 >> 3)) >> (i0 & 7)) & 1
                    let h1 = (Int(Dequantize.u8(p, 66 &+ i1 >> 3)) >> (i1 & 7)) & 1
                    let signs = Int(Dequantize.u8(p, 74 &+ j))
                    t.row4(q, sq, Int(Dequantize.u8(p, 2 &+ i0)) | h0 << 8, signs & 15)  // row < 512
                    t.row4(q, sq, Int(Dequantize.u8(p, 2 &+ i1)) | h1 << 8, signs >> 4)
                    if j & 3 == 3 {  // four sign bytes share a scale
                        let ib = j >> 2
                        t.group(m: 1 &+ 2 &* ((Int(Dequantize.u8(p, 106 &+ ib >> 1)) >> (4 &* (ib & 1))) & 0x0F))
                    }
                }
                addGridBlock(.iq3_s, d: d, unit: Double(d), t, maxValue: grid.maxValue, p, scratch)
                flushIfFull(into: &stats)
            }
        }
    }
}
