// The AVX2 statistics loop against its Swift twin: the same bits (TensorStatistics is Equatable down to its
// running sums) for F32, F16 and BF16 storage, every length from 0 to past two batches, with ±0, subnormals,
// wide magnitudes, and batches holding NaN or Inf (which both send to the scalar path); the AVX-512 loop against the
// AVX2 one, lane by lane.
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

    /// The AVX-512 loop against the AVX2 one on the same values: the same bits in every lane (extremes, sums,
    /// squares, zeros), or both nil, for F32, F16 and BF16, ±0 and subnormals among them, odd and even counts.
    @Test(.enabled(if: StatisticsVector.wideAvailable, "no AVX-512 on this CPU: nothing to compare"),
          arguments: [(false, 0), (true, 0), (false, 1), (true, 1), (false, 2), (true, 2)])
    func wideLoopEqualsAVX2BitForBit(_ awkward: Bool, _ kind: Int32) {
        // NaN and Inf made finite (a wide magnitude of the same sign), so that the loops run to the end and
        // their roundings show: a batch holding one comes back nil from both.
        var g = SplitMix(seed: 70 + UInt64(kind))
        let bits = Self.values(9000, seed: 60 + UInt64(kind), awkward: awkward).map {
            $0 & 0x7F80_0000 == 0x7F80_0000 ? ($0 & 0x8000_0000) | (UInt32(truncatingIfNeeded: g.next()) & 0x4F7F_FFFF) : $0
        }
        let halves = bits.map {
            let h = UInt16(truncatingIfNeeded: $0 >> 16) ^ (kind == 1 && !awkward ? 0x2000 : 0)
            return kind == 1 && h & 0x7C00 == 0x7C00 ? h & 0xBFFF : h  // F16: no NaN/Inf either
        }
        func lanes(_ l: StatisticsVector.Lanes?) -> [UInt64]? {
            guard let l else { return nil }
            return (0..<8).map { UInt64(l.low[$0].bitPattern) | UInt64(l.high[$0].bitPattern) << 32 }
                + (0..<4).map { l.sums[$0].bitPattern } + (0..<4).map { l.squares[$0].bitPattern } + [UInt64(l.zeros)]
        }
        func compare(_ raw: UnsafeRawBufferPointer, _ width: Int) {
            for groups in Array(0...40) + [511, 512, 1023, 1024, 1031] where groups * 8 * width <= raw.count {
                for start in [0, 8, 24] where (start + groups * 8) * width <= raw.count {
                    let base = raw.baseAddress! + start * width, shift = Float(bitPattern: bits[start])
                    let a = StatisticsVector.mainLoop(base, kind: kind, groups: groups, shift: shift, wide: false)
                    let b = StatisticsVector.mainLoop(base, kind: kind, groups: groups, shift: shift, wide: true)
                    #expect(lanes(a) == lanes(b), "kind \(kind) groups \(groups) from \(start)")
                    #expect(a != nil, "kind \(kind) groups \(groups) from \(start): a value not finite")
                }
            }
        }
        if kind == 0 { bits.withUnsafeBytes { compare($0, 4) } } else { halves.withUnsafeBytes { compare($0, 2) } }
    }
}
