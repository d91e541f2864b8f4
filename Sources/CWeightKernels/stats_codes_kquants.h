// Helpers of the K-quant code-statistics kernels (stats_codes_kquants_two_unit.c, stats_codes_kquants_one_unit.c,
// stats_codes_q45_k_direct.c): packed per-group sums and their hadd trees, horizontal extremes, the zero-code test,
// codes to floats, and the checks and double arithmetic of four two-unit blocks.
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

/// The codes q = 0 of Q4_K group g (32 nibbles), asked only for the rare group whose min is 0 (both Q4_K kernels).
/// No branch on g: the AVX-512 kernel calls it with g from the data.
WC_AVX2 int wc_q4_k_zero_codes(const unsigned char *p, int g) {
    __m256i x = wc_load32(p + 16 + 32 * (g >> 1));
    __m256i q = _mm256_and_si256(_mm256_srl_epi16(x, _mm_cvtsi32_si128(4 * (g & 1))), _mm256_set1_epi8(0x0F));
    return __builtin_popcount((unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(q, _mm256_setzero_si256())));
}

/// The codes q = 0 of Q5_K group g (32 nibbles and their fifth bits at bit g of the 32 qh bytes); no branch on g.
WC_AVX2 int wc_q5_k_zero_codes(const unsigned char *p, int g) {
    __m256i x = wc_load32(p + 48 + 32 * (g >> 1)), qh = wc_load32(p + 16);
    __m256i q = _mm256_and_si256(_mm256_srl_epi16(x, _mm_cvtsi32_si128(4 * (g & 1))), _mm256_set1_epi8(0x0F));
    __m256i fifth = _mm256_and_si256(qh, _mm256_set1_epi8((char)(1 << g)));
    __m256i zero = _mm256_setzero_si256();
    return __builtin_popcount((unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_or_si256(q, fifth), zero)));
}

/// Q4_K (five = 0) and Q5_K: the AVX-512 kernel (stats_codes_q45_k_direct.c) and the AVX2 four-block loop it hands
/// the rest to (stats_codes_kquants_two_unit.c). Blocks done, as the kernels return.
size_t wc_codes_q45_k_direct_avx512(const unsigned char *p, size_t blocks, wc_code_sums *acc, int five);
size_t wc_codes_q45_k_shared(const unsigned char *p, size_t blocks, wc_code_sums *acc, int five);

/// The first exactness test of four two-unit blocks (wc_two_unit_exact a block per double lane; d and dmin f16, a
/// block per lane): with the largest codes the type has (codeMax, qmax) and the lowest bit a float from an f16 can
/// have, its exponent − 10 (a zero scale reads as exponent −127, so the test passes only if all of the block is
/// 0). 1 where all four pass, and then the exact test would; 0 says that the blocks' own codes must be looked at.
WC_AVX2 int wc_two_unit_four_surely_exact(__m128 dv, __m128 mv, int qmax, int codeMax) {
    const __m128 magnitude = _mm_castsi128_ps(_mm_set1_epi32(0x7FFFFFFF));
    const __m128 absD = _mm_and_ps(dv, magnitude), absM = _mm_and_ps(mv, magnitude);
    __m256d ad = _mm256_cvtps_pd(absD), am = _mm256_cvtps_pd(absM);
    __m128i exponents = _mm_min_epi32(_mm_srli_epi32(_mm_castps_si128(absD), 23), _mm_srli_epi32(_mm_castps_si128(absM), 23));
    // 2^(e − 127 − 10 + 24) from its bits: e − 113 + 1023 is a normal double's exponent for e in 0…255.
    __m256d limit = _mm256_castsi256_pd(_mm256_slli_epi64(_mm256_cvtepi32_epi64(_mm_add_epi32(exponents, _mm_set1_epi32(1023 - 113))), 52));
    __m256d bound = _mm256_add_pd(_mm256_mul_pd(ad, _mm256_set1_pd((double)(codeMax * qmax))),
                                  _mm256_mul_pd(am, _mm256_set1_pd((double)codeMax)));
    return _mm256_movemask_pd(_mm256_cmp_pd(bound, limit, _CMP_LT_OQ)) == 0xF;
}

/// Whether the widest bounds the type allows stay inside the running extremes for four exact two-unit blocks (d,
/// dmin a block per lane): d·sc·q between 0 and d·codeMax·qmax and −dmin·m between 0 and −dmin·codeMax (each
/// product exact; a rounded sum of the two still bounds every value, which is a double too). 0 says that the
/// groups must be looked at one by one.
WC_AVX2 int wc_two_unit_four_surely_inside(const wc_code_sums *acc, __m256d dd, __m256d dm, int qmax, int codeMax) {
    const __m256d zeroD = _mm256_setzero_pd();
    __m256d a = _mm256_mul_pd(dd, _mm256_set1_pd((double)(codeMax * qmax)));
    __m256d b = _mm256_mul_pd(dm, _mm256_set1_pd((double)-codeMax));
    __m256d lowest = _mm256_add_pd(_mm256_min_pd(a, zeroD), _mm256_min_pd(b, zeroD));
    __m256d highest = _mm256_add_pd(_mm256_max_pd(a, zeroD), _mm256_max_pd(b, zeroD));
    __m256d inside = _mm256_and_pd(_mm256_cmp_pd(highest, _mm256_set1_pd(acc->high), _CMP_LE_OQ),
                                   _mm256_cmp_pd(lowest, _mm256_set1_pd(acc->low), _CMP_GE_OQ));
    return _mm256_movemask_pd(inside) == 0xF;
}

/// Adds four checked two-unit blocks of n values each (groups of groupN) from their integer sums, a block per lane —
/// Σ sc·Σq, Σ sc²·Σq², Σ sc·m·Σq, Σ m, Σ m² — and d, dmin: wc_two_unit_finish's arithmetic per double lane,
/// operation for operation, added in block order (wc_add_blocks4). The caller adds the zero values.
WC_AVX2 void wc_two_unit_four_add(wc_code_sums *acc, int n, int groupN, __m256d dd, __m256d dm, __m128i scq, __m128i sc2q2,
                                  __m128i scmq, __m128i mins, __m128i minSquares) {
    const __m256d nd = _mm256_set1_pd((double)n), gn = _mm256_set1_pd((double)groupN);
    __m256d sA = _mm256_cvtepi32_pd(scq), sA2 = _mm256_cvtepi32_pd(sc2q2), sAM = _mm256_cvtepi32_pd(scmq);
    __m256d sM = _mm256_mul_pd(gn, _mm256_cvtepi32_pd(mins)), sM2 = _mm256_mul_pd(gn, _mm256_cvtepi32_pd(minSquares));
    // n·ΣA² − (ΣA)² and the like: integers below 2^53, so exact in double, as the int64 twin computes them.
    __m256d cAA = _mm256_sub_pd(_mm256_mul_pd(nd, sA2), _mm256_mul_pd(sA, sA));
    __m256d cAM = _mm256_sub_pd(_mm256_mul_pd(nd, sAM), _mm256_mul_pd(sA, sM));
    __m256d cMM = _mm256_sub_pd(_mm256_mul_pd(nd, sM2), _mm256_mul_pd(sM, sM));
    __m256d m2 = _mm256_add_pd(_mm256_sub_pd(_mm256_mul_pd(_mm256_mul_pd(dd, dd), cAA),
                                             _mm256_mul_pd(_mm256_mul_pd(_mm256_mul_pd(_mm256_set1_pd(2.0), dd), dm), cAM)),
                               _mm256_mul_pd(_mm256_mul_pd(dm, dm), cMM));
    // ÷ n as × 1/n where n is a power of two (256 for every caller): the same real number, so the same rounding.
    const __m256d inverse = _mm256_set1_pd(1.0 / (double)n);
    m2 = (n & (n - 1)) == 0 ? _mm256_mul_pd(m2, inverse) : _mm256_div_pd(m2, nd);
    m2 = _mm256_and_pd(m2, _mm256_cmp_pd(m2, _mm256_setzero_pd(), _CMP_GT_OQ));  // m2 > 0 ? m2 : 0
    __m256d centre = _mm256_sub_pd(_mm256_mul_pd(dd, sA), _mm256_mul_pd(dm, sM));
    __m256d mean = (n & (n - 1)) == 0 ? _mm256_mul_pd(centre, inverse) : _mm256_div_pd(centre, nd);
    wc_add_blocks4(acc, n, mean, m2);
}

#endif  // x86

#endif
