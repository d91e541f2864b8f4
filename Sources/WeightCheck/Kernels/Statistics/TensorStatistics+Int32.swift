// I32 and U32 statistics from exact integer sums per batch (Σx, Σx² in 128 bits, extremes, zeros): AVX2 in
// CWeightKernels/stats_int32.c where available, else the Swift twin here; the two give the same integers.
import CWeightKernels

/// Exact integer moments of a run of 4-byte integers: what `wc_stats_int32_avx2` returns.
struct Int32Moments: Equatable {
    var low: Int64 = 0
    var high: Int64 = 0
    var sum: Int64 = 0
    /// Σ (x² mod 2^32) and Σ ⌊x² / 2^32⌋: Σx² = squaresHigh · 2^32 + squaresLow.
    var squaresLow: UInt64 = 0
    var squaresHigh: UInt64 = 0
    var zeros: Int = 0

    /// Σx², exactly.
    var squares: UInt128 { UInt128(squaresHigh) << 32 + UInt128(squaresLow) }

    /// Whether this CPU runs the AVX2 kernel.
    static let vectorAvailable: Bool = wc_cpu_has_avx2() != 0

    /// The moments of `count` (1 ≤ count < 2^32) little-endian values at `base`, signed unless `unsigned`:
    /// on AVX2 when `vector` (and available), else value by value.
    ///
    /// - Precondition: `4 × count` bytes are readable at `base`.
    static func of(_ base: UnsafeRawPointer, count: Int, unsigned: Bool, vector: Bool) -> Int32Moments {
        guard vector && vectorAvailable else { return swiftTwin(base, count: count, unsigned: unsigned) }
        var m = wc_int32_moments()
        wc_stats_int32_avx2(base, count, unsigned ? 1 : 0, &m)
        return Int32Moments(low: m.low, high: m.high, sum: m.sum, squaresLow: m.squaresLow,
                            squaresHigh: m.squaresHigh, zeros: Int(m.zeros))
    }

    /// The slow twin of the AVX2 kernel: one value at a time.
    static func swiftTwin(_ base: UnsafeRawPointer, count: Int, unsigned: Bool) -> Int32Moments {
        var m = Int32Moments()
        for i in 0..<count {  // i < count: 4 bytes in bounds (precondition)
            let bits = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: 4 &* i, as: UInt32.self))
            let v = unsigned ? Int64(bits) : Int64(Int32(bitPattern: bits))
            if i == 0 || v < m.low { m.low = v }
            if i == 0 || v > m.high { m.high = v }
            if v == 0 { m.zeros &+= 1 }
            m.sum &+= v  // wraps as the kernel's 64-bit adds do; callers pass ≤ batchSize values: no wrap
            let q = v.magnitude &* v.magnitude  // < 2^64
            m.squaresLow &+= q & 0xFFFF_FFFF
            m.squaresHigh &+= q >> 32
        }
        return m
    }
}

extension TensorStatistics {
    /// Adds `count` little-endian I32 (or U32, `unsigned`) values at `base`, batch by batch: each batch's
    /// shifted sums Σ(x − x₀) and Σ(x − x₀)² come from exact integer sums, rounded once to Double. Where the
    /// value-by-value Double sums of `accumulateDoubles` are exact (every (x − x₀)² and the totals below
    /// 2^53) the results are the same bits; otherwise these are the better rounded.
    ///
    /// - Precondition: `4 × count` bytes are readable at `base`.
    mutating func accumulateInt32(_ base: UnsafeRawPointer, count total: Int, unsigned: Bool,
                                  vector: Bool = StatisticsVector.available) {
        var start = 0
        while start < total {
            let end = Swift.min(start &+ TensorStatistics.batchSize, total)
            let n = end &- start
            let m = Int32Moments.of(base + 4 &* start, count: n, unsigned: unsigned, vector: vector)
            let firstBits = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: 4 &* start, as: UInt32.self))
            let shift = unsigned ? Int64(firstBits) : Int64(Int32(bitPattern: firstBits))
            // n ≤ 4096 and |x| < 2^32: every product below fits its type.
            let sumD = m.sum &- Int64(n) &* shift
            let squaresD = Int128(m.squares) - 2 * Int128(shift) * Int128(m.sum) + Int128(n) * Int128(shift) * Int128(shift)
            let sum = Double(sumD), sumSquares = Double(squaresD), nd = Double(n)
            count &+= n
            zeroCount &+= m.zeros
            mergeFinite(count: n, mean: Double(shift) + sum / nd, m2: Swift.max(0, sumSquares - sum * sum / nd),
                        low: Double(m.low), high: Double(m.high))
            start = end
        }
    }
}
