// Exact integer moments of 4-byte integer tensors (I32, U32) on AVX2 (stats_int32.c); the pure-Swift twin is
// Int32Moments in Kernels/Statistics/TensorStatistics+Int32.swift, and tests hold the two equal.
#ifndef WC_STATS_INT_H
#define WC_STATS_INT_H

#include <stddef.h>
#include <stdint.h>

/// Exact integer sums over `count` values: Σx² = squaresHigh·2^32 + squaresLow (each product split in 32-bit
/// halves and the halves summed, so nothing overflows below 2^32 values).
typedef struct {
    int64_t low;           ///< smallest value (count > 0)
    int64_t high;          ///< largest value (count > 0)
    int64_t sum;           ///< Σx
    uint64_t squaresLow;   ///< Σ (x² mod 2^32)
    uint64_t squaresHigh;  ///< Σ ⌊x² / 2^32⌋
    uint64_t zeros;        ///< values equal to 0
} wc_int32_moments;

/// Sums `count` (1 ≤ count < 2^32) little-endian 4-byte integers at `src` (any alignment), signed when
/// `isUnsigned` is 0, into `out` (overwritten). Call only when wc_cpu_has_avx2() returned 1; elsewhere
/// it leaves `out` untouched.
void wc_stats_int32_avx2(const void *src, size_t count, int isUnsigned, wc_int32_moments *out);

#endif
