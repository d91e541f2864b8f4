// CodeMoments: the accumulator of the statistics-from-codes kernels (CodeStatistics+*). A kernel hands it whole
// blocks as exact integer moments of their codes and one scale; it keeps counts, extremes and shifted sums.

/// Statistics of blocks summarized from their codes, flushed into a `TensorStatistics`.
///
/// Every block a kernel adds here has values that are exactly `unit × k` (or a sum of two such terms) for small
/// integers k, as ggml's float arithmetic gives them: the kernel has checked that no product or difference
/// rounds (see each kernel), so the block's sum and sum of squares follow from integer sums of k and k² and
/// only the unit is a float. Blocks that cannot be summarized so (a NaN/Inf scale, a rounding difference) go
/// to `rest`, dequantized and added value by value, as the slow path does.
struct CodeMoments {
    /// Values seen in the blocks added here (all finite).
    var count = 0
    /// Values equal to ±0.
    var zeroCount = 0
    /// Running extremes (start from the statistics' own, so the bound checks of the kernels are tight).
    var low: Double
    var high: Double
    /// Values in the open batch, its shift (the first block's mean), Σ(x − shift) and Σ(x − shift)².
    var n = 0
    var shift = 0.0
    var sum = 0.0
    var squares = 0.0
    /// Blocks summarized value by value (non-finite scales, inexact arithmetic), merged after the rest.
    var rest = TensorStatistics()

    /// The most values one batch covers before it is merged (bounds the drift from the shift).
    static let batchValues = 1 << 16

    init(_ stats: TensorStatistics) {
        low = stats.low
        high = stats.high
    }

    /// Adds a block of `count` finite values with mean `mean` and sum of squared deviations `m2`.
    @inline(__always)
    mutating func add(count values: Int, mean: Double, m2: Double) {
        if n == 0 { shift = mean }
        let delta = mean - shift, nd = Double(values)
        sum += nd * delta
        squares += m2 + nd * delta * delta
        n &+= values
        count &+= values
    }

    /// Adds a block of `count` values `unit × k` whose codes have Σk = `k1` and `count × Σk² − (Σk)²` = `spread`
    /// (an exact integer: the block's M2 in units²·count).
    @inline(__always)
    mutating func add(count values: Int, unit: Double, k1: Int, spread: Int) {
        let nd = Double(values)
        add(count: values, mean: unit * Double(k1) / nd, m2: unit * unit * Double(spread) / nd)
    }

    /// Widens the running extremes with a block's smallest and largest value.
    @inline(__always)
    mutating func extremes(_ lowest: Double, _ highest: Double) {
        if lowest < low { low = lowest }
        if highest > high { high = highest }
    }

    /// Widens the extremes with `unit × kLow` … `unit × kHigh` (kLow ≤ kHigh), in whichever order the unit's sign gives.
    @inline(__always)
    mutating func extremes(unit: Double, _ kLow: Int, _ kHigh: Int) {
        let a = unit * Double(kLow), b = unit * Double(kHigh)
        if unit >= 0 { extremes(a, b) } else { extremes(b, a) }
    }

    /// Adds block `p` of `type` value by value (the slow twin), into `rest`; `buffer` holds a block of floats.
    mutating func addSlowly(_ type: ElementType, _ p: UnsafeRawPointer, _ buffer: UnsafeMutablePointer<Float>) {
        Dequantize.run(type, p, 1, buffer)  // one block, within the caller's checked bytes
        rest.add(UnsafeBufferPointer(start: buffer, count: type.elementsPerBlock))
    }

    /// Exact extremes and zero count of a block whose values are all finite, from its dequantized floats: for
    /// the rare block whose codes' bounds could widen the extremes or whose zero count the codes do not give.
    mutating func scanExtremes(_ type: ElementType, _ p: UnsafeRawPointer, _ buffer: UnsafeMutablePointer<Float>,
                               zeros: Bool) {
        Dequantize.run(type, p, 1, buffer)  // one block, within the caller's checked bytes
        var lowest = Float.infinity, highest = -Float.infinity, z = 0
        for i in 0..<type.elementsPerBlock {  // i < elementsPerBlock: within the buffer
            let x = buffer[i]
            lowest = Swift.min(lowest, x)
            highest = Swift.max(highest, x)
            if x == 0 { z &+= 1 }
        }
        extremes(Double(lowest), Double(highest))
        if zeros { zeroCount &+= z }
    }

    /// Merges the open batch into `stats` (call when `n` is large, and at the end).
    @inline(__always)
    mutating func flushIfFull(into stats: inout TensorStatistics) {
        if n >= CodeMoments.batchValues { flush(into: &stats) }
    }

    /// Merges everything added so far into `stats` and starts over.
    mutating func flush(into stats: inout TensorStatistics) {
        if n > 0 {
            let nd = Double(n)
            stats.count &+= n
            stats.mergeFinite(count: n, mean: shift + sum / nd, m2: Swift.max(0, squares - sum * sum / nd),
                              low: low, high: high)
        }
        n = 0; sum = 0; squares = 0
    }

    /// Final merge: the open batch, the counts, and the blocks added value by value.
    mutating func finish(into stats: inout TensorStatistics) {
        flush(into: &stats)
        stats.zeroCount &+= zeroCount
        stats.merge(rest)
        rest = TensorStatistics()
        zeroCount = 0
    }
}
