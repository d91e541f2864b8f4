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
/// far below the 1e-6 that the tests hold the figures to against numpy's float64. A block that `Float` cannot
/// represent faithfully (non-finite values, squares that overflow or fall below 2⁻¹⁰⁰) is redone pair by pair in
/// `Double`, as is the tail of a buffer shorter than a block.
///
/// Speed (x86-64 SSE2, release, one core, two 64 MiB `Float` buffers): up to 1.2 G pairs/s (≈ 10 GB/s read) on
/// the shared 2-core dev machine, 0.5–0.9 G pairs/s while other jobs ran; the pre-restructuring layout did 0.3.
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
        let blocks = n / block
        var done = 0
        while done < blocks {
            // Safe: blocks · block ≤ n values on each side; the kernel reads only whole blocks below `blocks`.
            done = addBlocksFast(UnsafeRawPointer(rBase), UnsafeRawPointer(cBase), from: done, to: blocks,
                                 offset: referenceOffset)
            if done < blocks {  // block `done` needs the exact path
                addSlow(rBase + done * block, cBase + done * block, count: block, offset: referenceOffset)
                done += 1
            }
        }
        let start = blocks * block
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

    /// Blocks `first..<last` of `blockLength` pairs in `Float` SIMD, each block's sums widened to `Double` and
    /// added. Stops at the first block that needs the exact path and returns its index (`last` when none does):
    /// a NaN or ∞ in it, a square that overflows `Float`, or squares so small (< 2⁻¹⁰⁰) that `Float` loses them.
    ///
    /// Kept out of line with both loops in it: inlined into `add`, or with the block loop alone, LLVM's SLP
    /// vectorizer re-shuffles lanes across accumulators and scalarizes the offset; the loop then runs 3× slower.
    @inline(never)
    private mutating func addBlocksFast(_ r: UnsafeRawPointer, _ c: UnsafeRawPointer, from first: Int, to last: Int,
                                        offset: Float) -> Int {
        let shift = SIMD8<Float>(repeating: offset)
        let stride = MemoryLayout<SIMD8<Float>>.size
        let blockBytes = ErrorAccumulator.blockLength * MemoryLayout<Float>.size
        let tiny = 0x1p-100
        var block = first
        while block < last {
            var sse = SIMD8<Float>(), dp = SIMD8<Float>(), rr = SIMD8<Float>(), cc = SIMD8<Float>()
            var maxSquare = SIMD8<Float>()
            // Cannot overflow: block < last ≤ n / blockLength, so end ≤ 4n bytes of a buffer that exists.
            var byte = block &* blockBytes
            let end = byte &+ blockBytes
            while byte < end {
                // Safe: block < last, so [byte, byte + 32) lies inside the caller's `last` whole blocks.
                let rv = r.loadUnaligned(fromByteOffset: byte, as: SIMD8<Float>.self) + shift
                let cv = c.loadUnaligned(fromByteOffset: byte, as: SIMD8<Float>.self)
                let d = cv - rv
                let square = d * d
                sse += square
                dp += rv * cv
                rr += rv * rv
                cc += cv * cv
                // max |d| = √(max d²): tracking d² reuses the square and avoids an abs (a mask dance on SSE2).
                maxSquare = maxSquare.replacing(with: square, where: square .> maxSquare)
                byte &+= stride
            }
            let bSSE = SIMD8<Double>(sse).sum(), bDot = SIMD8<Double>(dp).sum()
            let bRR = SIMD8<Double>(rr).sum(), bCC = SIMD8<Double>(cc).sum()
            let bMax = Double(maxSquare.max())
            // A NaN or ∞ in the block, or a Float square that overflowed, leaves a lane non-finite (∞·∞ = ∞,
            // ∞ − ∞ = NaN, NaN propagates), and with it the widened sum; finite lanes cannot overflow in Double.
            guard (bSSE + bDot + bRR + bCC).isFinite,
                  !(bMax > 0 && bMax < tiny), !(bRR > 0 && bRR < tiny), !(bCC > 0 && bCC < tiny) else {
                return block
            }
            count += ErrorAccumulator.blockLength
            sumSquaredError += bSSE
            dot += bDot
            sumReferenceSquared += bRR
            sumCandidateSquared += bCC
            maxAbsError = Swift.max(maxAbsError, bMax.squareRoot())
            block &+= 1
        }
        return last
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
