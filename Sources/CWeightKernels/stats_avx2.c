// The statistics kernel's 8-wide main loop for F32 on AVX2, selected at run time; the pure-Swift twin is
// TensorStatistics.accumulateBatch (TensorStatistics+Accumulate.swift) and tests hold the two bit-equal. F16 and
// BF16 have a loop of their own (stats_half.c).
#include "CWeightKernels.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

// One group of eight floats into the lanes: low = x < low ? x : low (MINPS), high = x > high ? x : high (MAXPS),
// d = double(x) − shift per half, sums += da + db, squares += da·da + db·db (no FMA: the target has none).
static inline __attribute__((always_inline, target("avx2")))
void wc_stats_step(__m256 x, __m256d shiftD, __m256 *low, __m256 *high, __m256d *sums, __m256d *squares) {
    *low = _mm256_min_ps(x, *low);
    *high = _mm256_max_ps(x, *high);
    __m256d da = _mm256_sub_pd(_mm256_cvtps_pd(_mm256_castps256_ps128(x)), shiftD);
    __m256d db = _mm256_sub_pd(_mm256_cvtps_pd(_mm256_extractf128_ps(x, 1)), shiftD);
    *sums = _mm256_add_pd(*sums, _mm256_add_pd(da, db));
    *squares = _mm256_add_pd(*squares, _mm256_add_pd(_mm256_mul_pd(da, da), _mm256_mul_pd(db, db)));
}

// Stores the loop's lanes back: extremes and sums as they are, the zero counts added, the NaN/Inf masks or'ed.
static inline __attribute__((always_inline, target("avx2")))
void wc_stats_store(wc_stats_lanes *acc, __m256 low, __m256 high, __m256d sums, __m256d squares, __m256i zeros,
                    __m256i nonFinite) {
    _mm256_storeu_ps(acc->low, low);
    _mm256_storeu_ps(acc->high, high);
    _mm256_storeu_pd(acc->sums, sums);
    _mm256_storeu_pd(acc->squares, squares);
    uint32_t z[8], bad[8];
    _mm256_storeu_si256((__m256i *)z, zeros);
    _mm256_storeu_si256((__m256i *)bad, nonFinite);
    for (int k = 0; k < 8; k++) {
        acc->zeros += z[k];
        acc->nonFinite |= bad[k];
    }
}

// The loop, written operation for operation like the Swift twin so every lane sees the same roundings; zeros and
// non-finite values as integers.
static inline __attribute__((always_inline, target("avx2")))
void wc_stats_loop(const unsigned char *p, size_t groups, float shift, wc_stats_lanes *acc) {
    __m256 low = _mm256_loadu_ps(acc->low), high = _mm256_loadu_ps(acc->high);
    __m256d sums = _mm256_loadu_pd(acc->sums), squares = _mm256_loadu_pd(acc->squares);
    const __m256d shiftD = _mm256_set1_pd((double)shift);
    const __m256i magnitudeMask = _mm256_set1_epi32(0x7FFFFFFF), exponentMask = _mm256_set1_epi32(0x7F800000);
    const __m256i zero = _mm256_setzero_si256();
    __m256i zeros = zero, nonFinite = zero;
    for (size_t g = 0; g < groups; g++) {
        // A hint 2 KiB ahead (never faults, even past the end): from memory, the hardware prefetcher alone
        // keeps too few lines in flight for this loop (F32 from memory: 7.6 GB/s without the hint, 12.3 with it).
        _mm_prefetch((const char *)(p + g * 32 + 2048), _MM_HINT_T0);
        __m256 x = _mm256_loadu_ps((const float *)(p + g * 32));
        __m256i bits = _mm256_castps_si256(x);
        nonFinite = _mm256_or_si256(nonFinite, _mm256_cmpeq_epi32(_mm256_and_si256(bits, exponentMask), exponentMask));
        zeros = _mm256_sub_epi32(zeros, _mm256_cmpeq_epi32(_mm256_and_si256(bits, magnitudeMask), zero));
        wc_stats_step(x, shiftD, &low, &high, &sums, &squares);
    }
    wc_stats_store(acc, low, high, sums, squares, zeros, nonFinite);
}

__attribute__((target("avx2")))
void wc_stats_avx2(const void *src, size_t groups, float shift, wc_stats_lanes *acc) {
    wc_stats_loop((const unsigned char *)src, groups, shift, acc);
}

// The same loop compiled for AVX-512 (the same operations on 256-bit registers, so the same bits): measured 4–7%
// faster from memory on a Zen 5 (stats-f32 19.0–19.7 → 20.2–20.9 GB/s).
__attribute__((target("avx2,avx512f,avx512dq,avx512bw,avx512vl")))
void wc_stats_avx512(const void *src, size_t groups, float shift, wc_stats_lanes *acc) {
    wc_stats_loop((const unsigned char *)src, groups, shift, acc);
}

#else

void wc_stats_avx2(const void *src, size_t groups, float shift, wc_stats_lanes *acc) {
    // Not reachable where wc_cpu_has_avx2() is 0; marks the batch for the Swift path so the symbol exists everywhere.
    (void)src; (void)groups; (void)shift;
    acc->nonFinite = 1;
}

void wc_stats_avx512(const void *src, size_t groups, float shift, wc_stats_lanes *acc) {
    (void)src; (void)groups; (void)shift;
    acc->nonFinite = 1;
}

#endif
