// The statistics kernel's loops in C, selected at run time: F32's main loop on AVX2 (CWeightKernels/stats_avx2.c;
// x86-64's default target is SSE2, where the loop's Double sums take two instructions per four values, AVX2 one),
// and F16/BF16's loop on AVX2 or AVX-512 (stats_half.c, the same bits; its twin is in TensorStatistics+Half).
import CWeightKernels

/// The loops of `TensorStatistics.accumulateBatch` in C; their Swift twins are the loop in that function and
/// `TensorStatistics.halfChunks`.
enum StatisticsVector {
    /// Whether this CPU runs the AVX2 loops (x86-64 with AVX2, FMA, F16C and OS-saved YMM state).
    static let available: Bool = wc_cpu_has_avx2() != 0
    /// Whether this CPU also runs the AVX-512 variant (which leaves the same bits).
    static let wideAvailable: Bool = available && wc_cpu_has_avx512() != 0

    /// What the loop leaves: the Swift loop's accumulators after the same values.
    struct Lanes {
        /// Lanes 0–3: `lowA`, 4–7: `lowB`.
        var low: SIMD8<Float>
        /// Lanes 0–3: `highA`, 4–7: `highB`.
        var high: SIMD8<Float>
        var sums: SIMD4<Double>
        var squares: SIMD4<Double>
        var zeros: Int
    }

    /// Runs the loop over `groups` × 8 F32 values at `base`, shifted by `shift`; nil when a value is NaN or ±Inf
    /// (the caller then takes the scalar path). Only when `available`; `wide` (the loop compiled for AVX-512) only
    /// when `wideAvailable`.
    ///
    /// - Precondition: `groups × 8` values are readable at `base`.
    static func mainLoop(_ base: UnsafeRawPointer, groups: Int, shift: Float, wide: Bool = wideAvailable) -> Lanes? {
        var acc = wc_stats_lanes()
        let shifts = SIMD8<Float>(repeating: shift)
        withUnsafeMutableBytes(of: &acc.low) { $0.storeBytes(of: shifts, as: SIMD8<Float>.self) }  // 8 floats: 32 bytes
        withUnsafeMutableBytes(of: &acc.high) { $0.storeBytes(of: shifts, as: SIMD8<Float>.self) }
        if wide { wc_stats_avx512(base, groups, shift, &acc) } else { wc_stats_avx2(base, groups, shift, &acc) }
        guard acc.nonFinite == 0 else { return nil }
        // Each tuple is 8 floats or 4 doubles, the size of the SIMD type loaded from it.
        return Lanes(low: withUnsafeBytes(of: acc.low) { $0.loadUnaligned(as: SIMD8<Float>.self) },
                     high: withUnsafeBytes(of: acc.high) { $0.loadUnaligned(as: SIMD8<Float>.self) },
                     sums: withUnsafeBytes(of: acc.sums) { $0.loadUnaligned(as: SIMD4<Double>.self) },
                     squares: withUnsafeBytes(of: acc.squares) { $0.loadUnaligned(as: SIMD4<Double>.self) },
                     zeros: Int(acc.zeros))
    }

    /// Runs the F16 (`kind` 1) or BF16 (2) loop over `chunks` × 32 values at `base`, shifted by `shift`; nil when
    /// a value is NaN or ±Inf. Only when `available`; `wide` (the AVX-512 variant) only when `wideAvailable`.
    ///
    /// - Precondition: `chunks × 32` values are readable at `base`.
    static func halfLoop(_ base: UnsafeRawPointer, kind: Int32, chunks: Int, shift: Float,
                         wide: Bool = wideAvailable) -> HalfChunkStatistics? {
        var out = wc_half_stats()
        if wide {
            wc_stats_half_avx512(base, kind, chunks, Double(shift), &out)
        } else {
            wc_stats_half_avx2(base, kind, chunks, Double(shift), &out)
        }
        guard out.nonFinite == 0 else { return nil }
        return HalfChunkStatistics(sum: out.sum, squares: out.squares, lowKey: out.lowKey, highKey: out.highKey,
                                   zeros: Int(out.zeros))
    }
}
