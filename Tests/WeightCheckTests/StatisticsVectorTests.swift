// The statistics loops in C against their Swift twins: the same bits (TensorStatistics is Equatable down to its
// running sums) for F32, F16 and BF16 storage, every length from 0 to past two batches, with ±0, subnormals,
// wide magnitudes, and batches holding NaN or Inf (which both send to the scalar path); the F32 loop's AVX-512 build
// against its AVX2 one, and the F16/BF16 loop on AVX-512, on AVX2 and in Swift against each other, chunk by chunk,
// and on every NaN/Inf pattern.
import Testing
@testable import WeightCheck

@Suite struct StatisticsVectorTests {
    /// Float bit patterns: mostly weight-like, some of every awkward kind when `awkward` is set.
    static func values(_ count: Int, seed: UInt64, awkward: Bool) -> [UInt32] {
        var g = SplitMix(seed: seed)
        return (0..<count).map { _ in
            let r = g.next()
            if awkward {
                switch r % 97 {
                case 0: return 0  // +0
                case 1: return 0x8000_0000  // −0
                case 2: return UInt32(truncatingIfNeeded: r >> 40) & 0x007F_FFFF  // subnormal
                case 3: return 0x7F80_0000  // +Inf
                case 4: return 0x7FC0_0001  // NaN
                case 5: return UInt32(truncatingIfNeeded: r >> 32) & 0x7F7F_FFFF  // any finite magnitude
                default: break
                }
            }
            return Float(g.normal() * 0.02 + (r % 5 == 0 ? 1 : 0)).bitPattern
        }
    }

    /// Both paths over the same lanes.
    func both<L: StatisticsLanes>(_ lanes: L) -> (vector: TensorStatistics, swift: TensorStatistics) {
        var v = TensorStatistics(), s = TensorStatistics()
        v.accumulate(lanes, vector: true)
        s.accumulate(lanes, vector: false)
        return (v, s)
    }

    @Test(.enabled(if: StatisticsVector.available, "no AVX2 on this CPU: nothing to compare"), arguments: [false, true])
    func f32EqualsSwiftOnEveryLength(_ awkward: Bool) {
        let bits = Self.values(2 * TensorStatistics.batchSize + 40, seed: awkward ? 11 : 12, awkward: awkward)
        bits.withUnsafeBytes { raw in
            for n in Array(0...600) + [4095, 4096, 4097, 4103, 8191, 8192, 8232] {
                let r = both(FloatLanes(base: raw.baseAddress!, count: n))
                #expect(r.vector == r.swift, "n = \(n)")
            }
        }
    }

    @Test(.enabled(if: StatisticsVector.available, "no AVX2 on this CPU: nothing to compare"),
          arguments: [(false, 1), (true, 1), (false, 2), (true, 2)])
    func halvesEqualSwiftOnEveryLength(_ awkward: Bool, _ kind: Int) {
        // F16: the top 16 bits of floats scaled into range; BF16: the top 16 bits of floats.
        let halves: [UInt16] = Self.values(2 * TensorStatistics.batchSize + 40, seed: 20 + UInt64(kind), awkward: awkward).map {
            kind == 1 ? UInt16(truncatingIfNeeded: $0 >> 16) ^ (awkward ? 0 : 0x2000) : UInt16(truncatingIfNeeded: $0 >> 16)
        }
        halves.withUnsafeBytes { raw in
            for n in Array(0...600) + [4095, 4096, 4097, 8232] {
                let r = kind == 1 ? both(HalfLanes(base: raw.baseAddress!, count: n))
                                  : both(BFloat16Lanes(base: raw.baseAddress!, count: n))
                #expect(r.vector == r.swift, "kind \(kind) n = \(n)")
            }
        }
    }

    @Test(.enabled(if: StatisticsVector.available, "no AVX2 on this CPU: nothing to compare"))
    func everyHalfPatternGivesTheSameStatistics() {
        // All 65,536 patterns, finite ones only (a batch with NaN/Inf goes to the scalar path on both sides).
        let finite = (0...UInt16.max).filter { $0 & 0x7C00 != 0x7C00 }
        finite.withUnsafeBytes { raw in
            let r = both(HalfLanes(base: raw.baseAddress!, count: finite.count))
            #expect(r.vector == r.swift)
            let b = both(BFloat16Lanes(base: raw.baseAddress!, count: finite.count))
            #expect(b.vector == b.swift)
        }
    }

    @Test(.enabled(if: StatisticsVector.available, "no AVX2 on this CPU: nothing to compare"))
    func unalignedStartsGiveTheSameStatistics() {
        let bits = Self.values(3000, seed: 5, awkward: false)
        var bytes = [UInt8](repeating: 0, count: 3)
        bits.withUnsafeBytes { bytes += $0 }
        bytes.withUnsafeBytes { raw in
            for offset in 0..<3 {
                let r = both(FloatLanes(base: raw.baseAddress! + offset, count: 2999))
                #expect(r.vector == r.swift)
            }
        }
    }

    @Test func dispatchPicksTheVectorLoopWhereAvailable() throws {
        // What `add(type, blocks:)` gives is what the automatic choice gives, on every CPU.
        let bits = Self.values(5000, seed: 9, awkward: true)
        try bits.withUnsafeBytes { raw in
            var viaAdd = TensorStatistics(), direct = TensorStatistics()
            try viaAdd.add(.f32, blocks: raw)
            direct.accumulate(FloatLanes(base: raw.baseAddress!, count: 5000), vector: StatisticsVector.available)
            #expect(viaAdd == direct)
        }
    }

    /// The F32 loop compiled for AVX-512 against the AVX2 one: the same bits in every lane (extremes, sums, squares,
    /// zeros), or both nil, awkward values among them, from several starts.
    @Test(.enabled(if: StatisticsVector.wideAvailable, "no AVX-512 on this CPU: nothing to compare"), arguments: [false, true])
    func wideF32LoopEqualsAVX2BitForBit(_ awkward: Bool) {
        let bits = Self.values(9000, seed: awkward ? 61 : 60, awkward: awkward)
        func lanes(_ l: StatisticsVector.Lanes?) -> [UInt64]? {
            guard let l else { return nil }
            return (0..<8).map { UInt64(l.low[$0].bitPattern) | UInt64(l.high[$0].bitPattern) << 32 }
                + (0..<4).map { l.sums[$0].bitPattern } + (0..<4).map { l.squares[$0].bitPattern } + [UInt64(l.zeros)]
        }
        bits.withUnsafeBytes { raw in
            for groups in Array(0...40) + [511, 512, 1023, 1024] {
                for start in [0, 8, 24] where (start + groups * 8) * 4 <= raw.count {
                    let shift = Float(bitPattern: bits[start])
                    let a = StatisticsVector.mainLoop(raw.baseAddress! + 4 * start, groups: groups, shift: shift, wide: false)
                    let b = StatisticsVector.mainLoop(raw.baseAddress! + 4 * start, groups: groups, shift: shift, wide: true)
                    #expect(lanes(a) == lanes(b), "groups \(groups) from \(start)")
                }
            }
        }
    }

    /// The F16/BF16 loop on AVX-512, on AVX2, and its Swift twin on the same values: the same bits (sums, squares,
    /// extreme keys, zeros), or all nil, ±0, subnormals and the widest magnitudes among them, from several starts.
    @Test(.enabled(if: StatisticsVector.available, "no AVX2 on this CPU: nothing to compare"),
          arguments: [(0, 1), (1, 1), (2, 1), (0, 2), (1, 2), (2, 2)])
    func halfLoopsEqualTheirTwinBitForBit(_ mode: Int, _ kind: Int32) {
        // Mode 0 weight-like values, 1 awkward ones, 2 every finite pattern at random (BF16: magnitudes 2^±40), so
        // that sums round too: weight-like F16 and BF16 sums are exact, and would hide a change of order. NaN and
        // Inf made finite (a wide magnitude of the same sign), so that the loops run to the end and their
        // roundings show: a chunk holding one comes back nil from all three (checked below apart).
        var g = SplitMix(seed: 70 + UInt64(kind))
        let bits = Self.values(9000, seed: 60 + UInt64(kind), awkward: mode == 1).map {
            $0 & 0x7F80_0000 == 0x7F80_0000 ? ($0 & 0x8000_0000) | (UInt32(truncatingIfNeeded: g.next()) & 0x4F7F_FFFF) : $0
        }
        let halves: [UInt16] = bits.map {
            if mode == 2 {
                let r = g.next(), sign = UInt16(truncatingIfNeeded: r >> 63) << 15
                if kind == 1 { return sign | UInt16(truncatingIfNeeded: r % 0x7C00) }
                return sign | UInt16(87 + r % 81) << 7 | UInt16(truncatingIfNeeded: r >> 20) & 0x7F  // 2^−40 … 2^40
            }
            let h = UInt16(truncatingIfNeeded: $0 >> 16) ^ (kind == 1 && mode == 0 ? 0x2000 : 0)
            return kind == 1 && h & 0x7C00 == 0x7C00 ? h & 0xBFFF : h  // F16: no NaN/Inf either
        }
        halves.withUnsafeBytes { raw in
            for chunks in Array(0...40) + [127, 128, 200, 255, 256] {
                for start in [0, 8, 24, 33] where (start + chunks * 32) * 2 <= raw.count {
                    let base = raw.baseAddress! + start * 2
                    let shift = kind == 1 ? HalfConversion.float(fromHalfBits: halves[start])
                                          : HalfConversion.float(fromBFloat16Bits: halves[start])
                    let twin = kind == 1
                        ? TensorStatistics.halfChunks(HalfLanes(base: raw.baseAddress!, count: halves.count), from: start, chunks: chunks, shift: shift)
                        : TensorStatistics.halfChunks(BFloat16Lanes(base: raw.baseAddress!, count: halves.count), from: start, chunks: chunks, shift: shift)
                    let avx2 = StatisticsVector.halfLoop(base, kind: kind, chunks: chunks, shift: shift, wide: false)
                    #expect(twin != nil, "kind \(kind) chunks \(chunks) from \(start): a value not finite")
                    #expect(avx2.map(Self.bitsOf) == twin.map(Self.bitsOf), "AVX2, kind \(kind) chunks \(chunks) from \(start)")
                    if StatisticsVector.wideAvailable {
                        let wide = StatisticsVector.halfLoop(base, kind: kind, chunks: chunks, shift: shift, wide: true)
                        #expect(wide.map(Self.bitsOf) == twin.map(Self.bitsOf), "AVX-512, kind \(kind) chunks \(chunks) from \(start)")
                    }
                }
            }
        }
    }

    /// Batches of one sign, where the loops find the extremes by a second look, and batches whose only value of
    /// the other sign is a zero (±0 is the extreme): the same bits as the twin, whatever slot holds the odd value.
    @Test(.enabled(if: StatisticsVector.available, "no AVX2 on this CPU: nothing to compare"), arguments: [Int32(1), 2])
    func halfLoopsFindTheExtremesOfBatchesOfOneSign(_ kind: Int32) {
        var g = SplitMix(seed: 90 + UInt64(kind))
        let largest: UInt64 = kind == 1 ? 0x7BFF : 0x7F7F
        func magnitude() -> UInt16 { UInt16(truncatingIfNeeded: g.next() % (largest + 1)) }
        for (name, count) in [("positive", 0), ("negative", 1), ("+0 only", 2), ("−0 only", 3), ("−0 and positive", 4),
                              ("+0 and negative", 5), ("±0", 6)] {
            for chunks in [1, 2, 5] {
                for odd in [0, 17, 32 * chunks - 1] {
                    let halves: [UInt16] = (0..<(32 * chunks)).map { i in
                        switch count {
                        case 0: return magnitude()
                        case 1: return 0x8000 | magnitude()
                        case 2: return 0
                        case 3: return 0x8000
                        case 4: return i == odd ? 0x8000 : magnitude()
                        case 5: return i == odd ? 0 : 0x8000 | magnitude()
                        default: return i == odd ? 0x8000 : 0
                        }
                    }
                    halves.withUnsafeBytes { raw in
                        let shift = kind == 1 ? HalfConversion.float(fromHalfBits: halves[0])
                                              : HalfConversion.float(fromBFloat16Bits: halves[0])
                        let twin = kind == 1
                            ? TensorStatistics.halfChunks(HalfLanes(base: raw.baseAddress!, count: halves.count), from: 0, chunks: chunks, shift: shift)
                            : TensorStatistics.halfChunks(BFloat16Lanes(base: raw.baseAddress!, count: halves.count), from: 0, chunks: chunks, shift: shift)
                        let avx2 = StatisticsVector.halfLoop(raw.baseAddress!, kind: kind, chunks: chunks, shift: shift, wide: false)
                        #expect(twin != nil)
                        #expect(avx2.map(Self.bitsOf) == twin.map(Self.bitsOf), "AVX2, kind \(kind), \(name), \(chunks) chunks, odd \(odd)")
                        if StatisticsVector.wideAvailable {
                            let wide = StatisticsVector.halfLoop(raw.baseAddress!, kind: kind, chunks: chunks, shift: shift, wide: true)
                            #expect(wide.map(Self.bitsOf) == twin.map(Self.bitsOf), "AVX-512, kind \(kind), \(name), \(chunks) chunks, odd \(odd)")
                        }
                    }
                }
            }
        }
    }

    /// A chunk's figures as bits (so that −0 and +0 differ).
    static func bitsOf(_ r: HalfChunkStatistics) -> [UInt64] {
        [r.sum.bitPattern, r.squares.bitPattern, UInt64(UInt16(bitPattern: r.lowKey)), UInt64(UInt16(bitPattern: r.highKey)), UInt64(r.zeros)]
    }

    /// Every NaN and ±Inf pattern, alone among finite values in any slot of a chunk, makes all three loops give up.
    @Test(.enabled(if: StatisticsVector.available, "no AVX2 on this CPU: nothing to compare"), arguments: [Int32(1), 2])
    func halfLoopsGiveUpOnEveryNonFinitePattern(_ kind: Int32) {
        let exponent: UInt16 = kind == 1 ? 0x7C00 : 0x7F80
        let patterns = (0...UInt16.max).filter { $0 & exponent == exponent }
        var halves = [UInt16](repeating: kind == 1 ? 0x3C00 : 0x3F80, count: 64)  // 1.0
        for (n, pattern) in patterns.enumerated() {
            let slot = n % 64
            halves[slot] = pattern
            halves.withUnsafeBytes { raw in
                let twin = kind == 1
                    ? TensorStatistics.halfChunks(HalfLanes(base: raw.baseAddress!, count: 64), from: 0, chunks: 2, shift: 1)
                    : TensorStatistics.halfChunks(BFloat16Lanes(base: raw.baseAddress!, count: 64), from: 0, chunks: 2, shift: 1)
                #expect(twin == nil, "kind \(kind) pattern \(pattern)")
                #expect(StatisticsVector.halfLoop(raw.baseAddress!, kind: kind, chunks: 2, shift: 1, wide: false) == nil)
                if StatisticsVector.wideAvailable {
                    #expect(StatisticsVector.halfLoop(raw.baseAddress!, kind: kind, chunks: 2, shift: 1, wide: true) == nil)
                }
            }
            halves[slot] = kind == 1 ? 0x3C00 : 0x3F80
        }
    }
}
