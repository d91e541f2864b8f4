// The statistics kernels: one pass over floats (from a buffer, or straight from F32/F16/BF16 bytes) with SIMD
// min/max, zero counts and Double shifted sums (main loop also on AVX2: +Vector); a scalar pass over Doubles.

/// Eight floats at a time, and one at a time for the tail, from some storage.
protocol StatisticsLanes {
    /// The first value's bytes.
    var base: UnsafeRawPointer { get }
    /// Values available.
    var count: Int { get }
    /// Bytes per value.
    static var elementBytes: Int { get }
    /// The storage kind the AVX2 loop reads (0 F32, 1 F16, 2 BF16).
    static var vectorKind: Int32 { get }
    /// Values i..<i+8 (the caller ensures i + 8 ≤ count).
    func load8(_ i: Int) -> SIMD8<Float>
    /// Value i (the caller ensures i < count).
    func load1(_ i: Int) -> Float
}

/// Little-endian F32 values at any alignment.
struct FloatLanes: StatisticsLanes {
    let base: UnsafeRawPointer
    let count: Int
    static var elementBytes: Int { 4 }
    static var vectorKind: Int32 { 0 }
    @inline(__always) func load8(_ i: Int) -> SIMD8<Float> { base.loadUnaligned(fromByteOffset: 4 &* i, as: SIMD8<Float>.self) }
    @inline(__always) func load1(_ i: Int) -> Float { base.loadUnaligned(fromByteOffset: 4 &* i, as: Float.self) }
}

/// Little-endian IEEE half values, converted with the SIMD bit-manipulation path.
struct HalfLanes: StatisticsLanes {
    let base: UnsafeRawPointer
    let count: Int
    static var elementBytes: Int { 2 }
    static var vectorKind: Int32 { 1 }
    @inline(__always) func load8(_ i: Int) -> SIMD8<Float> {
        HalfConversion.floats(fromHalfBits: SIMD8<UInt16>(littleEndianLanes: base.loadUnaligned(fromByteOffset: 2 &* i, as: SIMD8<UInt16>.self)))
    }
    @inline(__always) func load1(_ i: Int) -> Float {
        HalfConversion.float(fromHalfBits: UInt16(littleEndian: base.loadUnaligned(fromByteOffset: 2 &* i, as: UInt16.self)))
    }
}

/// Little-endian bfloat16 values.
struct BFloat16Lanes: StatisticsLanes {
    let base: UnsafeRawPointer
    let count: Int
    static var elementBytes: Int { 2 }
    static var vectorKind: Int32 { 2 }
    @inline(__always) func load8(_ i: Int) -> SIMD8<Float> {
        HalfConversion.floats(fromBFloat16Bits: SIMD8<UInt16>(littleEndianLanes: base.loadUnaligned(fromByteOffset: 2 &* i, as: SIMD8<UInt16>.self)))
    }
    @inline(__always) func load1(_ i: Int) -> Float {
        HalfConversion.float(fromBFloat16Bits: UInt16(littleEndian: base.loadUnaligned(fromByteOffset: 2 &* i, as: UInt16.self)))
    }
}

extension TensorStatistics {
    /// Adds every value of `values`.
    ///
    /// - Complexity: O(n), one pass; no allocation.
    public mutating func add(_ values: UnsafeBufferPointer<Float>) {
        guard let base = values.baseAddress, values.count > 0 else { return }
        accumulate(FloatLanes(base: UnsafeRawPointer(base), count: values.count))
    }

    /// Adds every value of `lanes`, batch by batch; `vector` runs each batch's main loop on AVX2 (only where
    /// `StatisticsVector.available`; the results are the same bits either way).
    @inline(__always)
    mutating func accumulate<L: StatisticsLanes>(_ lanes: L, vector: Bool = StatisticsVector.available) {
        var start = 0
        while start < lanes.count {
            let end = Swift.min(start &+ TensorStatistics.batchSize, lanes.count)
            accumulateBatch(lanes, start, end, vector: vector)
            start = end
        }
    }

    /// One batch (at most `batchSize` values). The fast path assumes every value is finite and checks that
    /// on the way (x − x is 0 for finite x, NaN for NaN and ±Inf, and NaN sticks in a sum); a batch that
    /// holds a non-finite value is summarized again by the scalar path, which sorts values out one by one.
    /// F16 and BF16, where the CPU runs their loop, go through `accumulateHalfBatch` (+Half) instead.
    @inline(__always)
    private mutating func accumulateBatch<L: StatisticsLanes>(_ lanes: L, _ start: Int, _ end: Int, vector: Bool) {
        let shift = lanes.load1(start)  // start < end: in bounds
        guard shift.isFinite else { return accumulateBatchScalar(lanes, start, end) }
        if L.vectorKind != 0 && StatisticsVector.available {
            // The AVX2/AVX-512 half loop, or (`vector: false`, for the twin tests) its Swift twin. Elsewhere the
            // plain loop below takes every group, since an x86 CPU without FMA would compute each fused product
            // of the twin in libm.
            return accumulateHalfBatch(lanes, start, end, shift: shift, vector: vector)
        }
        // Written in SIMD4 halves with one chain per accumulator: on SSE2 this keeps every accumulator in a
        // register and lets `replacing(with:where:)` become MINPS/MAXPS. Sums are in Double, shifted by
        // the batch's first value so that M2 = Σd² − (Σd)²/n loses little to cancellation.
        let shiftLanes = SIMD4<Float>(repeating: shift), shiftD = SIMD4<Double>(repeating: Double(shift))
        let zero = SIMD4<Float>(), none = SIMD4<Int32>()
        var lowA = shiftLanes, lowB = shiftLanes, highA = shiftLanes, highB = shiftLanes
        var check = zero, zeros = none
        var sums = SIMD4<Double>(), squares = SIMD4<Double>()
        var i = start
        if vector && L.vectorKind == 0 {
            // The same loop on AVX2 (the Swift loop below is its twin): whole groups of 8 from start.
            let groups = (end &- start) / 8
            // start + 8 × groups ≤ end ≤ count: every value the loop reads is in bounds.
            guard let v = StatisticsVector.mainLoop(lanes.base + start &* L.elementBytes, groups: groups, shift: shift) else {
                return accumulateBatchScalar(lanes, start, end)
            }
            lowA = v.low.lowHalf; lowB = v.low.highHalf
            highA = v.high.lowHalf; highB = v.high.highHalf
            sums = v.sums; squares = v.squares
            zeros = SIMD4<Int32>(Int32(truncatingIfNeeded: v.zeros), 0, 0, 0)  // ≤ batchSize: fits
            i = start &+ groups &* 8
        }
        while i &+ 8 <= end {  // i + 8 ≤ end ≤ count: in bounds
            let (da, db) = Self.look(lanes.load8(i), shiftD, &lowA, &lowB, &highA, &highB, &check, &zeros)
            sums += da + db
            squares += da * da + db * db
            i &+= 8
        }
        var batch = BatchSums(lowest: lowA.replacing(with: lowB, where: lowB .< lowA).min(),
                              highest: highA.replacing(with: highB, where: highB .> highA).max(),
                              sum: (sums[0] + sums[1]) + (sums[2] + sums[3]),
                              squares: (squares[0] + squares[1]) + (squares[2] + squares[3]),
                              zeros: Int(zeros.wrappedSum()), check: check.sum())  // zeros ≤ 4096: no wrap
        finishBatch(lanes, &batch, from: i, start, end, shift: shift)
    }

    /// A batch's figures before its last values (the tail a loop leaves) go in.
    struct BatchSums {
        var lowest: Float
        var highest: Float
        var sum: Double
        var squares: Double
        var zeros: Int
        /// 0 while every value seen was finite (a sum of x − x).
        var check: Float
    }

    /// Adds values i..<end one by one to `batch`, then merges the batch start..<end; a batch that turns out to hold
    /// NaN or Inf goes to the scalar path instead.
    @inline(__always)
    mutating func finishBatch<L: StatisticsLanes>(_ lanes: L, _ batch: inout BatchSums, from first: Int, _ start: Int,
                                                  _ end: Int, shift: Float) {
        var i = first
        while i < end {  // i < end: in bounds
            let x = lanes.load1(i)
            batch.check += x - x
            if x == 0 { batch.zeros += 1 }
            batch.lowest = Swift.min(batch.lowest, x)
            batch.highest = Swift.max(batch.highest, x)
            let d = Double(x) - Double(shift)
            batch.sum += d
            batch.squares += d * d
            i &+= 1
        }
        guard batch.check == 0 else { return accumulateBatchScalar(lanes, start, end) }
        count += end &- start
        zeroCount += batch.zeros
        let n = end &- start, nd = Double(n)
        mergeFinite(count: n, mean: Double(shift) + batch.sum / nd, m2: Swift.max(0, batch.squares - batch.sum * batch.sum / nd),
                    low: Double(batch.lowest), high: Double(batch.highest))
    }

    /// One group of eight in the fast path: extremes per lane (MINPS/MAXPS), the NaN/Inf check (x − x), the ±0
    /// count; returns the values minus the shift as two halves of Doubles.
    @inline(__always)
    private static func look(_ x: SIMD8<Float>, _ shiftD: SIMD4<Double>, _ lowA: inout SIMD4<Float>, _ lowB: inout SIMD4<Float>,
                             _ highA: inout SIMD4<Float>, _ highB: inout SIMD4<Float>, _ check: inout SIMD4<Float>,
                             _ zeros: inout SIMD4<Int32>) -> (SIMD4<Double>, SIMD4<Double>) {
        let a = x.lowHalf, b = x.highHalf, none = SIMD4<Int32>(), one = SIMD4<Int32>(repeating: 1)
        check += (a - a) + (b - b)
        lowA = lowA.replacing(with: a, where: a .< lowA)
        lowB = lowB.replacing(with: b, where: b .< lowB)
        highA = highA.replacing(with: a, where: a .> highA)
        highB = highB.replacing(with: b, where: b .> highB)
        // ±0 has no bits but the sign: an integer equality, which SSE2 does as CMPEQ + PSUBD.
        let magnitudeA = unsafeBitCast(a, to: SIMD4<Int32>.self) & 0x7FFF_FFFF  // same size, trivial types
        let magnitudeB = unsafeBitCast(b, to: SIMD4<Int32>.self) & 0x7FFF_FFFF
        zeros &+= none.replacing(with: one, where: magnitudeA .== none) &+ none.replacing(with: one, where: magnitudeB .== none)
        return (SIMD4<Double>(a) - shiftD, SIMD4<Double>(b) - shiftD)
    }

    /// One batch holding NaN or Inf, value by value (the slow twin of the fast path, and its fallback).
    mutating func accumulateBatchScalar<L: StatisticsLanes>(_ lanes: L, _ start: Int, _ end: Int) {
        accumulateDoubles(count: end &- start) { Double(lanes.load1(start &+ $0)) }  // start + k < end: in bounds
    }

    /// Adds `count` Double values read by `value` (F64 and the wide integer types: no rounding to Float).
    mutating func accumulateDoubles(count total: Int, _ value: (Int) -> Double) {
        var start = 0
        while start < total {
            let end = Swift.min(start &+ TensorStatistics.batchSize, total)
            count += end &- start
            var shift = Double.nan
            var sum = 0.0, sumSquares = 0.0, n = 0
            var lowest = Double.infinity, highest = -Double.infinity
            for i in start..<end {
                let x = value(i)
                guard x.isFinite else {
                    if x.isNaN { nanCount += 1 } else { infCount += 1 }
                    continue
                }
                if x == 0 { zeroCount += 1 }
                if n == 0 { shift = x }
                n += 1
                lowest = Swift.min(lowest, x)
                highest = Swift.max(highest, x)
                let d = x - shift
                sum += d
                sumSquares += d * d
            }
            if n > 0 {
                let nd = Double(n)
                mergeFinite(count: n, mean: shift + sum / nd, m2: Swift.max(0, sumSquares - sum * sum / nd),
                            low: lowest, high: highest)
            }
            start = end
        }
    }
}
