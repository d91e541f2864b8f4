// Tests of the compare kernel: the SIMD ErrorAccumulator against its scalar double-precision twin on every length
// up to a few KiB, with NaN/Inf/overflow blocks, chunked merging, and the derived figures' conventions.
import Testing
@testable import WeightCheck

/// The slow twin: every pair in Double, non-finite pairs counted and skipped.
func scalarAccumulate(_ ref: [Float], _ cand: [Float], offset: Float = 0) -> ErrorAccumulator {
    var a = ErrorAccumulator()
    for (r0, c) in zip(ref, cand) {
        let r = r0 + offset
        var skip = false
        if r.isNaN { a.referenceNaN += 1; skip = true } else if r.isInfinite { a.referenceInf += 1; skip = true }
        if c.isNaN { a.candidateNaN += 1; skip = true } else if c.isInfinite { a.candidateInf += 1; skip = true }
        if skip { a.nonFinitePairs += 1; continue }
        let rd = Double(r), cd = Double(c), d = cd - rd
        a.count += 1
        a.sumSquaredError += d * d
        a.dot += rd * cd
        a.sumReferenceSquared += rd * rd
        a.sumCandidateSquared += cd * cd
        a.maxAbsError = max(a.maxAbsError, abs(d))
    }
    return a
}

func accumulate(_ ref: [Float], _ cand: [Float], offset: Float = 0) -> ErrorAccumulator {
    var a = ErrorAccumulator()
    ref.withUnsafeBufferPointer { r in
        cand.withUnsafeBufferPointer { c in a.add(reference: r, candidate: c, referenceOffset: offset) }
    }
    return a
}

func close(_ a: Double, _ b: Double, relative: Double = 1e-6) -> Bool {
    if a == b { return true }
    return abs(a - b) <= relative * max(abs(a), abs(b))
}

func sameSums(_ a: ErrorAccumulator, _ b: ErrorAccumulator, relative: Double = 1e-6) -> Bool {
    a.count == b.count && a.referenceNaN == b.referenceNaN && a.referenceInf == b.referenceInf
        && a.candidateNaN == b.candidateNaN && a.candidateInf == b.candidateInf && a.nonFinitePairs == b.nonFinitePairs
        && close(a.sumSquaredError, b.sumSquaredError, relative: relative)
        && close(a.maxAbsError, b.maxAbsError, relative: relative)
        // Σrc cancels: bound its error by Σ|rc| ≤ √(Σr²·Σc²) (Cauchy–Schwarz), not by the result.
        && abs(a.dot - b.dot) <= relative * (a.sumReferenceSquared * a.sumCandidateSquared).squareRoot()
        && close(a.sumReferenceSquared, b.sumReferenceSquared, relative: relative)
        && close(a.sumCandidateSquared, b.sumCandidateSquared, relative: relative)
}

@Suite struct ErrorAccumulatorTests {
    /// A reference and a candidate `noise` away from it, like a quantization.
    static func pair(_ n: Int, noise: Float, rng: inout SplitMix64) -> ([Float], [Float]) {
        let ref = (0..<n).map { _ in Float.random(in: -0.05...0.05, using: &rng) }
        let cand = ref.map { $0 + Float.random(in: -noise...noise, using: &rng) }
        return (ref, cand)
    }

    @Test func fastEqualsScalarOnEveryLength() {
        var rng = SplitMix64(state: 1)
        for n in 0...2100 {
            let (ref, cand) = Self.pair(n, noise: 0.003, rng: &rng)
            let fast = accumulate(ref, cand), slow = scalarAccumulate(ref, cand)
            #expect(sameSums(fast, slow), "length \(n)")
            if n % 97 == 0 {
                #expect(sameSums(accumulate(ref, cand, offset: 1), scalarAccumulate(ref, cand, offset: 1)))
            }
        }
    }

    @Test func largeRandomInputs() {
        var rng = SplitMix64(state: 2)
        for (n, noise) in [(1 << 20, Float(0.0001)), (1 << 18 + 77, 0.02), (300_001, 0.5)] {
            let (ref, cand) = Self.pair(n, noise: noise, rng: &rng)
            #expect(sameSums(accumulate(ref, cand), scalarAccumulate(ref, cand)), "length \(n)")
        }
    }

    @Test func nonFiniteValuesAreCountedAndLeftOut() {
        var rng = SplitMix64(state: 3)
        var (ref, cand) = Self.pair(3 * 256 + 100, noise: 0.01, rng: &rng)
        ref[5] = .nan                  // first block
        cand[5] = .infinity            // the same pair: one pair, two counts
        cand[300] = -.infinity         // second block
        ref[700] = .infinity           // third block
        cand[800] = .nan               // tail
        cand[600] = 3e30               // finite, but its square overflows Float: the block must go the slow way
        let fast = accumulate(ref, cand), slow = scalarAccumulate(ref, cand)
        #expect(sameSums(fast, slow))
        #expect(fast.referenceNaN == 1 && fast.referenceInf == 1 && fast.candidateNaN == 1 && fast.candidateInf == 2)
        #expect(fast.nonFinitePairs == 4)
        #expect(fast.count == ref.count - 4)
        #expect(fast.sumSquaredError.isFinite && fast.sumSquaredError > 8e60)
        let f = ErrorFigures(fast)
        #expect(f.hasNonFinite)
        #expect(f.maxAbs > 2.9e30)
    }

    @Test func chunkedMergeEqualsOnePass() {
        var rng = SplitMix64(state: 4)
        let (ref, cand) = Self.pair(100_000, noise: 0.004, rng: &rng)
        let whole = accumulate(ref, cand)
        var merged = ErrorAccumulator()
        var start = 0
        for size in [1, 255, 256, 257, 4096, 10_000, 3] + Array(repeating: 20_000, count: 5) where start < ref.count {
            let end = min(ref.count, start + size)
            merged.merge(accumulate(Array(ref[start..<end]), Array(cand[start..<end])))
            start = end
        }
        merged.merge(accumulate(Array(ref[start...]), Array(cand[start...])))
        #expect(sameSums(whole, merged))
        #expect(merged.count == ref.count)
    }

    @Test func figureConventions() {
        let same = ErrorFigures(accumulate([1, 2, 3], [1, 2, 3]))
        #expect(same.rmse == 0 && same.maxAbs == 0 && same.cosine == 1 && same.snrDB == .infinity)
        #expect(same.snrDBForJSON == nil && same.formattedSNR == "inf" && same.relativeRMSE == 0)

        let zeros = ErrorFigures(accumulate([0, 0], [0, 0]))
        #expect(zeros.cosine == 1 && zeros.snrDB == .infinity && zeros.relativeRMSE == 0)

        let fromZero = ErrorFigures(accumulate([0, 0], [1, 0]))
        #expect(fromZero.cosine == 0 && fromZero.snrDB == -.infinity && fromZero.formattedSNR == "-inf")
        #expect(fromZero.relativeRMSE == .infinity)

        let empty = ErrorFigures(ErrorAccumulator())
        #expect(empty.count == 0 && empty.rmse == 0 && empty.cosine == 1)

        // r = (3, 4), c = (3, 5): e = (0, 1): rmse √½, snr 10·log10(25), cosine 29/(5·√34).
        let f = ErrorFigures(accumulate([3, 4], [3, 5]))
        #expect(close(f.rmse, 0.5.squareRoot(), relative: 1e-15))
        #expect(close(f.snrDB, 10 * 1.3979400086720377, relative: 1e-12))
        #expect(close(f.cosine, 29 / (5 * 34.0.squareRoot()), relative: 1e-15))
        #expect(close(f.relativeRMSE, 0.2, relative: 1e-15))
        #expect(f.formattedSNR == "13.98")
        #expect(f.snrDBForJSON != nil)

        let opposite = ErrorFigures(accumulate([1, 2], [-1, -2]))
        #expect(close(opposite.cosine, -1, relative: 1e-15))
    }
}
