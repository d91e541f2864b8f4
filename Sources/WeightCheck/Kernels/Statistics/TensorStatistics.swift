// TensorStatistics: the mergeable per-tensor summary (count, min, max, mean, std, NaN/Inf/zero counts,
// bad block scales). Mean and variance are kept as (finite count, mean, M2) and merged with Chan's formula.

/// Summary statistics of a tensor's values, built chunk by chunk and merged.
///
/// `minimum`, `maximum`, `mean` and `std` (population) are over the finite values; `nanCount`, `infCount`
/// and `zeroCount` over all values (±0 both count as zero). `badScales` counts blocks whose scale fields are
/// NaN/Inf (or an E8M0 0xFF), as llama.cpp's `--check-tensors` does.
///
/// Sums run in `Double` over batches of at most `batchSize` values, each shifted by one of its own values,
/// and batches merge with Chan et al.'s pairwise update, so results agree with numpy's float64 `mean`/`std`
/// to about 1e-12 relative. Merging the same chunks in the same order gives the same bits on every run.
public struct TensorStatistics: Sendable, Equatable {
    /// Values seen (finite or not).
    public internal(set) var count: Int = 0
    /// Values that are NaN.
    public internal(set) var nanCount: Int = 0
    /// Values that are +Inf or −Inf.
    public internal(set) var infCount: Int = 0
    /// Values equal to zero (+0 or −0).
    public internal(set) var zeroCount: Int = 0
    /// Blocks whose scale is NaN or Inf (block types only).
    public var badScales: Int = 0
    /// Finite values seen.
    public internal(set) var finiteCount: Int = 0
    /// Smallest finite value (+Inf while there is none).
    var low: Double = .infinity
    /// Largest finite value (−Inf while there is none).
    var high: Double = -.infinity
    /// Mean of the finite values (0 while there is none).
    var runningMean: Double = 0
    /// Sum of squared deviations of the finite values from their mean.
    var m2: Double = 0

    /// The most values one batch of sums covers before it is merged (bounds rounding in the shifted sums).
    public static let batchSize = 4096

    /// Empty statistics.
    public init() {}

    /// The smallest finite value, or nil when there is none. A zero extreme is +0 (`+ 0` turns −0 into +0 and
    /// leaves every other value as it is): which zero a kernel meets first is not a property of the tensor.
    public var minimum: Double? { finiteCount > 0 ? low + 0 : nil }
    /// The largest finite value, or nil when there is none (a zero one +0, as `minimum`).
    public var maximum: Double? { finiteCount > 0 ? high + 0 : nil }
    /// The mean of the finite values, or nil when there is none.
    public var mean: Double? { finiteCount > 0 ? runningMean : nil }
    /// The population variance of the finite values, or nil when there is none.
    public var variance: Double? { finiteCount > 0 ? m2 / Double(finiteCount) : nil }
    /// The population standard deviation of the finite values (numpy's `std`, ddof 0), or nil when there is none.
    public var std: Double? { variance.map { $0.squareRoot() } }

    /// Adds the statistics of values that came after these (chunk order matters only in the last bits).
    public mutating func merge(_ other: TensorStatistics) {
        count += other.count
        nanCount += other.nanCount
        infCount += other.infCount
        zeroCount += other.zeroCount
        badScales += other.badScales
        mergeFinite(count: other.finiteCount, mean: other.runningMean, m2: other.m2, low: other.low, high: other.high)
    }

    /// Merges the moments of `count` further finite values (Chan, Golub and LeVeque's pairwise update).
    mutating func mergeFinite(count n: Int, mean: Double, m2 other: Double, low otherLow: Double, high otherHigh: Double) {
        guard n > 0 else { return }
        if otherLow < low { low = otherLow }
        if otherHigh > high { high = otherHigh }
        if finiteCount == 0 {
            finiteCount = n
            runningMean = mean
            m2 = other
            return
        }
        let na = Double(finiteCount), nb = Double(n), total = na + nb
        let delta = mean - runningMean
        runningMean += delta * (nb / total)
        m2 += other + delta * delta * (na * nb / total)
        finiteCount += n
    }
}
