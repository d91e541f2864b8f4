// The statistics-from-codes kernels on AVX2 (CWeightKernels/stats_codes_*.c), selected at run time. IQ, FP4,
// ternary types and Q1_0 here; the legacy quants and K-quants in CodeStatistics+VectorLegacyK. Each C kernel is its Swift twin (CodeStatistics+IQ1, +IQ2, +Nibbles, +Ternary) written
// operation for operation over the same tables, so both leave the same bits; tests hold them to each other and
// to the dequantize-then-count path. The C side hands back the rare block it does not finish (a NaN/Inf scale:
// value by value; a bound past the extremes: scanned) and every full batch, which the Swift side completes.
import CWeightKernels

/// Which types have an AVX2 code kernel, and whether this CPU runs them.
enum CodeVector {
    /// Whether this CPU runs the kernels (x86-64 with AVX2, FMA, F16C and OS-saved YMM state).
    static let available: Bool = StatisticsVector.available

    /// Whether the kernel of `type` hands back every block whose scale fields `countBadScales` counts (it checks
    /// each of them before summarizing a block): then a driver counts bad scales only in the blocks handed back,
    /// and a scan reads each byte once. MXFP4's kernel hands back every scale byte above 250 (0xFF, NaN, among
    /// them: 12 × 2^124 could overflow a float). Q8_1's kernel never reads the s field; its bad scales are counted
    /// window by window ahead of the kernel. `CodeVectorTests` hold every type's count to `countBadScales`.
    static func stopsAtBadScales(_ type: ElementType) -> Bool {
        type != .q8_1
    }

    /// Whether `type` has an AVX2 code kernel.
    static func has(_ type: ElementType) -> Bool {
        switch type {
        case .iq1_s, .iq1_m, .iq2_xxs, .iq2_xs, .iq2_s, .iq3_xxs, .iq3_s, .iq4_nl, .iq4_xs, .mxfp4, .nvfp4, .tq1_0, .tq2_0, .q1_0:
            return true
        default:
            return false
        }
    }

    /// The AVX2 kernel of a legacy quant or K-quant (CodeStatistics+VectorLegacyK), or nil when `type` has none.
    static func kernel(_ type: ElementType) -> LegacyKernel? {
        switch type {
        case .q4_0: return wc_codes_q4_0
        case .q4_1: return wc_codes_q4_1
        case .q5_0: return wc_codes_q5_0
        case .q5_1: return wc_codes_q5_1
        case .q8_0: return wc_codes_q8_0
        case .q8_1: return wc_codes_q8_1
        case .q2_K: return wc_codes_q2_k
        case .q3_K: return wc_codes_q3_k
        case .q4_K: return wc_codes_q4_k
        case .q5_K: return wc_codes_q5_k
        case .q6_K: return wc_codes_q6_k
        default: return nil
        }
    }

    /// Whether this CPU runs the AVX-512 variants (AVX-512 F, DQ, BW, VL, VBMI, VNNI and GFNI, the ZMM state saved),
    /// which the kernels of `kernel(_:)` choose by themselves.
    static let wideAvailable: Bool = available && wc_cpu_has_avx512() != 0

    /// The AVX2 and AVX-512 variants behind `kernel(type)` where it has both (they leave the same bits; the tests
    /// hold them to each other), else nil.
    static func variants(_ type: ElementType) -> (avx2: LegacyKernel, avx512: LegacyKernel)? {
        switch type {
        case .q4_0: return (wc_codes_q4_0_avx2, wc_codes_q4_0_avx512)
        case .q8_0: return (wc_codes_q8_0_avx2, wc_codes_q8_0_avx512)
        case .q8_1: return (wc_codes_q8_1_avx2, wc_codes_q8_1_avx512)
        case .q4_K: return (wc_codes_q4_k_avx2, wc_codes_q4_k_avx512)
        case .q5_K: return (wc_codes_q5_k_avx2, wc_codes_q5_k_avx512)
        case .q6_K: return (wc_codes_q6_k_avx2, wc_codes_q6_k_avx512)
        default: return nil
        }
    }

    /// A legacy or K-quant kernel: summarizes blocks from `src` into the sums and returns how many it took.
    typealias LegacyKernel = @convention(c) (UnsafeRawPointer?, Int, UnsafeMutablePointer<wc_code_sums>?) -> Int
}

extension CodeTables {
    /// The 16 signed levels of an IQ4 nibble and of a (doubled) E2M1 nibble, as bytes for PSHUFB.
    static let iq4LevelBytes: [Int8] = Dequantize.iq4Levels.map { Int8($0) }
    static let e2m1LevelBytes: [Int8] = Dequantize.e2m1Doubled.map { Int8($0) }
    /// The float unit of each MXFP4 (E8M0) and NVFP4 (UE4M3) scale byte, as the Swift twins compute it.
    static let e8m0Units: [Float] = (0..<256).map { Dequantize.e8m0Half(UInt8($0)) }
    static let ue4m3Units: [Float] = (0..<256).map { Dequantize.ue4m3Half(UInt8($0)) }

    /// IQ1 rows with their delta sign s, by grid index | (s < 0) << 11: A + B · 2^16 with A = 8Σg + 8s and
    /// B = 64Σg² + 16sΣg + 8, a row's part of Σk/m and Σk²/m² (UnitSums.add with one row).
    static let iq1SignedRows: [Int32] = (0..<4096).map { i in
        let entry = Int(iq1Rows[i & 2047]), s = i >= 2048 ? -1 : 1
        let g1 = (entry & 0xFF) - 8, g2 = entry >> 8
        return Int32(8 * g1 + 8 * s + (64 * g2 + 16 * s * g1 + 8) * 65536)  // |A| ≤ 72, B ≤ 648
    }
}

extension CodeTables.SignedGrid {
    /// Σ(±g) + Σg² · 2^16 per (row, sign pattern), as wc_codes_iq_grid reads it: `fullSigns` (rows of 8) by row |
    /// 7-bit sign index << `rowBits` over the whole row; otherwise 16 entries per 4-value part (per row: 32 for
    /// width 8, 16 for width 4), Σg² in the first part's. A row's Σg² ≤ 8 × 62², so entries fit 31 bits.
    func packed(width: Int, fullSigns rowBits: Int? = nil) -> [Int32] {
        let parts = width / 4, rows = squares.count
        func quarter(_ r: Int, _ part: Int, _ pattern: Int) -> Int { Int(quarters[16 * (parts * r + part) + pattern]) }
        if let rowBits {
            return (0..<(rows << 7)).map { i in
                let r = i & ((1 << rowBits) - 1), signs = Int(CodeTables.evenSigns[i >> rowBits])
                return Int32(quarter(r, 0, signs & 15) + quarter(r, 1, signs >> 4) + Int(squares[r]) * 65536)
            }
        }
        return (0..<(rows * 16 * parts)).map { i in
            let r = i / (16 * parts), part = (i / 16) % parts
            return Int32(quarter(r, part, i & 15) + (part == 0 ? Int(squares[r]) * 65536 : 0))
        }
    }
}

extension CodeTables {
    /// The packed tables of wc_codes_iq_grid (IQ2_S reads the grid itself).
    static let iq2xxsPacked = iq2xxsGrid.packed(width: 8, fullSigns: 8)
    static let iq2xsPacked = iq2xsGrid.packed(width: 8, fullSigns: 9)
    static let iq3xxsPacked = iq3xxsGrid.packed(width: 4)
    static let iq3sPacked = iq3sGrid.packed(width: 4)
}

extension CodeMoments {
    /// Adds `blocks` blocks of `type` (`CodeVector.has(type)`, `CodeVector.available`) with its AVX2 kernel.
    mutating func addVector(_ type: ElementType, _ base: UnsafeRawPointer, _ blocks: Int,
                            _ scratch: UnsafeMutablePointer<Float>, into stats: inout TensorStatistics) {
        switch type {
        case .iq1_s, .iq1_m:
            CodeTables.iq1SignedRows.withUnsafeBufferPointer { rows in
                drive(type, base, blocks, scratch, into: &stats) { p, n, m in
                    type == .iq1_s ? wc_codes_iq1_s(p, n, rows.baseAddress, m) : wc_codes_iq1_m(p, n, rows.baseAddress, m)
                }
            }
        case .iq2_xxs, .iq2_xs, .iq2_s, .iq3_xxs, .iq3_s:
            let (kind, grid): (Int32, CodeTables.SignedGrid) = switch type {
            case .iq2_xxs: (0, CodeTables.iq2xxsGrid)
            case .iq2_xs: (1, CodeTables.iq2xsGrid)
            case .iq2_s: (2, CodeTables.iq2sGrid)
            case .iq3_xxs: (3, CodeTables.iq3xxsGrid)
            default: (4, CodeTables.iq3sGrid)
            }
            func run(_ table: UnsafeRawPointer?) {
                drive(type, base, blocks, scratch, into: &stats) { p, n, m in
                    wc_codes_iq_grid(kind, p, n, table, Int32(grid.maxValue), m)
                }
            }
            switch type {  // IQ2_S reads its grid itself; the others their packed tables
            case .iq2_xxs: CodeTables.iq2xxsPacked.withUnsafeBytes { run($0.baseAddress) }
            case .iq2_xs: CodeTables.iq2xsPacked.withUnsafeBytes { run($0.baseAddress) }
            case .iq2_s: IQuantGrids.iq2s.withUnsafeBytes { run($0.baseAddress) }
            case .iq3_xxs: CodeTables.iq3xxsPacked.withUnsafeBytes { run($0.baseAddress) }
            default: CodeTables.iq3sPacked.withUnsafeBytes { run($0.baseAddress) }
            }
        case .iq4_nl, .iq4_xs, .mxfp4, .nvfp4:
            let kind: Int32 = type == .iq4_nl ? 0 : type == .iq4_xs ? 1 : type == .mxfp4 ? 2 : 3
            let levels = type == .iq4_nl || type == .iq4_xs ? CodeTables.iq4LevelBytes : CodeTables.e2m1LevelBytes
            let units = type == .nvfp4 ? CodeTables.ue4m3Units : CodeTables.e8m0Units
            levels.withUnsafeBufferPointer { l in
                units.withUnsafeBufferPointer { u in
                    drive(type, base, blocks, scratch, into: &stats) { p, n, m in
                        wc_codes_nibbles(kind, p, n, l.baseAddress, u.baseAddress, m)
                    }
                }
            }
        case .q1_0:
            drive(type, base, blocks, scratch, into: &stats) { p, n, m in wc_codes_q1_0(p, n, m) }
        default:  // .tq1_0, .tq2_0
            drive(type, base, blocks, scratch, into: &stats) { p, n, m in wc_codes_ternary(type == .tq1_0 ? 0 : 1, p, n, m) }
        }
    }

    /// Runs `kernel` over the blocks, completing each block it hands back as the Swift twin does: a block it
    /// could not summarize goes value by value, a block whose bound passes the extremes is scanned, and a full
    /// batch is flushed.
    private mutating func drive(_ type: ElementType, _ base: UnsafeRawPointer, _ blocks: Int,
                                _ scratch: UnsafeMutablePointer<Float>, into stats: inout TensorStatistics,
                                _ kernel: (UnsafeRawPointer, Int, UnsafeMutablePointer<wc_code_moments>) -> Int) {
        let size = type.bytesPerBlock
        // Blocks per kernel call: one batch's worth (the kernel stops at a full batch anyway), so a window whose
        // scales were just counted is still in cache when the kernel reads it. Stopping at a window's end changes
        // nothing: the kernel adds block after block to the same running state. Where the kernel checks every
        // scale itself (`fused`), only the blocks it hands back are counted.
        let window = Swift.max(1, CodeMoments.batchValues / type.elementsPerBlock)
        let fused = CodeVector.stopsAtBadScales(type)
        var b = 0, counted = 0
        while b < blocks {
            let want = Swift.min(window, blocks &- b)
            if !fused { stats.tallyBadScales(type, base, from: &counted, to: b &+ want) }  // within the caller's bytes
            var state = wc_code_moments(low: low, high: high, shift: shift, sum: sum, squares: squares,
                                        n: Int64(n), count: Int64(count), zeroCount: Int64(zeroCount),
                                        batch: Int64(CodeMoments.batchValues), pending: 0)
            let done = kernel(base + b &* size, want, &state)  // b + want ≤ blocks: within the caller's bytes
            low = state.low; high = state.high; shift = state.shift; sum = state.sum; squares = state.squares
            n = Int(state.n); count = Int(state.count); zeroCount = Int(state.zeroCount)
            b &+= done
            if state.pending == 1 || (done == 0 && state.pending == 0) {  // b < blocks: the kernel stopped before it
                if fused { stats.tallyBadScales(type, block: base + b &* size) }
                addSlowly(type, base + b &* size, scratch)
                b &+= 1
            } else if state.pending == 2 {  // done ≥ 1: block b − 1 was summarized
                scanExtremes(type, base + (b &- 1) &* size, scratch, zeros: false)
            }
            flushIfFull(into: &stats)
        }
    }
}
