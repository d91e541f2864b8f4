// ErrorAccumulator: the kernel of `compare`. Running double-precision sums of the differences between reference and
// candidate values, fed buffer by buffer and merged chunk by chunk in a fixed order.

/// Sums over pairs (reference value r, candidate value c) from which RMSE, max abs error, cosine similarity and SNR
/// follow (see `ErrorFigures`).
///
/// Pairs where either value is NaN or infinite are counted (`referenceNaN`, …) and left out of every sum, so one
/// bad value cannot hide the figures of the rest; a tensor with any of them fails the verdict anyway.
///
/// Precision: within a block of `blockLength` values, products are summed in `Float` across 8 lanes (32 terms per
/// lane); each block's sums are then widened to `Double`. Relative error of the sums is a few `Float` ulps,
/// far below the 1e-6 that the tests hold the figures to against numpy's float64.
public struct ErrorAccumulator: Sendable, Hashable {
    /// Values per block of the fast path.
    public static let blockLength = 256

    /// Pairs included in the sums (both values finite).
    public var count: Int = 0
    /// Σ (c − r)².
    public var sumSquaredError: Double = 0
    /// max |c − r|.
    public var maxAbsError: Double = 0
    /// Σ r·c.
    public var dot: Double = 0
    /// Σ r².
    public var sumReferenceSquared: Double = 0
    /// Σ c².
    public var sumCandidateSquared: Double = 0
    /// NaN values on the reference side.
    public var referenceNaN: Int = 0
    /// ±∞ values on the reference side.
    public var referenceInf: Int = 0
    /// NaN values on the candidate side.
    public var candidateNaN: Int = 0
    /// ±∞ values on the candidate side.
    public var candidateInf: Int = 0
    /// Pairs left out of the sums because either value was NaN or infinite.
    public var nonFinitePairs: Int = 0

    /// An empty accumulator.
    public init() {}


    /// Adds the pairs `(reference[i] + referenceOffset, candidate[i])`.
    ///
    /// - Parameters:
    ///   - referenceOffset: added to each reference value first (1 undoes Gemma's `+1` norm weights; 0 otherwise).
    /// - Precondition: both buffers have the same count (our own logic error otherwise).
    /// - Complexity: O(n), no allocation.
    public mutating func add(reference: UnsafeBufferPointer<Float>, candidate: UnsafeBufferPointer<Float>,
                             referenceOffset: Float = 0) {
        precondition(reference.count == candidate.count, "reference and candidate lengths differ")
        let n = reference.count
        guard n > 0, let rBase = reference.baseAddress, let cBase = candidate.baseAddress else { return }
        let block = ErrorAccumulator.blockLength
        var start = 0
        while start + block <= n {
            if !addBlockFast(UnsafeRawPointer(rBase + start), UnsafeRawPointer(cBase + start), referenceOffset) {
                addSlow(rBase + start, cBase + start, count: block, offset: referenceOffset)
            }
            start += block
        }
        if start < n {
            addSlow(rBase + start, cBase + start, count: n - start, offset: referenceOffset)
        }
    }

    /// Adds everything `other` accumulated. Merging chunk results in a fixed order gives reproducible figures.
    public mutating func merge(_ other: ErrorAccumulator) {
        count += other.count
        sumSquaredError += other.sumSquaredError
        maxAbsError = Swift.max(maxAbsError, other.maxAbsError)
        dot += other.dot
        sumReferenceSquared += other.sumReferenceSquared
        sumCandidateSquared += other.sumCandidateSquared
        referenceNaN += other.referenceNaN
        referenceInf += other.referenceInf
        candidateNaN += other.candidateNaN
        candidateInf += other.candidateInf
        nonFinitePairs += other.nonFinitePairs
    }

    /// One block of `blockLength` pairs in `Float` SIMD, widened to `Double` at the end. Returns false, having
    /// changed nothing, when a sum is not finite (a NaN or ∞ in the block, or a square that overflows `Float`):
    /// the caller then redoes the block with `addSlow`.
    @inline(__always)
    private mutating func addBlockFast(_ r: UnsafeRawPointer, _ c: UnsafeRawPointer, _ offset: Float) -> Bool {
        var sse = SIMD8<Float>(), dp = SIMD8<Float>(), rr = SIMD8<Float>(), cc = SIMD8<Float>()
        var mx = SIMD8<Float>()
        let stride = MemoryLayout<SIMD8<Float>>.size
        var byte = 0
        let end = ErrorAccumulator.blockLength * MemoryLayout<Float>.size
        while byte < end {
            // Safe: the caller passes `blockLength` Floats on each side starting at r and c, and byte + 32 ≤ end.
            let rv = r.loadUnaligned(fromByteOffset: byte, as: SIMD8<Float>.self) + offset
            let cv = c.loadUnaligned(fromByteOffset: byte, as: SIMD8<Float>.self)
            let d = cv - rv
            sse += d * d
            dp += rv * cv
            rr += rv * rv
            cc += cv * cv
            let a = d.replacing(with: -d, where: d .< 0)
            mx = mx.replacing(with: a, where: a .> mx)
            byte &+= stride
        }
        let blockSSE = SIMD8<Double>(sse).sum(), blockDot = SIMD8<Double>(dp).sum()
        let blockRR = SIMD8<Double>(rr).sum(), blockCC = SIMD8<Double>(cc).sum()
        // A NaN or ∞ in the block, or a Float square that overflowed, leaves a lane non-finite (∞·∞ = ∞,
        // ∞ − ∞ = NaN, NaN propagates), and with it the widened sum; finite lanes cannot overflow in Double.
        guard (blockSSE + blockDot + blockRR + blockCC).isFinite else { return false }
        count += ErrorAccumulator.blockLength
        sumSquaredError += blockSSE
        dot += blockDot
        sumReferenceSquared += blockRR
        sumCandidateSquared += blockCC
        maxAbsError = Swift.max(maxAbsError, Double(mx.max()))
        return true
    }

    /// Pair by pair in `Double`, counting and skipping non-finite values: the tail of a buffer, and any block
    /// the fast path refused.
    private mutating func addSlow(_ r: UnsafePointer<Float>, _ c: UnsafePointer<Float>, count n: Int, offset: Float) {
        for i in 0..<n {
            // Safe: i < n, and the caller passes n valid Floats on each side.
            let rv = r[i] + offset
            let cv = c[i]
            var skip = false
            if rv.isNaN { referenceNaN += 1; skip = true } else if rv.isInfinite { referenceInf += 1; skip = true }
            if cv.isNaN { candidateNaN += 1; skip = true } else if cv.isInfinite { candidateInf += 1; skip = true }
            if skip {
                nonFinitePairs += 1
                continue
            }
            let rd = Double(rv), cd = Double(cv)
            let d = cd - rd
            count += 1
            sumSquaredError += d * d
            dot += rd * cd
            sumReferenceSquared += rd * rd
            sumCandidateSquared += cd * cd
            maxAbsError = Swift.max(maxAbsError, abs(d))
        }
    }
}
