// F16 and BF16 batches in chunks of 32 values: the loop of CWeightKernels/stats_half.c (AVX2 and AVX-512, run by
// StatisticsVector.halfLoop) and its Swift twin here, with the results both leave; tests hold the three bit-equal.

/// What the half loop leaves over whole chunks of 32 values.
struct HalfChunkStatistics: Equatable {
    /// Σ (x − shift), in the loop's order.
    var sum: Double
    /// Σ (x − shift)², in the loop's order.
    var squares: Double
    /// The least value's order key (`TensorStatistics.orderKey`).
    var lowKey: Int16
    /// The greatest value's order key.
    var highKey: Int16
    /// Values equal to ±0.
    var zeros: Int
}

extension TensorStatistics {
    /// A half's bits as a signed 16-bit key whose order is the values' order (−0 just below +0; NaN and ±Inf past
    /// the largest finite magnitudes): the magnitude bits flipped where the sign is set.
    @inline(__always) static func orderKey(_ bits: UInt16) -> Int16 {
        let s = Int16(bitPattern: bits)
        return s ^ ((s >> 15) & 0x7FFF)
    }

    /// The half's bits back from its order key.
    @inline(__always) static func bits(ofOrderKey key: Int16) -> UInt16 {
        UInt16(bitPattern: key < 0 ? key ^ 0x7FFF : key)
    }

    /// Whether keys from `low` to `high` are all of finite values of `kind` (1 F16, 2 BF16).
    @inline(__always) static func keysAreFinite(low: Int16, high: Int16, kind: Int32) -> Bool {
        let limit: Int16 = kind == 1 ? 0x7BFF : 0x7F7F  // the largest finite magnitude
        return high <= limit && low >= -limit - 1
    }

    /// The twin of the half loop, value by value: over `chunks` × 32 values from `start`, value 4j + k of a chunk
    /// in lane j of slot k as `Double(x) − Double(shift)`; slots 0 and 1 into the set of sums A, 2 and 3 into B:
    /// sums = (sums + d0) + d1, squares = fma(d1, d1, fma(d0, d0, squares)); then A + B per lane, lanes 0–3 + 4–7,
    /// 0–1 + 2–3, 0 + 1. Nil when a value is NaN or ±Inf.
    static func halfChunks<L: StatisticsLanes>(_ lanes: L, from start: Int, chunks: Int, shift: Float) -> HalfChunkStatistics? {
        let shiftD = Double(shift)
        var sumsA = SIMD8<Double>(), sumsB = sumsA, squaresA = sumsA, squaresB = sumsA
        var low = Int16.max, high = Int16.min, zeros = 0
        for c in 0..<chunks {
            let at = start &+ 32 &* c
            for i in at..<(at &+ 32) {  // at + 32 ≤ start + 32 × chunks ≤ count (the caller's precondition)
                let bits = UInt16(littleEndian: lanes.base.loadUnaligned(fromByteOffset: 2 &* i, as: UInt16.self))
                let key = orderKey(bits)
                low = Swift.min(low, key)
                high = Swift.max(high, key)
                if bits & 0x7FFF == 0 { zeros += 1 }
            }
            func slot(_ k: Int) -> SIMD8<Double> {
                var d = SIMD8<Double>()
                for j in 0..<8 { d[j] = Double(lanes.load1(at &+ 4 &* j &+ k)) - shiftD }
                return d
            }
            let d0 = slot(0), d1 = slot(1), d2 = slot(2), d3 = slot(3)
            sumsA = (sumsA + d0) + d1
            sumsB = (sumsB + d2) + d3
            squaresA = squaresA.addingProduct(d0, d0).addingProduct(d1, d1)
            squaresB = squaresB.addingProduct(d2, d2).addingProduct(d3, d3)
        }
        guard keysAreFinite(low: low, high: high, kind: L.vectorKind) else { return nil }
        func reduce(_ s: SIMD8<Double>) -> Double {
            let t = s.lowHalf + s.highHalf, u = t.lowHalf + t.highHalf
            return u[0] + u[1]
        }
        return HalfChunkStatistics(sum: reduce(sumsA + sumsB), squares: reduce(squaresA + squaresB),
                                   lowKey: low, highKey: high, zeros: zeros)
    }

    /// One F16 or BF16 batch: its whole chunks through the half loop (`vector`) or its twin, the rest value by value.
    @inline(__always)
    mutating func accumulateHalfBatch<L: StatisticsLanes>(_ lanes: L, _ start: Int, _ end: Int, shift: Float, vector: Bool) {
        let chunks = (end &- start) / 32
        // start + 32 × chunks ≤ end ≤ count: every value either reads is in bounds.
        let loop = vector ? StatisticsVector.halfLoop(lanes.base + 2 &* start, kind: L.vectorKind, chunks: chunks, shift: shift)
                          : Self.halfChunks(lanes, from: start, chunks: chunks, shift: shift)
        guard let loop else { return accumulateBatchScalar(lanes, start, end) }
        let float = L.vectorKind == 1 ? HalfConversion.float(fromHalfBits:) : HalfConversion.float(fromBFloat16Bits:)
        var batch = BatchSums(lowest: chunks > 0 ? float(Self.bits(ofOrderKey: loop.lowKey)) : shift,
                              highest: chunks > 0 ? float(Self.bits(ofOrderKey: loop.highKey)) : shift,
                              sum: loop.sum, squares: loop.squares, zeros: loop.zeros, check: 0)
        finishBatch(lanes, &batch, from: start &+ 32 &* chunks, start, end, shift: shift)
    }
}
