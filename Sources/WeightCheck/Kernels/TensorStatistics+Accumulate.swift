// The statistics kernels: one pass over floats (from a buffer, or straight from F32/F16/BF16 bytes) with
// SIMD8 min/max and NaN/Inf/zero counters and Double shifted sums; and a scalar pass over Double values.

/// Eight floats at a time, and one at a time for the tail, from some storage.
protocol StatisticsLanes {
    /// Values available.
    var count: Int { get }
    /// Values i..<i+8 (the caller ensures i + 8 ≤ count).
    func load8(_ i: Int) -> SIMD8<Float>
    /// Value i (the caller ensures i < count).
    func load1(_ i: Int) -> Float
}

/// Little-endian F32 values at any alignment.
struct FloatLanes: StatisticsLanes {
    let base: UnsafeRawPointer
    let count: Int
    @inline(__always) func load8(_ i: Int) -> SIMD8<Float> { base.loadUnaligned(fromByteOffset: 4 &* i, as: SIMD8<Float>.self) }
    @inline(__always) func load1(_ i: Int) -> Float { base.loadUnaligned(fromByteOffset: 4 &* i, as: Float.self) }
}

/// Little-endian IEEE half values, converted with the SIMD bit-manipulation path.
struct HalfLanes: StatisticsLanes {
    let base: UnsafeRawPointer
    let count: Int
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

    /// Adds every value of `lanes`, batch by batch.
    @inline(__always)
    mutating func accumulate<L: StatisticsLanes>(_ lanes: L) {
        var start = 0
        while start < lanes.count {
            let end = Swift.min(start &+ TensorStatistics.batchSize, lanes.count)
            accumulateBatch(lanes, start, end)
            start = end
        }
    }

    /// One batch (at most `batchSize` values, so the Int32 lane counters cannot overflow).
    @inline(__always)
    private mutating func accumulateBatch<L: StatisticsLanes>(_ lanes: L, _ start: Int, _ end: Int) {
        count += end &- start
        // The shift: the batch's first finite value (so the shifted sums stay small and exact-ish).
        var first = start
        while first < end, !lanes.load1(first).isFinite { first &+= 1 }  // first < end: in bounds
        if first == end {
            for i in start..<end { let v = lanes.load1(i); if v.isNaN { nanCount += 1 } else { infCount += 1 } }
            return
        }
        let shift = lanes.load1(first)
        let shiftLanes = SIMD8<Float>(repeating: shift), shiftD = SIMD4<Double>(repeating: Double(shift))
        var low = shiftLanes, high = shiftLanes
        var nonFinite = SIMD8<Int32>(), nans = SIMD8<Int32>(), zeros = SIMD8<Int32>()
        var sumA = SIMD4<Double>(), sumB = SIMD4<Double>(), squaresA = SIMD4<Double>(), squaresB = SIMD4<Double>()
        let none = SIMD8<Int32>(), one = SIMD8<Int32>(repeating: 1)
        var i = start
        while i &+ 8 <= end {  // i + 8 ≤ end ≤ count: in bounds
            let x = lanes.load8(i)
            let magnitude = x.bitPattern.asInt32 & 0x7FFF_FFFF
            let notFinite = magnitude .>= 0x7F80_0000
            nonFinite &+= none.replacing(with: one, where: notFinite)
            nans &+= none.replacing(with: one, where: magnitude .> 0x7F80_0000)
            zeros &+= none.replacing(with: one, where: magnitude .== 0)
            let v = x.replacing(with: shiftLanes, where: notFinite)
            low = low.replacing(with: v, where: v .< low)
            high = high.replacing(with: v, where: v .> high)
            let d0 = SIMD4<Double>(v.lowHalf) - shiftD, d1 = SIMD4<Double>(v.highHalf) - shiftD
            sumA += d0
            sumB += d1
            squaresA += d0 * d0
            squaresB += d1 * d1
            i &+= 8
        }
        var lowest = low.min(), highest = high.max()
        let sums = sumA + sumB, squares = squaresA + squaresB
        var sum = (sums[0] + sums[1]) + (sums[2] + sums[3])
        var sumSquares = (squares[0] + squares[1]) + (squares[2] + squares[3])
        var notFiniteCount = Int(nonFinite.wrappedSum()), nanTotal = Int(nans.wrappedSum()), zeroTotal = Int(zeros.wrappedSum())
        while i < end {  // i < end: in bounds
            let x = lanes.load1(i)
            if x.isFinite {
                if x == 0 { zeroTotal += 1 }
                lowest = Swift.min(lowest, x)
                highest = Swift.max(highest, x)
                let d = Double(x) - Double(shift)
                sum += d
                sumSquares += d * d
            } else {
                notFiniteCount += 1
                if x.isNaN { nanTotal += 1 }
            }
            i &+= 1
        }
        nanCount += nanTotal
        infCount += notFiniteCount - nanTotal
        zeroCount += zeroTotal
        let n = end - start - notFiniteCount, nd = Double(n)
        let batchMean = Double(shift) + sum / nd
        let batchM2 = Swift.max(0, sumSquares - sum * sum / nd)
        mergeFinite(count: n, mean: batchMean, m2: batchM2, low: Double(lowest), high: Double(highest))
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
