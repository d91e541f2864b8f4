// The bookkeeping of the legacy quants' one-unit blocks, eight at a time (stats_codes_legacy.c and its eight-block
// loop, stats_codes_legacy_eight.h): the scales of eight blocks, the test of their bounds against the running
// extremes by order keys, the lanes of their double moments (four lanes for Q4_1/Q5_1's loop, eight for the
// others, and those on AVX-512), and a block's own extremes from its codes. Private to stats_codes_legacy.c.
#ifndef WC_STATS_CODES_LEGACY_LANES_H
#define WC_STATS_CODES_LEGACY_LANES_H

#include "stats_codes_common.h"

#if defined(__x86_64__) || defined(__i386__)

/// The least and greatest of 32 byte codes (unsigned, or signed when `isSigned`).
WC_AVX2 void wc_byte_range(__m256i q, int isSigned, int *low, int *high) {
#define WC_MIN8(x, y) (isSigned ? _mm_min_epi8(x, y) : _mm_min_epu8(x, y))
#define WC_MAX8(x, y) (isSigned ? _mm_max_epi8(x, y) : _mm_max_epu8(x, y))
#define WC_FOLD8(n) lo = WC_MIN8(lo, _mm_srli_si128(lo, n)); hi = WC_MAX8(hi, _mm_srli_si128(hi, n))
    __m128i a = _mm256_castsi256_si128(q), b = _mm256_extracti128_si256(q, 1);
    __m128i lo = WC_MIN8(a, b), hi = WC_MAX8(a, b);
    WC_FOLD8(8); WC_FOLD8(4); WC_FOLD8(2); WC_FOLD8(1);
#undef WC_FOLD8
#undef WC_MAX8
#undef WC_MIN8
    int l0 = _mm_cvtsi128_si32(lo) & 0xFF, h0 = _mm_cvtsi128_si32(hi) & 0xFF;
    *low = isSigned ? (int)(int8_t)l0 : l0;
    *high = isSigned ? (int)(int8_t)h0 : h0;
}

/// Widens the running extremes with a one-unit block's values d·k, its codes k from kLow to kHigh (each product
/// exact in float, d ≠ 0): its least and greatest value, as the Swift kernel's scan of the dequantized block finds
/// them (CodeMoments.scanExtremes), so the block need not go back to Swift.
WC_AVX2 void wc_widen_by_codes(wc_code_sums *acc, float d, int kLow, int kHigh) {
    float a = d * (float)kLow, b = d * (float)kHigh;
    float lo = d > 0 ? a : b, hi = d > 0 ? b : a;
    if ((double)lo < acc->low) acc->low = (double)lo;
    if ((double)hi > acc->high) acc->high = (double)hi;
}

/// The f16 scales at p, p + stride, …, p + 7·stride as eight u16 lanes.
WC_AVX2 __m128i wc_halves8(const unsigned char *p, size_t stride) {
    // Assembled in two u64 on the integer units (a 16-byte load of eight 2-byte stores would miss store
    // forwarding; eight PINSRW would take the vector units the block sums need).
    uint64_t a = 0, b = 0;
    for (int j = 0; j < 4; j++) {
        a |= (uint64_t)wc_u16le(p + (size_t)j * stride) << (16 * j);
        b |= (uint64_t)wc_u16le(p + (size_t)(j + 4) * stride) << (16 * j);
    }
    return _mm_set_epi64x((long long)b, (long long)a);
}

/// The largest f16 magnitude (its bits) m with m·a ≤ room (a from 1 to 128, exact in float: an f16 times at most
/// 2^8), or −1 where room < 0 or is NaN: room / a rounded toward 0 to an f16 (F16C), then one step either way (the
/// quotient's rounding moves it by less than an f16 step).
WC_AVX2 int wc_f16_fit(float room, int a) {
    if (!(room >= 0)) return -1;
    int h = _cvtss_sh(room / (float)a, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC) & 0x7FFF;
    if (h > 0x7BFF) h = 0x7BFF;  // room / a = +Inf
    if ((float)a * _cvtsh_ss((unsigned short)h) > room) return h - 1;  // h ≥ 1: 0 · a ≤ room
    if (h < 0x7BFF && (float)a * _cvtsh_ss((unsigned short)(h + 1)) <= room) return h + 1;
    return h;
}

/// Whether eight f16 scales can go through the eight-block loop: none NaN/Inf, and no block's values unit·kLow …
/// unit·kHigh could pass the running extremes (`bounds`, wc_bounds_of the sums; min(unit·kLow, unit·kHigh) <
/// bounds.low or the max > bounds.high in float, each product exact). Tested as one compare of the scales' order
/// keys (bits ^ ((bits >> 15) & 0x7FFF), signed: +m is m, −m is −m − 1) with the range of keys that stay inside: a
/// positive unit m with m·|kLow| ≤ −low and m·kHigh ≤ high, a negative one with m·kHigh ≤ −low and m·|kLow| ≤
/// high. NaN and ±Inf lie past every finite key. (The float test it replaced, side by side with it over all 65,536
/// scales and 3,000 bounds, ties among them, gave the same answer every time: benchmarks/RESULTS.md, issue 17,
/// tenth pass.)
typedef struct { __m128i high, low; } wc_unit_keys;  // flagged: key > high or low > key

WC_AVX2 wc_unit_keys wc_unit_keys_of(wc_bounds bounds, int kLow, int kHigh) {
    int positive = wc_f16_fit(-bounds.low, -kLow), p2 = wc_f16_fit(bounds.high, kHigh);
    int negative = wc_f16_fit(-bounds.low, kHigh), n2 = wc_f16_fit(bounds.high, -kLow);
    if (p2 < positive) positive = p2;
    if (n2 < negative) negative = n2;
    wc_unit_keys k = {_mm_set1_epi16((short)positive), _mm_set1_epi16((short)(-negative - 1))};
    return k;
}

/// Whether any of eight f16 scales (wc_halves8) lies outside the keys: then the eight blocks go one by one.
WC_AVX2 int wc_units_outside(wc_unit_keys keys, __m128i halves) {
    __m128i key = _mm_xor_si128(halves, _mm_and_si128(_mm_srai_epi16(halves, 15), _mm_set1_epi16(0x7FFF)));
    return _mm_movemask_epi8(_mm_or_si128(_mm_cmpgt_epi16(key, keys.high), _mm_cmpgt_epi16(keys.low, key)));
}

/// Vector accumulators of one-unit blocks (n values d·k + o each; a block per lane, four lanes), relative to the
/// shift s of the sums: sum = Σ u where u = n·(mean − s) = d·Σk + n·(o − s) (the product exact; one rounding, two
/// where o ≠ 0); between = Σ u² and within = Σ d²·spread (n·M2 of the block, d² exact), each fused. wc_fold
/// turns them into Σ(x − s) = Σ u and Σ(x − s)² = Σ (M2 + n·(mean − s)²) = (between + within) / n.
typedef struct { __m256d sum, between, within; } wc_lanes4;

/// Adds four blocks of n values d·k + o (units d, Σk k1, spreads n·Σk² − (Σk)²; c = n·(o − s)) to the lanes.
WC_AVX2 void wc_add_four(wc_lanes4 *l, __m256d d, __m128i k1, __m128i spread, __m256d c) {
    __m256d u = _mm256_fmadd_pd(d, _mm256_cvtepi32_pd(k1), c);
    l->sum = _mm256_add_pd(l->sum, u);
    l->between = _mm256_fmadd_pd(u, u, l->between);
    l->within = _mm256_fmadd_pd(_mm256_mul_pd(d, d), _mm256_cvtepi32_pd(spread), l->within);
}

/// Folds the lanes of blocks of n values into the sums and clears them.
WC_AVX2 void wc_fold(wc_code_sums *acc, wc_lanes4 *l, int n) {
    double s[4], b[4], w[4];
    _mm256_storeu_pd(s, l->sum);
    _mm256_storeu_pd(b, l->between);
    _mm256_storeu_pd(w, l->within);
    acc->sum += (s[0] + s[1]) + (s[2] + s[3]);
    acc->squares += (((b[0] + b[1]) + (b[2] + b[3])) + ((w[0] + w[1]) + (w[2] + w[3]))) / n;
    l->sum = l->between = l->within = _mm256_setzero_pd();
}

/// Adds the moments of eight blocks of n values d·k + offset (n a power of two): units d, Σk k1, n·Σk² − (Σk)²
/// spread; the caller counts their zero values. Blocks 0–3 go into `first`, 4–7 into `second` (the same four
/// lanes for Q4_1/Q5_1's loop, wc_add_eight; two sets for wc_lanes8). The first block of an empty batch sets the
/// shift.
WC_AVX2 void wc_add_eight_moments(wc_code_sums *acc, wc_lanes4 *first, wc_lanes4 *second, int n, __m256 d, __m256i k1,
                                  __m256i spread, __m256 offset) {
    __m256d d0 = _mm256_cvtps_pd(_mm256_castps256_ps128(d)), d1 = _mm256_cvtps_pd(_mm256_extractf128_ps(d, 1));
    __m256d o0 = _mm256_cvtps_pd(_mm256_castps256_ps128(offset)), o1 = _mm256_cvtps_pd(_mm256_extractf128_ps(offset, 1));
    if (acc->values == 0) {
        acc->shift = (double)_mm256_cvtss_f32(d) * (double)_mm256_cvtsi256_si32(k1) / n + (double)_mm256_cvtss_f32(offset);
    }
    const __m256d shift = _mm256_set1_pd(acc->shift), nd = _mm256_set1_pd((double)n);
    wc_add_four(first, d0, _mm256_castsi256_si128(k1), _mm256_castsi256_si128(spread), _mm256_mul_pd(_mm256_sub_pd(o0, shift), nd));
    wc_add_four(second, d1, _mm256_extracti128_si256(k1, 1), _mm256_extracti128_si256(spread, 1),
                _mm256_mul_pd(_mm256_sub_pd(o1, shift), nd));
    acc->values += 8 * (uint64_t)n;
}

/// The lanes of the eight-block loops (stats_codes_legacy_eight.h): block j of every eight in lane j, each lane
/// summed as wc_lanes4 sums its own (no lane takes two blocks of an eight, so no chain of two adds an eight, and
/// the 512-bit form needs no halves taken out). On AVX2 two sets of four (lanes 0–3, 4–7).
typedef struct { wc_lanes4 low, high; } wc_lanes8;

/// wc_add_eight_moments into eight lanes: blocks 0–3 into `low`, 4–7 into `high`.
WC_AVX2 void wc_add_eight_moments8(wc_code_sums *acc, wc_lanes8 *l, int n, __m256 d, __m256i k1, __m256i spread,
                                   __m256 offset) {
    wc_add_eight_moments(acc, &l->low, &l->high, n, d, k1, spread, offset);
}

/// Folds eight lanes: lanes 4–7 added to 0–3, then wc_fold.
WC_AVX2 void wc_fold8(wc_code_sums *acc, wc_lanes8 *l, int n) {
    l->low.sum = _mm256_add_pd(l->low.sum, l->high.sum);
    l->low.between = _mm256_add_pd(l->low.between, l->high.between);
    l->low.within = _mm256_add_pd(l->low.within, l->high.within);
    wc_fold(acc, &l->low, n);
    l->high = l->low;  // both cleared
}

/// wc_lanes8 on AVX-512: lane j of each register is lane j of wc_lanes8 (0–3 `low`, 4–7 `high`).
typedef struct { __m512d sum, between, within; } wc_lanes8_512;

/// wc_add_eight_moments8 on AVX-512: the same operations on each lane, so the same bits.
WC_AVX512 void wc_add_eight_moments8_avx512(wc_code_sums *acc, wc_lanes8_512 *l, int n, __m256 d, __m256i k1,
                                            __m256i spread, __m256 offset) {
    __m512d d8 = _mm512_cvtps_pd(d), o8 = _mm512_cvtps_pd(offset);
    if (acc->values == 0) {
        acc->shift = (double)_mm256_cvtss_f32(d) * (double)_mm256_cvtsi256_si32(k1) / n + (double)_mm256_cvtss_f32(offset);
    }
    const __m512d shift = _mm512_set1_pd(acc->shift), nd = _mm512_set1_pd((double)n);
    __m512d u = _mm512_fmadd_pd(d8, _mm512_cvtepi32_pd(k1), _mm512_mul_pd(_mm512_sub_pd(o8, shift), nd));
    l->sum = _mm512_add_pd(l->sum, u);
    l->between = _mm512_fmadd_pd(u, u, l->between);
    l->within = _mm512_fmadd_pd(_mm512_mul_pd(d8, d8), _mm512_cvtepi32_pd(spread), l->within);
    acc->values += 8 * (uint64_t)n;
}

/// wc_fold8 on AVX-512.
WC_AVX512 void wc_fold8_avx512(wc_code_sums *acc, wc_lanes8_512 *l, int n) {
    wc_lanes4 four = {_mm256_add_pd(_mm512_castpd512_pd256(l->sum), _mm512_extractf64x4_pd(l->sum, 1)),
                      _mm256_add_pd(_mm512_castpd512_pd256(l->between), _mm512_extractf64x4_pd(l->between, 1)),
                      _mm256_add_pd(_mm512_castpd512_pd256(l->within), _mm512_extractf64x4_pd(l->within, 1))};
    wc_fold(acc, &four, n);
    l->sum = l->between = l->within = _mm512_setzero_pd();
}

/// The zero values of eight blocks: `zeros` per block (one-unit blocks, offset 0: all n where the unit is 0).
WC_AVX2 void wc_add_eight_zeros(wc_code_sums *acc, int n, __m256 d, __m256i zeros, int oneUnit) {
    if (oneUnit) {
        __m256i unitZero = _mm256_castps_si256(_mm256_cmp_ps(d, _mm256_setzero_ps(), _CMP_EQ_OQ));
        zeros = _mm256_blendv_epi8(zeros, _mm256_set1_epi32(n), unitZero);
    }
    __m128i z = _mm_add_epi32(_mm256_castsi256_si128(zeros), _mm256_extracti128_si256(zeros, 1));
    z = _mm_hadd_epi32(z, z);
    acc->zeros += (uint64_t)(_mm_cvtsi128_si32(z) + _mm_extract_epi32(z, 1));
}

/// wc_add_eight_moments, and the zero values (wc_add_eight_zeros).
WC_AVX2 void wc_add_eight(wc_code_sums *acc, wc_lanes4 *l, int n, __m256 d, __m256i k1, __m256i spread, __m256i zeros,
                          __m256 offset, int oneUnit) {
    wc_add_eight_moments(acc, l, l, n, d, k1, spread, offset);
    wc_add_eight_zeros(acc, n, d, zeros, oneUnit);
}

/// wc_add_eight into eight lanes (wc_add_eight_moments8).
WC_AVX2 void wc_add_eight8(wc_code_sums *acc, wc_lanes8 *l, int n, __m256 d, __m256i k1, __m256i spread, __m256i zeros,
                           __m256 offset, int oneUnit) {
    wc_add_eight_moments8(acc, l, n, d, k1, spread, offset);
    wc_add_eight_zeros(acc, n, d, zeros, oneUnit);
}

/// wc_add_eight8 on AVX-512: the same bits.
WC_AVX512 void wc_add_eight8_avx512(wc_code_sums *acc, wc_lanes8_512 *l, int n, __m256 d, __m256i k1, __m256i spread,
                                    __m256i zeros, __m256 offset, int oneUnit) {
    wc_add_eight_moments8_avx512(acc, l, n, d, k1, spread, offset);
    wc_add_eight_zeros(acc, n, d, zeros, oneUnit);
}

#endif
#endif
