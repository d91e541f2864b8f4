// Helpers of the K-quant code-statistics kernels (stats_codes_kquants_two_unit.c, stats_codes_kquants_one_unit.c):
// packed per-group sums and their hadd trees, horizontal extremes, the zero-code test, codes to floats.
// Private to CWeightKernels.
#ifndef WC_STATS_CODES_KQUANTS_H
#define WC_STATS_CODES_KQUANTS_H

#include "stats_codes_common.h"

#if defined(__x86_64__) || defined(__i386__)

#pragma clang fp contract(off)  // d·sc·q − dmin·m as ggml rounds it: a product, then a difference

/// Per group of q's codes (≤ 127), one i32 per lane whose lanes sum to Σq² + Σq·2^s + (codes = c)·2^z.
WC_AVX2 __m256i wc_pack(__m256i q, int s, int c, int z) {
    const __m256i zero = _mm256_setzero_si256();
    __m256i squares = _mm256_madd_epi16(_mm256_maddubs_epi16(q, q), _mm256_set1_epi16(1));
    __m256i packed = _mm256_add_epi32(squares, _mm256_slli_epi64(_mm256_sad_epu8(q, zero), s));
    if (z == 0) return packed;
    __m256i hits = _mm256_and_si256(_mm256_cmpeq_epi8(q, _mm256_set1_epi8((char)c)), _mm256_set1_epi8(1));
    return _mm256_add_epi32(packed, _mm256_slli_epi64(_mm256_sad_epu8(hits, zero), z));
}

/// The sums of each 128-bit half of four registers: [v0.lo, v1.lo, v2.lo, v3.lo | v0.hi, v1.hi, v2.hi, v3.hi].
WC_AVX2 __m256i wc_hsum4x2(const __m256i v[4]) {
    return _mm256_hadd_epi32(_mm256_hadd_epi32(v[0], v[1]), _mm256_hadd_epi32(v[2], v[3]));
}

WC_AVX2 int wc_hmax8(__m256i v) {
    __m128i x = _mm_max_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
    x = _mm_max_epi32(x, _mm_shuffle_epi32(x, 0x4E));
    return _mm_cvtsi128_si32(_mm_max_epi32(x, _mm_shuffle_epi32(x, 0xB1)));
}

WC_AVX2 float wc_hmin8f(__m256 v) {
    __m128 x = _mm_min_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    x = _mm_min_ps(x, _mm_movehl_ps(x, x));
    return _mm_cvtss_f32(_mm_min_ss(x, _mm_movehdup_ps(x)));
}

WC_AVX2 float wc_hmax8f(__m256 v) {
    __m128 x = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    x = _mm_max_ps(x, _mm_movehl_ps(x, x));
    return _mm_cvtss_f32(_mm_max_ss(x, _mm_movehdup_ps(x)));
}

/// Sum of eight i32 lanes in 64 bits.
WC_AVX2 int64_t wc_hsum8_64(__m256i v) {
    __m256i w = _mm256_add_epi64(_mm256_cvtepi32_epi64(_mm256_castsi256_si128(v)),
                                 _mm256_cvtepi32_epi64(_mm256_extracti128_si256(v, 1)));
    __m128i x = _mm_add_epi64(_mm256_castsi256_si128(w), _mm256_extracti128_si256(w, 1));
    return _mm_cvtsi128_si64(x) + _mm_extract_epi64(x, 1);
}

/// The first n (16 or 32) byte codes of v as floats dl·q − ml (a product, then a difference, as ggml rounds them).
WC_AVX2 void wc_codes_to_floats(__m256i v, int n, __m256 dl, __m256 ml, float *out) {
    for (int k = 0; k < n; k += 8) {
        __m128i part = k < 16 ? _mm256_castsi256_si128(v) : _mm256_extracti128_si256(v, 1);
        __m256i q = _mm256_cvtepu8_epi32(k & 8 ? _mm_srli_si128(part, 8) : part);
        _mm256_storeu_ps(out + k, _mm256_sub_ps(_mm256_mul_ps(dl, _mm256_cvtepi32_ps(q)), ml));
    }
}

/// Zero codes (q = 0) of group g of the block at p, for the rare group whose min is zero.
typedef int (*wc_zero_codes)(const unsigned char *p, int g);

/// Per group (lane), whether d·sc·q = dmin·m for some code q in 0 … qmax (dl = d·sc, ml = dmin·m): a zero the
/// code sums cannot count. Q2_K (qmax ≤ 3): the three products compared, exact in an exact block, in place of a
/// division; else ml / dl a whole number in range (exact when that holds, so none is missed). Lanes with dl = 0
/// or ml = 0: anything (the callers mask them).
WC_AVX2 __m256 wc_zero_inside(__m256 dl, __m256 ml, int qmax) {
    const __m256 zero = _mm256_setzero_ps(), top = _mm256_set1_ps((float)qmax);
    if (qmax <= 3) {
        __m256 one = _mm256_cmp_ps(dl, ml, _CMP_EQ_OQ), two = _mm256_cmp_ps(_mm256_add_ps(dl, dl), ml, _CMP_EQ_OQ);
        return _mm256_or_ps(_mm256_or_ps(one, two), _mm256_cmp_ps(_mm256_mul_ps(dl, _mm256_set1_ps(3.0f)), ml, _CMP_EQ_OQ));
    }
    __m256 r = _mm256_div_ps(ml, dl);
    return _mm256_and_ps(_mm256_cmp_ps(_mm256_round_ps(r, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC), r, _CMP_EQ_OQ),
                         _mm256_and_ps(_mm256_cmp_ps(r, zero, _CMP_GE_OQ), _mm256_cmp_ps(r, top, _CMP_LE_OQ)));
}


/// The order of the groups in a hadd-of-four vector: [0, 2, 4, 6, 1, 3, 5, 7] (+ 8 for the second).
static const int wc_pairs_order[16] = {0, 2, 4, 6, 1, 3, 5, 7, 8, 10, 12, 14, 9, 11, 13, 15};

/// Eight bytes at p in the order of wc_pairs_order, widened to i32 lanes (signed or not).
WC_AVX2 __m256i wc_bytes_paired(const unsigned char *p, int isSigned) {
    __m128i x = _mm_shuffle_epi8(_mm_loadl_epi64((const __m128i *)p), _mm_setr_epi8(0, 2, 4, 6, 1, 3, 5, 7, 8, 8, 8, 8, 8, 8, 8, 8));
    return isSigned ? _mm256_cvtepi8_epi32(x) : _mm256_cvtepu8_epi32(x);
}


/// The largest lane of each of eight vectors of non-negative i32, in order (wc_hsum8x8 with max for add).
WC_AVX2 __m256i wc_hmax8x8(const __m256i v[8]) {
#define WC_MAXPAIR(a, b) _mm256_max_epi32( \
        _mm256_castps_si256(_mm256_shuffle_ps(_mm256_castsi256_ps(a), _mm256_castsi256_ps(b), 0x88)), \
        _mm256_castps_si256(_mm256_shuffle_ps(_mm256_castsi256_ps(a), _mm256_castsi256_ps(b), 0xDD)))
    __m256i a = WC_MAXPAIR(WC_MAXPAIR(v[0], v[1]), WC_MAXPAIR(v[2], v[3]));
    __m256i b = WC_MAXPAIR(WC_MAXPAIR(v[4], v[5]), WC_MAXPAIR(v[6], v[7]));
#undef WC_MAXPAIR
    return _mm256_max_epi32(_mm256_permute2x128_si256(a, b, 0x20), _mm256_permute2x128_si256(a, b, 0x31));
}

#endif  // x86

#endif
