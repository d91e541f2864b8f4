// The statistics kernel's main loop on AVX2 (CWeightKernels/stats_avx2.c), selected at run time: x86-64's default
// target is SSE2, where the loop's Double sums take two instructions per four values; AVX2 takes one, and where
// the CPU has AVX-512, F16 and BF16's double arithmetic takes half as many again (the same bits).
import CWeightKernels

/// The AVX2 main loop of `TensorStatistics.accumulateBatch`; its Swift twin is the loop in that function.
enum StatisticsVector {
    /// Whether this CPU runs the AVX2 loop (x86-64 with AVX2, FMA, F16C and OS-saved YMM state).
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

    /// Runs the loop over `groups` × 8 values of `kind` (0 F32, 1 F16, 2 BF16) at `base`, shifted by `shift`;
    /// nil when a value is NaN or ±Inf (the caller then takes the scalar path). Only when `available`; `wide`
    /// (the AVX-512 variant) only when `wideAvailable`.
    ///
    /// - Precondition: `groups × 8` values are readable at `base`.
    static func mainLoop(_ base: UnsafeRawPointer, kind: Int32, groups: Int, shift: Float,
                         wide: Bool = wideAvailable) -> Lanes? {
        var acc = wc_stats_lanes()
        let shifts = SIMD8<Float>(repeating: shift)
        withUnsafeMutableBytes(of: &acc.low) { $0.storeBytes(of: shifts, as: SIMD8<Float>.self) }  // 8 floats: 32 bytes
        withUnsafeMutableBytes(of: &acc.high) { $0.storeBytes(of: shifts, as: SIMD8<Float>.self) }
        if wide { wc_stats_avx512(base, kind, groups, shift, &acc) } else { wc_stats_avx2(base, kind, groups, shift, &acc) }
        guard acc.nonFinite == 0 else { return nil }
        // Each tuple is 8 floats or 4 doubles, the size of the SIMD type loaded from it.
        return Lanes(low: withUnsafeBytes(of: acc.low) { $0.loadUnaligned(as: SIMD8<Float>.self) },
                     high: withUnsafeBytes(of: acc.high) { $0.loadUnaligned(as: SIMD8<Float>.self) },
                     sums: withUnsafeBytes(of: acc.sums) { $0.loadUnaligned(as: SIMD4<Double>.self) },
                     squares: withUnsafeBytes(of: acc.squares) { $0.loadUnaligned(as: SIMD4<Double>.self) },
                     zeros: Int(acc.zeros))
    }
}
