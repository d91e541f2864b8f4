// ErrorFigures: the four figures `compare` reports per tensor (RMSE, max abs error, cosine, SNR in dB) and the
// relative RMSE that the verdict uses, derived from an ErrorAccumulator.
import Foundation

/// The figures of one compared tensor.
///
/// Conventions (the fixture script computes numpy's expected figures with the same ones):
/// - `rmse = √(Σ(c−r)² / n)`, `maxAbs = max |c−r|`, over the `n` pairs whose values are both finite.
/// - `cosine = Σrc / (√Σr² · √Σc²)`; 1 when both sides are all zeros, 0 when exactly one side is.
/// - `snrDB = 10·log10(Σr² / Σ(c−r)²)`: **+∞ when the candidate equals the reference** (Σ(c−r)² = 0), −∞ when the
///   reference is all zeros and the candidate is not. JSON has no infinities, so `snrDBForJSON` is nil there and
///   `--json` prints `null`; text prints `inf` / `-inf` (`formattedSNR`). A finite cap was rejected: it would read
///   as a measured figure and sort among real ones.
/// - `relativeRMSE = √(Σ(c−r)² / Σr²) = rmse / rms(reference)` (= 10^(−snrDB/20)); 0 when both sums are 0, +∞ when
///   only the reference sum is.
public struct ErrorFigures: Sendable, Hashable {
    /// Pairs compared (both values finite).
    public let count: Int
    /// Root mean square error.
    public let rmse: Double
    /// Largest absolute error.
    public let maxAbs: Double
    /// Cosine similarity, in [−1, 1].
    public let cosine: Double
    /// Signal-to-noise ratio in dB; may be ±∞ (see the type's notes).
    public let snrDB: Double
    /// RMSE relative to the reference's RMS; may be +∞.
    public let relativeRMSE: Double
    /// The sums the figures came from (NaN/Inf counts included).
    public let sums: ErrorAccumulator

    /// Derives the figures from accumulated sums.
    public init(_ a: ErrorAccumulator) {
        sums = a
        count = a.count
        rmse = a.count == 0 ? 0 : (a.sumSquaredError / Double(a.count)).squareRoot()
        maxAbs = a.maxAbsError
        let rr = a.sumReferenceSquared, cc = a.sumCandidateSquared, sse = a.sumSquaredError
        if rr == 0 && cc == 0 {
            cosine = 1
        } else if rr == 0 || cc == 0 {
            cosine = 0
        } else {
            cosine = Swift.min(1, Swift.max(-1, a.dot / (rr.squareRoot() * cc.squareRoot())))
        }
        if sse == 0 {
            snrDB = .infinity
            relativeRMSE = 0
        } else if rr == 0 {
            snrDB = -.infinity
            relativeRMSE = .infinity
        } else {
            snrDB = 10 * log10(rr / sse)
            relativeRMSE = (sse / rr).squareRoot()
        }
    }

    /// `snrDB` for JSON: nil (printed `null`) when it is infinite.
    public var snrDBForJSON: Double? { snrDB.isFinite ? snrDB : nil }

    /// `snrDB` for text: two decimals, or `inf` / `-inf`.
    public var formattedSNR: String {
        if snrDB == .infinity { return "inf" }
        if snrDB == -.infinity { return "-inf" }
        return String(format: "%.2f", snrDB)
    }

    /// Whether any value on either side was NaN or infinite.
    public var hasNonFinite: Bool {
        sums.referenceNaN + sums.referenceInf + sums.candidateNaN + sums.candidateInf > 0
    }
}
