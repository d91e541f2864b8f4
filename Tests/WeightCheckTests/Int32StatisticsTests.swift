// I32/U32 statistics from exact integer sums: the AVX2 kernel against its Swift twin (equal integers), and
// both against the value-by-value Double path they replace (same bits where that path is exact).
import Testing
@testable import WeightCheck

@Suite struct Int32StatisticsTests {
    /// `n` little-endian values: full 32-bit range, or within ±`range` (0...2·range when `nonNegative`), with
    /// edge values planted.
    static func values(_ n: Int, seed: UInt64, range: UInt32? = nil, nonNegative: Bool = false) -> [UInt8] {
        var rng = SplitMix(seed: seed)
        var words = (0..<n).map { _ -> UInt32 in
            let r = UInt32(truncatingIfNeeded: rng.next())
            guard let range else { return r }
            return UInt32(bitPattern: Int32(truncatingIfNeeded: Int64(r % (2 * range + 1)) - (nonNegative ? 0 : Int64(range))))
        }
        if range == nil {
            for (k, edge) in [UInt32(0), 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 1].enumerated() where k * 7 < n { words[k * 7] = edge }
        }
        for k in stride(from: 3, to: n, by: 13) { words[k] = 0 }
        return words.flatMap { w in (0..<4).map { UInt8(truncatingIfNeeded: w >> (8 * $0)) } }
    }

    /// The statistics the Double path (`accumulateDoubles`) gives: the slow twin.
    static func doublePath(_ bytes: [UInt8], unsigned: Bool) -> TensorStatistics {
        var s = TensorStatistics()
        bytes.withUnsafeBytes { raw in
            s.accumulateDoubles(count: raw.count / 4) { i in
                let bits = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))
                return unsigned ? Double(bits) : Double(Int32(bitPattern: bits))
            }
        }
        return s
    }

    static func integerPath(_ bytes: [UInt8], unsigned: Bool, vector: Bool) -> TensorStatistics {
        var s = TensorStatistics()
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            s.accumulateInt32(base, count: raw.count / 4, unsigned: unsigned, vector: vector)
        }
        return s
    }

    static let lengths = Array(0...40) + [255, 4095, 4096, 4097, 10_007]

    @Test(arguments: [false, true])
    func vectorEqualsSwiftTwin(unsigned: Bool) {
        for n in Self.lengths {
            for range in [nil, UInt32(1000), UInt32(1 << 30)] {
                let bytes = Self.values(n, seed: UInt64(n) &* 31 &+ 5, range: range)
                if n > 0, Int32Moments.vectorAvailable {
                    bytes.withUnsafeBytes { raw in
                        let count = min(n, TensorStatistics.batchSize)
                        let v = Int32Moments.of(raw.baseAddress!, count: count, unsigned: unsigned, vector: true)
                        let s = Int32Moments.swiftTwin(raw.baseAddress!, count: count, unsigned: unsigned)
                        #expect(v == s, "n = \(n), range \(String(describing: range))")
                    }
                }
                #expect(Self.integerPath(bytes, unsigned: unsigned, vector: true)
                        == Self.integerPath(bytes, unsigned: unsigned, vector: false), "n = \(n)")
            }
        }
    }

    /// Where every shifted square and sum is below 2^53 the Double path is exact: the same bits.
    @Test(arguments: [false, true])
    func sameBitsAsDoublePathWhenExact(unsigned: Bool) {
        for n in Self.lengths {
            let bytes = Self.values(n, seed: UInt64(n) &+ 99, range: 1 << 19, nonNegative: unsigned)
            #expect(Self.integerPath(bytes, unsigned: unsigned, vector: true) == Self.doublePath(bytes, unsigned: unsigned), "n = \(n)")
        }
    }

    /// Full-range values: counts and extremes equal, mean and std within Double rounding of the Double path.
    @Test(arguments: [false, true])
    func closeToDoublePathOnFullRange(unsigned: Bool) {
        for n in Self.lengths where n > 0 {
            let bytes = Self.values(n, seed: UInt64(n) &+ 7)
            let a = Self.integerPath(bytes, unsigned: unsigned, vector: true), b = Self.doublePath(bytes, unsigned: unsigned)
            #expect(a.count == b.count && a.zeroCount == b.zeroCount && a.finiteCount == b.finiteCount)
            #expect(a.minimum == b.minimum && a.maximum == b.maximum)
            #expect(TensorStatisticsTests.close(a.mean, b.mean, scale: 1e-3 * (b.std ?? 0)), "n = \(n)")
            #expect(TensorStatisticsTests.close(a.std, b.std), "n = \(n)")
        }
    }

    /// The public entry takes this path for I32 and U32.
    @Test func publicEntryUsesIntegerPath() throws {
        let bytes = Self.values(5000, seed: 3)
        for (type, unsigned) in [(ElementType.i32, false), (.u32, true)] {
            var s = TensorStatistics()
            try bytes.withUnsafeBytes { try s.add(type, blocks: $0) }
            #expect(s == Self.integerPath(bytes, unsigned: unsigned, vector: true))
        }
    }
}
