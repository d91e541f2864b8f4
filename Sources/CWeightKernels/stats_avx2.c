// The statistics kernel's 8-wide main loop on AVX2 (+F16C for half inputs, FMA for their sums), selected at run
// time, and its AVX-512 variant for F16 and BF16 (the same bits); the pure-Swift twin is
// TensorStatistics.accumulateBatch (TensorStatistics+Accumulate.swift) and tests hold the three bit-equal.
#include "CWeightKernels.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

// Eight values at p as floats: kind 0 f32, 1 f16 (exact, F16C), 2 bf16 (exact: the top half of an f32).
static inline __attribute__((always_inline, target("avx2,f16c"))) __m256 wc_load8(const unsigned char *p, int kind) {
    if (kind == 0) return _mm256_loadu_ps((const float *)p);
    __m128i h = _mm_loadu_si128((const __m128i *)p);
    if (kind == 1) return _mm256_cvtph_ps(h);
    return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(h), 16));
}

// One group of eight floats into the lanes: low = x < low ? x : low (MINPS), high = x > high ? x : high (MAXPS),
// d = double(x) − shift per half, sums += da + db, squares += da·da + db·db (no FMA: the target has none).
static inline __attribute__((always_inline, target("avx2,f16c")))
void wc_stats_step(__m256 x, __m256d shiftD, __m256 *low, __m256 *high, __m256d *sums, __m256d *squares) {
    *low = _mm256_min_ps(x, *low);
    *high = _mm256_max_ps(x, *high);
    __m256d da = _mm256_sub_pd(_mm256_cvtps_pd(_mm256_castps256_ps128(x)), shiftD);
    __m256d db = _mm256_sub_pd(_mm256_cvtps_pd(_mm256_extractf128_ps(x, 1)), shiftD);
    *sums = _mm256_add_pd(*sums, _mm256_add_pd(da, db));
    *squares = _mm256_add_pd(*squares, _mm256_add_pd(_mm256_mul_pd(da, da), _mm256_mul_pd(db, db)));
}

// Stores the loop's lanes back: extremes and sums as they are, the zero counts added, the NaN/Inf masks or'ed.
static inline __attribute__((always_inline, target("avx2,f16c")))
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

// The loop, written operation for operation like the Swift twin so every lane sees the same roundings:
// low = x < low ? x : low (MINPS), high = x > high ? x : high (MAXPS), d = double(x) - shift per half,
// sums += da + db, squares += da*da + db*db (no FMA: the target has none), zeros and non-finite as integers.
static inline __attribute__((always_inline, target("avx2,f16c")))
void wc_stats_loop(const unsigned char *p, int kind, size_t groups, float shift, wc_stats_lanes *acc) {
    const size_t stride = kind == 0 ? 32 : 16;
    __m256 low = _mm256_loadu_ps(acc->low), high = _mm256_loadu_ps(acc->high);
    __m256d sums = _mm256_loadu_pd(acc->sums), squares = _mm256_loadu_pd(acc->squares);
    const __m256d shiftD = _mm256_set1_pd((double)shift);
    const __m256i magnitudeMask = _mm256_set1_epi32(0x7FFFFFFF), exponentMask = _mm256_set1_epi32(0x7F800000);
    const __m256i zero = _mm256_setzero_si256();
    __m256i zeros = zero, nonFinite = zero;
    for (size_t g = 0; g < groups; g++) {
        // A hint 2 KiB ahead (never faults, even past the end): from memory, the hardware prefetcher alone
        // keeps too few lines in flight for this loop (F32 from memory: 7.6 GB/s without the hint, 12.3 with it).
        _mm_prefetch((const char *)(p + g * stride + 2048), _MM_HINT_T0);
        __m256 x = wc_load8(p + g * stride, kind);
        __m256i bits = _mm256_castps_si256(x);
        nonFinite = _mm256_or_si256(nonFinite, _mm256_cmpeq_epi32(_mm256_and_si256(bits, exponentMask), exponentMask));
        zeros = _mm256_sub_epi32(zeros, _mm256_cmpeq_epi32(_mm256_and_si256(bits, magnitudeMask), zero));
        wc_stats_step(x, shiftD, &low, &high, &sums, &squares);
    }
    wc_stats_store(acc, low, high, sums, squares, zeros, nonFinite);
}

// One group of eight floats into a half loop's set of sums (FMA: one rounding per product and sum):
// low/high as wc_stats_step, d = double(x) − shift per half, sums = (sums + da) + db (a fused 1·d + sums is
// exactly that add), squares = fma(db, db, fma(da, da, squares)).
static inline __attribute__((always_inline, target("avx2,f16c,fma")))
void wc_stats_step_fused(__m256 x, __m256d shiftD, __m256 *low, __m256 *high, __m256d *sums, __m256d *squares) {
    const __m256d one = _mm256_set1_pd(1.0);
    *low = _mm256_min_ps(x, *low);
    *high = _mm256_max_ps(x, *high);
    __m256d da = _mm256_sub_pd(_mm256_cvtps_pd(_mm256_castps256_ps128(x)), shiftD);
    __m256d db = _mm256_sub_pd(_mm256_cvtps_pd(_mm256_extractf128_ps(x, 1)), shiftD);
    // The sums' adds as FMAs by 1 (the same bits as an add): they run on the multiply pipes, which the adds
    // of the conversions and subtractions leave idle.
    *sums = _mm256_fmadd_pd(one, db, _mm256_fmadd_pd(one, da, *sums));
    *squares = _mm256_fmadd_pd(db, db, _mm256_fmadd_pd(da, da, *squares));
}

// The two sets of sums of the half loop (stats_half_loop.h) on AVX2: set A (the first group of a pair) and B.
typedef struct { __m256d sumsA, squaresA, sumsB, squaresB; } wc_half_sums;

static inline __attribute__((always_inline, target("avx2,f16c,fma")))
wc_half_sums wc_half_sums_start(const wc_stats_lanes *acc) {
    wc_half_sums s = {_mm256_loadu_pd(acc->sums), _mm256_loadu_pd(acc->squares), _mm256_setzero_pd(), _mm256_setzero_pd()};
    return s;
}

// A pair of groups: the extremes and set A's sums from x0, then the extremes and set B's from x1.
static inline __attribute__((always_inline, target("avx2,f16c,fma")))
void wc_half_sums_step(wc_half_sums *s, __m256 x0, __m256 x1, double shift, __m256 *low, __m256 *high) {
    const __m256d shiftD = _mm256_set1_pd(shift);
    wc_stats_step_fused(x0, shiftD, low, high, &s->sumsA, &s->squaresA);
    wc_stats_step_fused(x1, shiftD, low, high, &s->sumsB, &s->squaresB);
}

static inline __attribute__((always_inline, target("avx2,f16c,fma")))
void wc_half_sums_end(const wc_half_sums *s, __m256d *sums, __m256d *squares) {
    *sums = _mm256_add_pd(s->sumsA, s->sumsB);
    *squares = _mm256_add_pd(s->squaresA, s->squaresB);
}

#define WC_HALF_ATTR static inline __attribute__((always_inline, target("avx2,f16c,fma")))
#define WC_HALF_NAME wc_stats_loop_half
#define WC_HALF_SUMS wc_half_sums
#define WC_HALF_PREFIX wc_half_sums
#include "stats_half_loop.h"

#define WC_STATS_AVX512 "avx2,f16c,fma,avx512f,avx512dq,avx512bw,avx512vl"

// The sums of the half loop on AVX-512: both sets in one 512-bit register each (set A in lanes 0–3, B in 4–7),
// the same operations on every lane in the same order as wc_half_sums, so the same bits, in half the double
// instructions.
typedef struct { __m512d sums, squares; } wc_half_sums512;

static inline __attribute__((always_inline, target(WC_STATS_AVX512)))
wc_half_sums512 wc_half_sums512_start(const wc_stats_lanes *acc) {
    wc_half_sums512 s = {_mm512_insertf64x4(_mm512_setzero_pd(), _mm256_loadu_pd(acc->sums), 0),
                         _mm512_insertf64x4(_mm512_setzero_pd(), _mm256_loadu_pd(acc->squares), 0)};
    return s;
}

static inline __attribute__((always_inline, target(WC_STATS_AVX512)))
void wc_half_sums512_step(wc_half_sums512 *s, __m256 x0, __m256 x1, double shift, __m256 *low, __m256 *high) {
    const __m512d shiftD = _mm512_set1_pd(shift), one = _mm512_set1_pd(1.0);
    *low = _mm256_min_ps(x1, _mm256_min_ps(x0, *low));
    *high = _mm256_max_ps(x1, _mm256_max_ps(x0, *high));
    // da of both groups (values 0–3 of each), then db (4–7), as doubles less the shift.
    __m512d da = _mm512_sub_pd(_mm512_cvtps_pd(_mm256_permute2f128_ps(x0, x1, 0x20)), shiftD);
    __m512d db = _mm512_sub_pd(_mm512_cvtps_pd(_mm256_permute2f128_ps(x0, x1, 0x31)), shiftD);
    s->sums = _mm512_fmadd_pd(one, db, _mm512_fmadd_pd(one, da, s->sums));
    s->squares = _mm512_fmadd_pd(db, db, _mm512_fmadd_pd(da, da, s->squares));
}

static inline __attribute__((always_inline, target(WC_STATS_AVX512)))
void wc_half_sums512_end(const wc_half_sums512 *s, __m256d *sums, __m256d *squares) {
    *sums = _mm256_add_pd(_mm512_castpd512_pd256(s->sums), _mm512_extractf64x4_pd(s->sums, 1));
    *squares = _mm256_add_pd(_mm512_castpd512_pd256(s->squares), _mm512_extractf64x4_pd(s->squares, 1));
}

#define WC_HALF_ATTR static inline __attribute__((always_inline, target(WC_STATS_AVX512)))
#define WC_HALF_NAME wc_stats_loop_half_avx512
#define WC_HALF_SUMS wc_half_sums512
#define WC_HALF_PREFIX wc_half_sums512
#include "stats_half_loop.h"

__attribute__((target(WC_STATS_AVX512)))
void wc_stats_avx512(const void *src, int kind, size_t groups, float shift, wc_stats_lanes *acc) {
    const unsigned char *p = (const unsigned char *)src;
    switch (kind) {
    case 0: wc_stats_loop(p, 0, groups, shift, acc); break;
    case 1: wc_stats_loop_half_avx512(p, 1, groups, shift, acc); break;
    default: wc_stats_loop_half_avx512(p, 2, groups, shift, acc); break;
    }
}

__attribute__((target("avx2,f16c,fma")))
void wc_stats_avx2(const void *src, int kind, size_t groups, float shift, wc_stats_lanes *acc) {
    const unsigned char *p = (const unsigned char *)src;
    switch (kind) {
    case 0: wc_stats_loop(p, 0, groups, shift, acc); break;
    case 1: wc_stats_loop_half(p, 1, groups, shift, acc); break;
    default: wc_stats_loop_half(p, 2, groups, shift, acc); break;
    }
}

#else

void wc_stats_avx2(const void *src, int kind, size_t groups, float shift, wc_stats_lanes *acc) {
    // Not reachable where wc_cpu_has_avx2() is 0; marks the batch for the Swift path so the symbol exists everywhere.
    (void)src; (void)kind; (void)groups; (void)shift;
    acc->nonFinite = 1;
}

void wc_stats_avx512(const void *src, int kind, size_t groups, float shift, wc_stats_lanes *acc) {
    (void)src; (void)kind; (void)groups; (void)shift;
    acc->nonFinite = 1;
}

#endif
