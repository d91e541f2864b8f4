// The statistics kernel's loop for F16 and BF16 on AVX2 and on AVX-512 (the same bits), selected at run time; the
// pure-Swift twin is TensorStatistics.halfChunksTwin (TensorStatistics+Half.swift) and tests hold the three
// bit-equal.
//
// Each iteration takes a chunk of 32 values (64 bytes) as eight 64-bit lanes of four halves. Value 4j + k of the
// chunk (lane j, slot k) becomes the double d = x − shift with no conversion instruction: the half's 15 magnitude
// bits moved under a double's exponent field and its sign bit to the top make a double that is x · 2^−1008 (F16)
// or x · 2^−896 (BF16) exactly, subnormals included, and one FMA by the power of two less the shift leaves
// x − shift rounded once, the bits of double(x) − shift. (Conversions run on the two pipes that also add; the
// shifts and masks run on any vector pipe, the FMA on the multiply pipes.) Slots 0 and 1 go into the set of
// sums A, 2 and 3 into B:
//   sumsA = (sumsA + d0) + d1,  squaresA = fma(d1, d1, fma(d0, d0, squaresA)),  and B likewise with d2, d3;
// at the end s = A + B lane by lane, then lanes 0–3 + 4–7, then 0–1 + 2–3, then lane 0 + lane 1.
// Extremes as order keys (a half's bits with the magnitude flipped under a set sign: signed 16-bit order is the
// order of the values, −0 below +0); NaN and ±Inf are the keys past the largest finite magnitude either way. The
// loop keeps only the largest bits read as a signed and as an unsigned 16-bit number: the first is the greatest
// non-negative value (whose bits are its key) where there is one, the second the negative value of the largest
// magnitude (a set sign is above every non-negative half) where there is one. A batch holding both signs has both
// extremes there; one of a single sign takes a second look at its chunks, still in L1, for their keys
// (wc_half_keys). Two vector operations a chunk where the keys took four: 1.17–1.19× on a Zen 4.
// Zeros: values whose magnitude bits are 0.
#include "CWeightKernels.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

// The constants of a kind: where the magnitude lands (F16: 10 mantissa bits, under the double's 52, less 42;
// BF16: 7, less 45) and the power of two that scales it back.
#define WC_HALF_MASK(kind) ((kind) == 1 ? (long long)(0x8000000000000000ull | (0x7FFFull << 42)) \
                                        : (long long)(0x8000000000000000ull | (0x7FFFull << 45)))
#define WC_HALF_SCALE(kind) ((kind) == 1 ? 0x1p1008 : 0x1p896)
#define WC_HALF_DOWN(kind) ((kind) == 1 ? 6 : 3)

// The 8 lanes' sums to one double: lanes 0–3 + 4–7, 0–1 + 2–3, then 0 + 1.
static inline __attribute__((always_inline, target("avx2"))) double wc_half_reduce4(__m256d t) {
    __m128d u = _mm_add_pd(_mm256_castpd256_pd128(t), _mm256_extractf128_pd(t, 1));
    return _mm_cvtsd_f64(u) + _mm_cvtsd_f64(_mm_unpackhi_pd(u, u));
}

// A half's order key: its bits, the magnitude flipped under a set sign.
static inline int wc_half_key(unsigned bits) {
    return (int16_t)(uint16_t)(bits ^ ((bits & 0x8000u) ? 0x7FFFu : 0u));
}

// The order keys of the extremes of `chunks` × 32 halves at p, for a batch of a single sign (the second look):
// the keys of sixteen halves at a time (bits ^ ((bits >> 15) & 0x7FFF)) into running minima and maxima. On AVX2,
// which every caller has: a second look value by value halved the speed of such a batch.
static __attribute__((target("avx2"))) void wc_half_keys(const unsigned char *p, size_t chunks, int *lowKey,
                                                         int *highKey) {
    const __m256i magnitude = _mm256_set1_epi16(0x7FFF);
    __m256i low = _mm256_set1_epi16(0x7FFF), high = _mm256_set1_epi16(-0x8000);
    for (size_t i = 0; i < 2 * chunks; i++) {
        __m256i raw = _mm256_loadu_si256((const __m256i *)(p + 32 * i));
        __m256i key = _mm256_xor_si256(raw, _mm256_and_si256(_mm256_srai_epi16(raw, 15), magnitude));
        low = _mm256_min_epi16(low, key);
        high = _mm256_max_epi16(high, key);
    }
    int16_t lows[16], highs[16];
    _mm256_storeu_si256((__m256i *)lows, low);
    _mm256_storeu_si256((__m256i *)highs, high);
    int l = 0x7FFF, h = -0x8000;
    for (int k = 0; k < 16; k++) {
        if (lows[k] < l) l = lows[k];
        if (highs[k] > h) h = highs[k];
    }
    *lowKey = l;
    *highKey = h;
}

// The extremes' order keys from the largest bits as a signed (`maxSigned`) and an unsigned (`maxUnsigned`) number:
// straight from them where the batch holds both signs, else from a second look.
static inline void wc_half_extremes(const unsigned char *p, size_t chunks, int maxSigned, unsigned maxUnsigned,
                                    int *lowKey, int *highKey) {
    if (maxSigned >= 0 && maxUnsigned >= 0x8000u) {
        *highKey = maxSigned;
        *lowKey = wc_half_key(maxUnsigned);
    } else {
        wc_half_keys(p, chunks, lowKey, highKey);
    }
}

// The finite-or-not test and the store of a loop's results.
static inline void wc_half_finish(int kind, int lowKey, int highKey, double sum, double squares, uint32_t zeros,
                                  wc_half_stats *out) {
    const int limit = kind == 1 ? 0x7BFF : 0x7F7F;  // the largest finite magnitude
    out->sum = sum;
    out->squares = squares;
    out->lowKey = (int16_t)lowKey;
    out->highKey = (int16_t)highKey;
    out->zeros = zeros;
    out->nonFinite = highKey > limit || lowKey < -limit - 1;
}

// The four slots of a 256-bit half of a chunk as doubles less the shift. A slot's half must reach the top 16 bits
// of a 64-bit lane, where an arithmetic shift of the top 32 bits puts its magnitude under the exponent with the
// sign above it and the mask keeps sign and magnitude. Slot 3 is there already; the shift moves slot 1 the same
// way in the low 32 bits, and a swap of the two 32-bit halves (VPSHUFD) lifts it; slots 2 and 0 likewise after a
// 16-bit shift left of each 32-bit lane. Nine integer operations for the four, where a shift per slot took eleven.
#define WC_HALF_SLOT(width, bits, scale, negShift) _mm##width##_fmadd_pd(_mm##width##_castsi##width##_pd(bits), scale, negShift)
#define WC_HALF_SLOTS(width, raw, d) do {                                                                        \
        __m##width##i odd = _mm##width##_srai_epi32(raw, down);                                                   \
        __m##width##i even = _mm##width##_srai_epi32(_mm##width##_slli_epi32(raw, 16), down);                    \
        d[3] = WC_HALF_SLOT(width, _mm##width##_and_si##width(odd, mask), scale, negShift);                       \
        d[1] = WC_HALF_SLOT(width, _mm##width##_and_si##width(_mm##width##_shuffle_epi32(odd, 0xB1), mask), scale, negShift); \
        d[2] = WC_HALF_SLOT(width, _mm##width##_and_si##width(even, mask), scale, negShift);                      \
        d[0] = WC_HALF_SLOT(width, _mm##width##_and_si##width(_mm##width##_shuffle_epi32(even, 0xB1), mask), scale, negShift); \
    } while (0)

static inline __attribute__((always_inline, target("avx2,fma")))
void wc_stats_half_loop256(const void *src, int kind, size_t chunks, double shift, wc_half_stats *out) {
    const unsigned char *p = (const unsigned char *)src;
    const __m256i mask = _mm256_set1_epi64x(WC_HALF_MASK(kind)), magnitude = _mm256_set1_epi16(0x7FFF);
    const __m256i zero = _mm256_setzero_si256();
    const __m256d scale = _mm256_set1_pd(WC_HALF_SCALE(kind)), negShift = _mm256_set1_pd(-shift);
    const int down = WC_HALF_DOWN(kind);
    // Lanes 0–3 of each set (from the chunk's first 32 bytes) and 4–7 (the second 32).
    __m256d sumsA0 = _mm256_setzero_pd(), sumsA1 = sumsA0, sumsB0 = sumsA0, sumsB1 = sumsA0;
    __m256d squaresA0 = sumsA0, squaresA1 = sumsA0, squaresB0 = sumsA0, squaresB1 = sumsA0;
    __m256i maxSigned = _mm256_set1_epi16(-0x8000), maxUnsigned = zero;
    uint64_t zeros = 0;
    for (size_t c = 0; c < chunks; c++, p += 64) {
        _mm_prefetch((const char *)(p + 2048), _MM_HINT_T0);  // a hint: never faults
        for (int half = 0; half < 2; half++) {
            __m256i raw = _mm256_loadu_si256((const __m256i *)(p + 32 * half));
            zeros += (uint64_t)__builtin_popcount((unsigned)_mm256_movemask_epi8(
                         _mm256_cmpeq_epi16(_mm256_and_si256(raw, magnitude), zero))) / 2;
            maxSigned = _mm256_max_epi16(maxSigned, raw);
            maxUnsigned = _mm256_max_epu16(maxUnsigned, raw);
            __m256d d[4];
            WC_HALF_SLOTS(256, raw, d);
            __m256d d0 = d[0], d1 = d[1], d2 = d[2], d3 = d[3];
            if (half == 0) {
                sumsA0 = _mm256_add_pd(_mm256_add_pd(sumsA0, d0), d1);
                sumsB0 = _mm256_add_pd(_mm256_add_pd(sumsB0, d2), d3);
                squaresA0 = _mm256_fmadd_pd(d1, d1, _mm256_fmadd_pd(d0, d0, squaresA0));
                squaresB0 = _mm256_fmadd_pd(d3, d3, _mm256_fmadd_pd(d2, d2, squaresB0));
            } else {
                sumsA1 = _mm256_add_pd(_mm256_add_pd(sumsA1, d0), d1);
                sumsB1 = _mm256_add_pd(_mm256_add_pd(sumsB1, d2), d3);
                squaresA1 = _mm256_fmadd_pd(d1, d1, _mm256_fmadd_pd(d0, d0, squaresA1));
                squaresB1 = _mm256_fmadd_pd(d3, d3, _mm256_fmadd_pd(d2, d2, squaresB1));
            }
        }
    }
    // A + B per lane, then lanes 0–3 + 4–7, then the rest of the reduction.
    double sum = wc_half_reduce4(_mm256_add_pd(_mm256_add_pd(sumsA0, sumsB0), _mm256_add_pd(sumsA1, sumsB1)));
    double squares = wc_half_reduce4(_mm256_add_pd(_mm256_add_pd(squaresA0, squaresB0),
                                                   _mm256_add_pd(squaresA1, squaresB1)));
    int16_t signedMaxima[16];
    uint16_t unsignedMaxima[16];
    _mm256_storeu_si256((__m256i *)signedMaxima, maxSigned);
    _mm256_storeu_si256((__m256i *)unsignedMaxima, maxUnsigned);
    int largestSigned = -0x8000;
    unsigned largestUnsigned = 0;
    for (int k = 0; k < 16; k++) {
        if (signedMaxima[k] > largestSigned) largestSigned = signedMaxima[k];
        if (unsignedMaxima[k] > largestUnsigned) largestUnsigned = unsignedMaxima[k];
    }
    int lowKey, highKey;
    wc_half_extremes((const unsigned char *)src, chunks, largestSigned, largestUnsigned, &lowKey, &highKey);
    wc_half_finish(kind, lowKey, highKey, sum, squares, (uint32_t)zeros, out);
}

#define WC_STATS_HALF_AVX512 "avx2,fma,avx512f,avx512dq,avx512bw,avx512vl"

static inline __attribute__((always_inline, target(WC_STATS_HALF_AVX512)))
void wc_stats_half_loop512(const void *src, int kind, size_t chunks, double shift, wc_half_stats *out) {
    const unsigned char *p = (const unsigned char *)src;
    const __m512i mask = _mm512_set1_epi64(WC_HALF_MASK(kind)), magnitude = _mm512_set1_epi16(0x7FFF);
    const __m512d scale = _mm512_set1_pd(WC_HALF_SCALE(kind)), negShift = _mm512_set1_pd(-shift);
    const int down = WC_HALF_DOWN(kind);
    __m512d sumsA = _mm512_setzero_pd(), sumsB = sumsA, squaresA = sumsA, squaresB = sumsA;
    __m512i maxSigned = _mm512_set1_epi16(-0x8000), maxUnsigned = _mm512_setzero_si512();
    uint64_t zeros = 0;
    for (size_t c = 0; c < chunks; c++, p += 64) {
        _mm_prefetch((const char *)(p + 2048), _MM_HINT_T0);  // a hint: never faults
        __m512i raw = _mm512_loadu_si512((const void *)p);
        zeros += (uint64_t)__builtin_popcount(_mm512_testn_epi16_mask(raw, magnitude));
        maxSigned = _mm512_max_epi16(maxSigned, raw);
        maxUnsigned = _mm512_max_epu16(maxUnsigned, raw);
        __m512d d[4];
        WC_HALF_SLOTS(512, raw, d);
        __m512d d0 = d[0], d1 = d[1], d2 = d[2], d3 = d[3];
        sumsA = _mm512_add_pd(_mm512_add_pd(sumsA, d0), d1);
        sumsB = _mm512_add_pd(_mm512_add_pd(sumsB, d2), d3);
        squaresA = _mm512_fmadd_pd(d1, d1, _mm512_fmadd_pd(d0, d0, squaresA));
        squaresB = _mm512_fmadd_pd(d3, d3, _mm512_fmadd_pd(d2, d2, squaresB));
    }
    __m512d sums = _mm512_add_pd(sumsA, sumsB), squares = _mm512_add_pd(squaresA, squaresB);
    double sum = wc_half_reduce4(_mm256_add_pd(_mm512_castpd512_pd256(sums), _mm512_extractf64x4_pd(sums, 1)));
    double sumSquares = wc_half_reduce4(_mm256_add_pd(_mm512_castpd512_pd256(squares), _mm512_extractf64x4_pd(squares, 1)));
    int largestSigned = _mm512_reduce_max_epi32(_mm512_cvtepi16_epi32(
        _mm256_max_epi16(_mm512_castsi512_si256(maxSigned), _mm512_extracti64x4_epi64(maxSigned, 1))));
    unsigned largestUnsigned = _mm512_reduce_max_epu32(_mm512_cvtepu16_epi32(
        _mm256_max_epu16(_mm512_castsi512_si256(maxUnsigned), _mm512_extracti64x4_epi64(maxUnsigned, 1))));
    int lowKey, highKey;
    wc_half_extremes((const unsigned char *)src, chunks, largestSigned, largestUnsigned, &lowKey, &highKey);
    wc_half_finish(kind, lowKey, highKey, sum, sumSquares, (uint32_t)zeros, out);
}

// Each kind its own instance, its constants folded in.
__attribute__((target("avx2,fma")))
void wc_stats_half_avx2(const void *src, int kind, size_t chunks, double shift, wc_half_stats *out) {
    if (kind == 1) wc_stats_half_loop256(src, 1, chunks, shift, out); else wc_stats_half_loop256(src, 2, chunks, shift, out);
}

__attribute__((target(WC_STATS_HALF_AVX512)))
void wc_stats_half_avx512(const void *src, int kind, size_t chunks, double shift, wc_half_stats *out) {
    if (kind == 1) wc_stats_half_loop512(src, 1, chunks, shift, out); else wc_stats_half_loop512(src, 2, chunks, shift, out);
}

#else

void wc_stats_half_avx2(const void *src, int kind, size_t chunks, double shift, wc_half_stats *out) {
    // Not reachable where wc_cpu_has_avx2() is 0; marks the batch for the Swift path so the symbol exists everywhere.
    (void)src; (void)kind; (void)chunks; (void)shift;
    out->nonFinite = 1;
}

void wc_stats_half_avx512(const void *src, int kind, size_t chunks, double shift, wc_half_stats *out) {
    (void)src; (void)kind; (void)chunks; (void)shift;
    out->nonFinite = 1;
}

#endif
