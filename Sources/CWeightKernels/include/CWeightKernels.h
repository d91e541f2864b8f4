// CWeightKernels: the few kernels that need CPU instructions Swift cannot select at run time.
// Each is behind runtime CPU detection and has a pure-Swift twin in Sources/WeightCheck/Kernels.
#ifndef CWEIGHTKERNELS_H
#define CWEIGHTKERNELS_H

#include <stddef.h>
#include <stdint.h>

#include "wc_cpu_features.h"
#include "wc_fault_guard.h"
#include "wc_prefetch.h"
#include "wc_sha256.h"
#include "wc_xxh3.h"
#include "wc_code_stats.h"
#include "wc_stats_codes.h"
#include "wc_stats_int.h"

// ---- half-precision conversion (half_f16c.c) ----
/// Converts `count` little-endian IEEE half-precision values at `src` (any alignment) to floats at `dst`.
/// Call only when wc_cpu_has_f16c() returned 1. NaNs come back quiet (the quiet bit set), as F16C does.
void wc_f16_to_f32_f16c(const void *src, float *dst, size_t count);
// ---- end half-precision conversion ----

// ---- statistics main loop (stats_avx2.c) ----
/// The accumulators of the statistics kernel's 8-wide loop, as the Swift twin keeps them.
typedef struct {
    float low[8];       ///< running minimum per lane (lanes 0-3: the Swift loop's lowA, 4-7: lowB); start at the shift
    float high[8];      ///< running maximum per lane; start at the shift
    double sums[4];     ///< Σ (x − shift) per double lane; start at 0
    double squares[4];  ///< Σ (x − shift)² per double lane; start at 0
    uint32_t zeros;     ///< values equal to ±0 (added to)
    uint32_t nonFinite; ///< non-zero when any value was NaN or ±Inf: the results are then not to be used
} wc_stats_lanes;

/// Runs the loop over `groups` × 8 little-endian F32 values at `src` (any alignment). Call only when
/// wc_cpu_has_avx2() returned 1.
void wc_stats_avx2(const void *src, size_t groups, float shift, wc_stats_lanes *acc);

/// wc_stats_avx2 compiled for AVX-512 (the same operations, so the same bits). Call only when wc_cpu_has_avx512()
/// returned 1.
void wc_stats_avx512(const void *src, size_t groups, float shift, wc_stats_lanes *acc);
// ---- end statistics main loop ----

// ---- statistics of halves (stats_half.c) ----
/// What the F16/BF16 loop leaves: its sums reduced, its extremes as order keys.
typedef struct {
    double sum;         ///< Σ (x − shift), in the loop's order
    double squares;     ///< Σ (x − shift)², in the loop's order
    int16_t lowKey;     ///< the least value's order key: bits ^ ((bits >> 15) & 0x7FFF) as a signed 16-bit integer
    int16_t highKey;    ///< the greatest value's
    uint32_t zeros;     ///< values equal to ±0
    uint32_t nonFinite; ///< non-zero when any value was NaN or ±Inf: the results are then not to be used
} wc_half_stats;

/// Runs the loop over `chunks` × 32 little-endian halves at `src` (any alignment): kind 1 F16, 2 BF16. Call only
/// when wc_cpu_has_avx2() returned 1.
void wc_stats_half_avx2(const void *src, int kind, size_t chunks, double shift, wc_half_stats *out);

/// wc_stats_half_avx2 on 512-bit registers: the same bits. Call only when wc_cpu_has_avx512() returned 1.
void wc_stats_half_avx512(const void *src, int kind, size_t chunks, double shift, wc_half_stats *out);
// ---- end statistics of halves ----

#endif
