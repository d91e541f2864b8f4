// QuantErrorBands: how far a faithful conversion to each storage type may stray from its source, and the verdict
// on one compared tensor. Calibrated with gguf-py's quantizers (testdata/make_compare_fixtures.py --calibrate).
import Foundation

/// The largest error a faithful tensor of some storage type shows against its source.
public struct QuantErrorBand: Sendable, Hashable {
    /// Where the numbers come from.
    public enum Provenance: String, Sendable, Hashable {
        /// Lossless or rounding-only: the band is float noise.
        case exact
        /// Measured: 2 × the worst relative RMSE gguf-py's quantizer gave over the calibration family.
        case calibrated
        /// No reference quantizer to measure with: set from the nearest calibrated type with fewer or equal bits.
        case extrapolated
    }

    /// Largest acceptable `ErrorFigures.relativeRMSE`.
    public let maxRelativeRMSE: Double
    /// Smallest acceptable `ErrorFigures.cosine`.
    public let minCosine: Double
    /// Where the numbers come from.
    public let provenance: Provenance
}

/// The verdict on one compared tensor.
public struct TensorVerdict: Sendable, Hashable {
    /// Whether the tensor passes.
    public let ok: Bool
    /// Why it fails: lowercase lines, empty when `ok`.
    public let reasons: [String]
}

/// Expected error bands per storage type, and the verdict.
///
/// Calibration (gguf 0.19.0 `gguf.quants.quantize`, numpy 2.4; 256×1024 F32 arrays; relative RMSE = rmse/rms(ref)).
/// Family: Gaussian, Laplace, Student-t ν = 2, 3, 4, uniform, norm-like (1 + 0.1·N), and Gaussian with 1/256 … 1/16
/// of the columns scaled ×5 … ×50 (outlier channels). Worst relative RMSE (its data) and lowest cosine:
///
///     type   bits/w  Gaussian  worst rel RMSE                lowest cosine   band rel / cos
///     F16    16      0.00021   0.00022 (norm-like)           1.0000000       0.0005 / 0.9999999
///     BF16   16      0.00166   0.00177 (norm-like)           0.9999984       0.004  / 0.999992
///     Q8_0   8.5     0.00535   0.01205 (outliers 1/256 ×50)  0.9999274       0.025  / 0.99968
///     Q5_1   6       0.03785   0.05754 (outliers 1/16 ×50)   0.9983496       0.12   / 0.9929
///     Q5_0   5.5     0.04265   0.08866 (outliers 1/32 ×20)   0.9960836       0.18   / 0.984
///     Q4_1   5       0.07815   0.12065 (outliers 1/16 ×50)   0.9928078       0.25   / 0.970
///     Q4_0   4.5     0.08589   0.16137 (outliers 1/32 ×10)   0.9871288       0.33   / 0.9496
///     MXFP4  4.25    0.11415   0.17201 (outliers 1/32 ×20)   0.9855148       0.35   / 0.943
///
/// Bands: relative RMSE 2 × the worst, rounded up; cosine `1/√(1 + rel²)` for that relative RMSE (quantization
/// error is nearly orthogonal to the signal: measured cosines match this to 1e-5). A swapped or mis-mapped tensor
/// of the same scale gives relative RMSE ≈ √2 and cosine ≈ 0 (the broken fixture: 1.41 / 0.005), a Q permuted
/// with the wrong head count 0.99 / 0.52: far outside every band up to 3-bit types. For the ≤ 2-bit types only the
/// cosine floor of 0.5 is left: it still catches a swap (cosine ≈ 0), not necessarily a partial mis-permutation.
///
/// K-quants, i-quants and the others have no quantizer in gguf-py; their bands are extrapolated (marked so) from
/// the calibrated type with the same or fewer bits per quantized value — each is at least as accurate in practice,
/// so the bands err on the side of passing a faithful file — doubling per bit below 4, capped at 1.0.
public enum QuantErrorBands {
    /// The band of one storage type, or nil for types that do not hold weights (BOOL, C64, unknown).
    public static func band(for type: ElementType) -> QuantErrorBand? {
        func make(_ rel: Double, _ provenance: QuantErrorBand.Provenance, minCosine: Double? = nil) -> QuantErrorBand {
            QuantErrorBand(maxRelativeRMSE: rel, minCosine: minCosine ?? 1 / (1 + rel * rel).squareRoot(),
                           provenance: provenance)
        }
        switch type {
        case .f32, .f64, .i8, .i16, .i32, .i64, .u8, .u16, .u32, .u64: return make(1e-5, .exact)
        case .f16: return make(0.0005, .exact)
        case .bf16: return make(0.004, .exact)
        case .q8_0: return make(0.025, .calibrated)
        case .q5_1: return make(0.12, .calibrated)
        case .q5_0: return make(0.18, .calibrated)
        case .q4_1: return make(0.25, .calibrated)
        case .q4_0: return make(0.33, .calibrated)
        case .mxfp4: return make(0.35, .calibrated)
        case .q8_1, .q8_K: return make(0.025, .extrapolated)              // 8-bit values, like Q8_0
        case .q6_K: return make(0.12, .extrapolated)                      // 6-bit values: Q5_1's band
        case .q5_K: return make(0.18, .extrapolated)                      // 5-bit values: Q5_0's band
        case .q4_K, .iq4_nl, .iq4_xs: return make(0.33, .extrapolated)    // 4-bit values: Q4_0's band
        case .nvfp4: return make(0.35, .extrapolated)                     // FP4 values: MXFP4's band
        case .f8_e4m3, .f8_e4m3fnuz: return make(0.08, .extrapolated)     // 3 mantissa bits
        case .f8_e5m2, .f8_e5m2fnuz: return make(0.16, .extrapolated)     // 2 mantissa bits
        case .f6_e2m3: return make(0.2, .extrapolated)
        case .f6_e3m2: return make(0.3, .extrapolated)
        case .q3_K, .iq3_s, .iq3_xxs: return make(0.66, .extrapolated)    // 3-bit values: Q4_0's band × 2
        case .q2_K, .iq2_xxs, .iq2_xs, .iq2_s, .iq1_s, .iq1_m, .tq1_0, .tq2_0, .q1_0, .f4, .f8_e8m0:
            return make(1.0, .extrapolated, minCosine: 0.5)               // ≤ 2-bit values: cosine floor only
        case .bool, .c64, .unknownGGML: return nil
        }
    }

    /// The band for a candidate of type `candidate` compared with a reference of type `reference`.
    ///
    /// Both sides' errors against a common source add: relative RMSEs in quadrature, cosine deficits (1 − cos,
    /// ≈ rel²/2) linearly. This covers a GGUF Q8_0 reference against a Q4_0 candidate, and rounding the converter
    /// adds on the way (a BF16 norm weight stored plus one). Nil when either type has no band.
    public static func band(reference: ElementType, candidate: ElementType) -> QuantErrorBand? {
        guard let r = band(for: reference), let c = band(for: candidate) else { return nil }
        let rel = (r.maxRelativeRMSE * r.maxRelativeRMSE + c.maxRelativeRMSE * c.maxRelativeRMSE).squareRoot()
        let provenance: QuantErrorBand.Provenance =
            [r.provenance, c.provenance].contains(.extrapolated) ? .extrapolated
            : [r.provenance, c.provenance].contains(.calibrated) ? .calibrated : .exact
        return QuantErrorBand(maxRelativeRMSE: rel, minCosine: c.minCosine - (1 - r.minCosine), provenance: provenance)
    }

    /// The verdict on a compared tensor: it fails on a NaN or ∞ on either side, or figures outside the band of
    /// its types (a cosine near 0 is called out as a likely swapped or mis-mapped tensor).
    public static func verdict(_ f: ErrorFigures, reference: ElementType, candidate: ElementType) -> TensorVerdict {
        var reasons: [String] = []
        let s = f.sums
        if s.candidateNaN + s.candidateInf > 0 {
            reasons.append("candidate has \(s.candidateNaN) nan and \(s.candidateInf) inf values")
        }
        if s.referenceNaN + s.referenceInf > 0 {
            reasons.append("reference has \(s.referenceNaN) nan and \(s.referenceInf) inf values")
        }
        guard let band = band(reference: reference, candidate: candidate) else {
            reasons.append("no error band for \(reference.name) against \(candidate.name)")
            return TensorVerdict(ok: false, reasons: reasons)
        }
        if !(f.relativeRMSE <= band.maxRelativeRMSE) {
            reasons.append("relative rmse \(short(f.relativeRMSE)) above the \(short(band.maxRelativeRMSE)) "
                           + "expected of \(candidate.name)")
        }
        if !(f.cosine >= band.minCosine) {
            let hint = f.cosine < 0.5 ? ": swapped or mis-mapped tensor?" : ""
            reasons.append("cosine \(short(f.cosine)) below the \(short(band.minCosine)) "
                           + "expected of \(candidate.name)\(hint)")
        }
        return TensorVerdict(ok: reasons.isEmpty, reasons: reasons)
    }

    /// Four significant digits.
    private static func short(_ x: Double) -> String {
        x.isFinite ? String(format: "%.4g", x) : (x > 0 ? "inf" : "-inf")
    }
}
