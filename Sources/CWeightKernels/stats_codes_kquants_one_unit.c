// Statistics from the codes of the one-unit K-quants (x = d·sc·(q − c)): Q3_K and Q6_K on AVX2. Per group Σq²,
// Σq and the centre codes packed into one i32 lane, a block's groups summed by hadd trees, and four blocks' bounds
// and double arithmetic together, a block per lane (wc_one_unit_four; a four with any block that needs more goes
// block by block, wc_one_unit16). Q6_K also has an AVX-512 variant that takes a block's Σk and Σk² straight from its
// codes, with no per-group sums (wc_q6_k_block_avx512; the same integers, so the same bits; the kernel picks at
// run time). Swift twin: CodeStatistics+KQuants (which also takes every block these stop before).
#include "stats_codes_kquants.h"
#include "wc_stats_codes.h"

#if defined(__x86_64__) || defined(__i386__)

/// A one-unit block of 16 groups of 16 values (x = d·sc·(q − c)) from its two hadd-of-four vectors of packed
/// sums (Σq² below bit s, Σq from s, centre codes from z) and scales in the same order: 1 if added, 0 if its
/// bounds pass the extremes.
WC_AVX2 int wc_one_unit16(wc_code_sums *acc, const __m256i t[2], const __m256i sc[2], int s, int z, int c, float d) {
    __m256i k1 = _mm256_setzero_si256(), k2 = _mm256_setzero_si256(), zs = _mm256_setzero_si256();
    const __m256i zero = _mm256_setzero_si256();
    for (int h = 0; h < 2; h++) {
        __m256i sq2 = _mm256_and_si256(t[h], _mm256_set1_epi32((1 << s) - 1));
        __m256i sq = _mm256_and_si256(_mm256_srli_epi32(t[h], s), _mm256_set1_epi32((1 << (z - s)) - 1));
        __m256i centre = _mm256_srli_epi32(t[h], z);
        // Σ(q − c) = Σq − 16c and Σ(q − c)² = Σq² − 2cΣq + 16c² per group; sc·Σ(q − c) and sc²·Σ(q − c)² fit i32
        // (Q6_K: |sc| ≤ 128, Σ(q − c)² ≤ 2^14: ≤ 2^28 a group, the two halves' sums ≤ 2^29).
        __m256i g1 = _mm256_sub_epi32(sq, _mm256_set1_epi32(16 * c));
        __m256i g2 = _mm256_add_epi32(_mm256_sub_epi32(sq2, _mm256_mullo_epi32(sq, _mm256_set1_epi32(2 * c))),
                                      _mm256_set1_epi32(16 * c * c));
        k1 = _mm256_add_epi32(k1, _mm256_mullo_epi32(sc[h], g1));
        k2 = _mm256_add_epi32(k2, _mm256_mullo_epi32(_mm256_mullo_epi32(sc[h], sc[h]), g2));
        __m256i none = _mm256_cmpeq_epi32(sc[h], zero);
        zs = _mm256_add_epi32(zs, _mm256_blendv_epi8(centre, _mm256_set1_epi32(16), none));
    }
    // The codes' bounds: k = sc·(q − c) over q in 0 … 2c − 1 and every group (and 0, the bounds of a zero scale):
    // the lowest is −c·max sc or (c − 1)·min sc, the highest (c − 1)·max sc or −c·min sc.
    int scMax = wc_hmax8(_mm256_max_epi32(sc[0], sc[1])), scMin = -wc_hmax8(_mm256_sub_epi32(zero, _mm256_min_epi32(sc[0], sc[1])));
    int kLow = -c * scMax < (c - 1) * scMin ? -c * scMax : (c - 1) * scMin;
    int kHigh = (c - 1) * scMax > -c * scMin ? (c - 1) * scMax : -c * scMin;
    if (kLow > 0) kLow = 0;
    if (kHigh < 0) kHigh = 0;
    if (wc_may_widen(acc, d, kLow, kHigh)) return 0;
    // k1 (≤ 2^21 in magnitude) and the zero codes (≤ 256) summed in one hadd tree; k2 in 64 bits.
    __m256i pair = _mm256_hadd_epi32(k1, zs);
    __m128i x = _mm_add_epi32(_mm256_castsi256_si128(pair), _mm256_extracti128_si256(pair, 1));
    x = _mm_hadd_epi32(x, x);
    __m256i k2w = _mm256_add_epi64(_mm256_cvtepu32_epi64(_mm256_castsi256_si128(k2)), _mm256_cvtepu32_epi64(_mm256_extracti128_si256(k2, 1)));
    __m128i y = _mm_add_epi64(_mm256_castsi256_si128(k2w), _mm256_extracti128_si256(k2w, 1));
    int64_t sumK2 = _mm_cvtsi128_si64(y) + _mm_extract_epi64(y, 1);
    wc_add_one_unit(acc, 256, d, _mm_cvtsi128_si32(x), sumK2, _mm_extract_epi32(x, 1));
    return 1;
}

/// Whether the code bounds of four one-unit blocks (the scales' largest and least, scMax and scMin, a block per
/// lane; units a block per lane) could pass the running extremes, block by block as wc_one_unit16 tests one.
WC_AVX2 int wc_one_unit_four_widens(const wc_code_sums *acc, __m128i scMax, __m128i scMin, int c, __m256d unit) {
    __m128i a = _mm_mullo_epi32(scMax, _mm_set1_epi32(-c)), b = _mm_mullo_epi32(scMin, _mm_set1_epi32(c - 1));
    __m128i kLow = _mm_min_epi32(_mm_min_epi32(a, b), _mm_setzero_si128());
    __m128i kHigh = _mm_max_epi32(_mm_max_epi32(_mm_mullo_epi32(scMax, _mm_set1_epi32(c - 1)), _mm_mullo_epi32(scMin, _mm_set1_epi32(-c))),
                                  _mm_setzero_si128());
    __m256d lo = _mm256_mul_pd(unit, _mm256_cvtepi32_pd(kLow)), hi = _mm256_mul_pd(unit, _mm256_cvtepi32_pd(kHigh));
    __m256d widen = _mm256_or_pd(_mm256_cmp_pd(_mm256_min_pd(lo, hi), _mm256_set1_pd(acc->low), _CMP_LT_OQ),
                                 _mm256_cmp_pd(_mm256_max_pd(lo, hi), _mm256_set1_pd(acc->high), _CMP_GT_OQ));
    return _mm256_movemask_pd(widen) != 0;
}

/// The largest and least scale of four blocks from their scale vectors (block i's at 2i, 2i + 1), a block per lane.
WC_AVX2 void wc_one_unit_four_range(const __m256i *sc, __m128i *scMax, __m128i *scMin) {
    __m256i extremes[8];
    for (int i = 0; i < 4; i++) {
        // max sc and −min sc offset by 128 (|sc| ≤ 128), so both non-negative for wc_hmax8x8.
        extremes[i] = _mm256_add_epi32(_mm256_max_epi32(sc[2 * i], sc[2 * i + 1]), _mm256_set1_epi32(128));
        extremes[4 + i] = _mm256_sub_epi32(_mm256_set1_epi32(128), _mm256_min_epi32(sc[2 * i], sc[2 * i + 1]));
    }
    __m256i maxima = wc_hmax8x8(extremes);
    *scMax = _mm_sub_epi32(_mm256_castsi256_si128(maxima), _mm_set1_epi32(128));
    *scMin = _mm_sub_epi32(_mm_set1_epi32(128), _mm256_extracti128_si256(maxima, 1));
}

/// The largest and least of the 16 int8 scales of four Q6_K blocks (at 192 in each), a block per lane.
WC_AVX2 void wc_q6_k_four_range(const unsigned char *const block[4], __m128i *scMax, __m128i *scMin) {
    int high[4], low[4];
    for (int i = 0; i < 4; i++) {
        __m128i v = wc_load16(block[i] + 192);
        v = _mm_max_epi8(v, _mm_srli_si128(v, 8)); v = _mm_max_epi8(v, _mm_srli_si128(v, 4));
        v = _mm_max_epi8(v, _mm_srli_si128(v, 2)); v = _mm_max_epi8(v, _mm_srli_si128(v, 1));
        __m128i w = wc_load16(block[i] + 192);
        w = _mm_min_epi8(w, _mm_srli_si128(w, 8)); w = _mm_min_epi8(w, _mm_srli_si128(w, 4));
        w = _mm_min_epi8(w, _mm_srli_si128(w, 2)); w = _mm_min_epi8(w, _mm_srli_si128(w, 1));
        high[i] = (int8_t)_mm_cvtsi128_si32(v);
        low[i] = (int8_t)_mm_cvtsi128_si32(w);
    }
    *scMax = _mm_loadu_si128((const __m128i *)high);
    *scMin = _mm_loadu_si128((const __m128i *)low);
}

/// Four one-unit blocks of 256 values from their integer sums — Σk (lanes 0–3 of `totals`), the zero codes (lanes
/// 4–7) and Σk² (`k2`, four u64, blocks in order) — and units d: where all four have finite units and bounds
/// inside the extremes, their moments are computed a block per double lane, operation for operation as
/// wc_add_one_unit does, added in block order, and 1 returned; else 0. The scales' range for the bounds test comes
/// from `sc` (wc_one_unit_four_range) or, where that is NULL, from the Q6_K blocks themselves (`block`).
WC_AVX2 int wc_one_unit_four_add(wc_code_sums *acc, __m256i totals, __m256i k2, int c, __m128 d, const __m256i *sc,
                                 const unsigned char *const block[4]) {
    const int scaleMax = c == 32 ? 128 : 32;  // Q6_K: int8 scales; Q3_K: 6-bit codes − 32
    const __m128i exponent = _mm_set1_epi32(0x7F800000);
    if (_mm_movemask_epi8(_mm_cmpeq_epi32(_mm_and_si128(_mm_castps_si128(d), exponent), exponent))) return 0;  // NaN/Inf
    // The code bounds of wc_one_unit16 a block per lane, then wc_may_widen's test per double lane; first the
    // widest any block of the type can have, |k| ≤ c·scMax (the scales' largest magnitude): where that stays
    // inside the extremes, so do the blocks' own bounds.
    __m256d unit = _mm256_cvtps_pd(d);
    __m256d reach = _mm256_mul_pd(_mm256_andnot_pd(_mm256_set1_pd(-0.0), unit), _mm256_set1_pd((double)(c * scaleMax)));
    __m256d inside = _mm256_and_pd(_mm256_cmp_pd(reach, _mm256_set1_pd(acc->high), _CMP_LE_OQ),
                                   _mm256_cmp_pd(_mm256_sub_pd(_mm256_setzero_pd(), reach), _mm256_set1_pd(acc->low), _CMP_GE_OQ));
    if (_mm256_movemask_pd(inside) != 0xF) {
        __m128i scMax, scMin;
        if (sc) wc_one_unit_four_range(sc, &scMax, &scMin); else wc_q6_k_four_range(block, &scMax, &scMin);
        if (wc_one_unit_four_widens(acc, scMax, scMin, c, unit)) return 0;
    }
    // k2 < 2^52: exact as a double by the 2^52 trick.
    const __m256d two52 = _mm256_set1_pd(4503599627370496.0);
    __m256d k2d = _mm256_sub_pd(_mm256_castsi256_pd(_mm256_or_si256(k2, _mm256_castpd_si256(two52))), two52);
    __m256d k1d = _mm256_cvtepi32_pd(_mm256_castsi256_si128(totals));
    const __m256d nd = _mm256_set1_pd(256.0);
    __m256d spread = _mm256_sub_pd(_mm256_mul_pd(nd, k2d), _mm256_mul_pd(k1d, k1d));  // exact: integers below 2^53
    __m256d mean = _mm256_div_pd(_mm256_mul_pd(unit, k1d), nd);
    __m256d m2 = _mm256_div_pd(_mm256_mul_pd(_mm256_mul_pd(unit, unit), spread), nd);
    wc_add_blocks4(acc, 256, mean, m2);
    // The zero values: all 256 of a block whose unit is 0, else its zero codes.
    __m128i zeros = _mm_blendv_epi8(_mm256_extracti128_si256(totals, 1), _mm_set1_epi32(256),
                                    _mm_castps_si128(_mm_cmpeq_ps(d, _mm_setzero_ps())));
    zeros = _mm_add_epi32(zeros, _mm_unpackhi_epi64(zeros, zeros));
    acc->zeros += (uint64_t)(_mm_cvtsi128_si32(zeros) + _mm_extract_epi32(zeros, 1));
    return 1;
}

/// Four one-unit blocks of 16 groups of 16 values (as wc_one_unit16 takes one; block i's vectors at 2i, 2i + 1):
/// where all four have finite units and bounds inside the extremes, their moments are computed a block per double
/// lane, operation for operation as wc_add_one_unit does, added in block order, and 1 returned; else 0.
WC_AVX2 int wc_one_unit_four(wc_code_sums *acc, const __m256i *t, const __m256i *sc, int s, int z, int c, const float d[4]) {
    const __m256i zero = _mm256_setzero_si256();
    __m256i sums[8], k2w[4];
    for (int i = 0; i < 4; i++) {
        __m256i k1 = zero, k2 = zero, zs = zero;
        for (int h = 0; h < 2; h++) {
            __m256i th = t[2 * i + h], sch = sc[2 * i + h];
            __m256i sq2 = _mm256_and_si256(th, _mm256_set1_epi32((1 << s) - 1));
            __m256i sq = _mm256_and_si256(_mm256_srli_epi32(th, s), _mm256_set1_epi32((1 << (z - s)) - 1));
            __m256i centre = _mm256_srli_epi32(th, z);
            __m256i g1 = _mm256_sub_epi32(sq, _mm256_set1_epi32(16 * c));
            __m256i g2 = _mm256_add_epi32(_mm256_sub_epi32(sq2, _mm256_mullo_epi32(sq, _mm256_set1_epi32(2 * c))),
                                          _mm256_set1_epi32(16 * c * c));
            k1 = _mm256_add_epi32(k1, _mm256_mullo_epi32(sch, g1));
            k2 = _mm256_add_epi32(k2, _mm256_mullo_epi32(_mm256_mullo_epi32(sch, sch), g2));
            zs = _mm256_add_epi32(zs, _mm256_blendv_epi8(centre, _mm256_set1_epi32(16), _mm256_cmpeq_epi32(sch, zero)));
        }
        sums[i] = k1;
        sums[4 + i] = zs;
        // Lanes ≤ 2^29 each, their sum up to 2^32: widened to 64 bits.
        k2w[i] = _mm256_add_epi64(_mm256_cvtepu32_epi64(_mm256_castsi256_si128(k2)), _mm256_cvtepu32_epi64(_mm256_extracti128_si256(k2, 1)));
    }
    __m256i totals = wc_hsum8x8(sums);  // lanes 0–3: Σk of blocks 0–3 (≤ 2^21 in magnitude); 4–7: zero codes
    // Σk² per block: the four 64-bit lanes of each k2w summed, blocks in order.
    __m256i x01 = _mm256_add_epi64(_mm256_unpacklo_epi64(k2w[0], k2w[1]), _mm256_unpackhi_epi64(k2w[0], k2w[1]));
    __m256i x23 = _mm256_add_epi64(_mm256_unpacklo_epi64(k2w[2], k2w[3]), _mm256_unpackhi_epi64(k2w[2], k2w[3]));
    __m256i k2 = _mm256_add_epi64(_mm256_permute2x128_si256(x01, x23, 0x20), _mm256_permute2x128_si256(x01, x23, 0x31));
    return wc_one_unit_four_add(acc, totals, k2, c, _mm_setr_ps(d[0], d[1], d[2], d[3]), sc, NULL);  // lane by lane: see wc_two_unit_four
}

/// Q3_K's block at p: d, its 16 groups' scales (in wc_pairs_order) and packed sums (Σq² ≤ 784, Σq ≤ 112 at
/// bit 10, centre codes ≤ 16 at bit 17), two vectors each.
WC_AVX2 void wc_q3_k_sums(const unsigned char *p, float *d, __m256i sc[2], __m256i t[2]) {
    const __m256i m2 = _mm256_set1_epi8(3), one = _mm256_set1_epi8(1);
    *d = wc_half(p + 108);
    int scales[16];
    for (int j = 0; j < 16; j++) {
        int g = wc_pairs_order[j];
        int low = (p[96 + (g & 7)] >> (4 * (g >> 3))) & 0x0F, high = (p[104 + (g & 3)] >> (2 * (g >> 2))) & 0x03;
        scales[j] = (low | high << 4) - 32;
    }
    sc[0] = _mm256_loadu_si256((const __m256i *)scales);
    sc[1] = _mm256_loadu_si256((const __m256i *)(scales + 8));
    __m256i hmask = wc_load32(p);
    for (int h = 0; h < 2; h++) {
        __m256i y = wc_load32(p + 32 + 32 * h), v[4];
        for (int s = 0; s < 4; s++) {
            __m256i high = _mm256_and_si256(_mm256_srli_epi16(hmask, 4 * h + s), one);
            __m256i q = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(y, 2 * s), m2), _mm256_slli_epi16(high, 2));
            v[s] = wc_pack(q, 10, 4, 17);
        }
        t[h] = wc_hsum4x2(v);
    }
}

/// Q6_K's block at p: d, its 16 groups' scales (in wc_pairs_order) and packed sums (Σq² ≤ 63504, Σq ≤ 1008 at
/// bit 16, centre codes ≤ 16 at bit 26), two vectors each.
WC_AVX2 void wc_q6_k_sums(const unsigned char *p, float *d, __m256i sc[2], __m256i t[2]) {
    const __m256i m4 = _mm256_set1_epi8(0x0F), m2 = _mm256_set1_epi8(3);
    *d = wc_half(p + 208);
    sc[0] = wc_bytes_paired(p + 192, 1);
    sc[1] = wc_bytes_paired(p + 200, 1);
    for (int h = 0; h < 2; h++) {  // low 128-bit halves: groups 8h + 2s, high halves: 8h + 2s + 1
        __m256i a = wc_load32(p + 64 * h), c = wc_load32(p + 64 * h + 32), hi = wc_load32(p + 128 + 32 * h), v[4];
        for (int s = 0; s < 4; s++) {
            __m256i low = _mm256_and_si256(s & 2 ? _mm256_srli_epi16(s & 1 ? c : a, 4) : (s & 1 ? c : a), m4);
            __m256i top = _mm256_and_si256(_mm256_srli_epi16(hi, 2 * s), m2);
            v[s] = wc_pack(_mm256_or_si256(low, _mm256_slli_epi16(top, 4)), 16, 32, 26);
        }
        t[h] = wc_hsum4x2(v);
    }
}

#define WC_FOUR_ATTR WC_AVX2
#define WC_FOUR_NAME wc_codes_q3_q6_k
#define WC_FOUR_Q6_SUMS wc_q6_k_sums
#include "stats_codes_q3_q6_k_four.h"

/// wc_q6_k_sums on AVX-512 (the same results): per half of the block, the 64 bytes of low nibbles in one load and
/// the 32 bytes of top bits in both halves of a vector, shifted per half (VPSLLVW/VPSRLVW) and merged by one
/// ternary-logic op: four groups per vector, Σq² by VPDPBUSD, the centre codes by compare-into-mask, and the
/// eight groups' sums gathered by one round of VPERMT2D into wc_pairs_order.
WC_AVX512 void wc_q6_k_sums_avx512(const unsigned char *p, float *d, __m256i sc[2], __m256i t[2]) {
    const __m512i m4 = _mm512_set1_epi8(0x0F), top = _mm512_set1_epi8(0x30), centre = _mm512_set1_epi8(32);
    const __m512i one = _mm512_set1_epi8(1), zero = _mm512_setzero_si512();
    // Low nibbles from bits 0–3 of qh (s = 0) and 2–3 (s = 1) up to bits 4–5; high nibbles from bits 4–5 (s = 2)
    // and 6–7 (s = 3).
    const __m512i upLow = _mm512_inserti64x4(_mm512_set1_epi16(4), _mm256_set1_epi16(2), 1);
    const __m512i downHigh = _mm512_inserti64x4(_mm512_setzero_si512(), _mm256_set1_epi16(2), 1);
    // Group g (16-byte lane g of the pair of vectors) into u64 lane j of the sums, in wc_pairs_order.
    const __m512i first = _mm512_setr_epi32(0, 2, 8, 10, 16, 18, 24, 26, 4, 6, 12, 14, 20, 22, 28, 30);
    const __m512i second = _mm512_add_epi32(first, _mm512_set1_epi32(1));
    *d = wc_half(p + 208);
    sc[0] = wc_bytes_paired(p + 192, 1);
    sc[1] = wc_bytes_paired(p + 200, 1);
    for (int h = 0; h < 2; h++) {
        __m512i x = _mm512_loadu_si512(p + 64 * h), qh = _mm512_broadcast_i64x4(wc_load32(p + 128 + 32 * h)), v[2];
        for (int s = 0; s < 2; s++) {  // s = 0: groups 8h + 0 … 3 (elements 0–63 of the half), 1: 8h + 4 … 7
            __m512i bits = s ? _mm512_srlv_epi16(qh, downHigh) : _mm512_sllv_epi16(qh, upLow);
            __m512i q = _mm512_ternarylogic_epi32(s ? _mm512_srli_epi16(x, 4) : x, m4, _mm512_and_si512(bits, top), 0xEA);
            __m512i hits = _mm512_maskz_mov_epi8(_mm512_cmpeq_epi8_mask(q, centre), one);
            v[s] = _mm512_add_epi32(_mm512_dpbusd_epi32(zero, q, q),
                                    _mm512_add_epi64(_mm512_slli_epi64(_mm512_sad_epu8(q, zero), 16),
                                                     _mm512_slli_epi64(_mm512_sad_epu8(hits, zero), 26)));
        }
        __m512i pairs = _mm512_add_epi32(_mm512_permutex2var_epi32(v[0], first, v[1]), _mm512_permutex2var_epi32(v[0], second, v[1]));
        t[h] = _mm512_cvtepi64_epi32(_mm512_add_epi64(pairs, _mm512_srli_epi64(pairs, 32)));
    }
}

#define WC_FOUR_ATTR WC_AVX512
#define WC_FOUR_NAME wc_codes_q3_q6_k_avx512
#define WC_FOUR_Q6_SUMS wc_q6_k_sums_avx512
#include "stats_codes_q3_q6_k_four.h"

/// A Q6_K block's integer sums on AVX-512, straight from its codes, without per-group sums: Σk = Σ sc·q − 512·Σ sc
/// (VPDPBUSD of the codes with each group's scale byte, spread by VPSHUFB), Σk² = Σ sc²·Σ(q − 32)² (VPDPBUSD of
/// q with q − 64, four values of one group per i32 lane, times that group's sc² and added by one VPDPWSSD),
/// and the zero values (codes 32 in groups whose scale is not 0 by compare-into-mask and popcnt, 16 for each group
/// whose scale is), for wc_one_unit_four_add: the integers wc_one_unit_four gets from wc_q6_k_sums, so the same bits.
/// What wc_q6_k_block_avx512 gives: the eight lanes of Σ q·sc and of Σ sc²·(q − 32)², Σ sc, the zero values, d.
typedef struct { __m256i k1, k2; int scaleSum, zeros; float d; } wc_q6_k_block;

/// For a 4-bit set of 128-bit lanes, the 64-bit mask of their bytes (16 bits a lane): lane j at bits 16j
/// (wc_q6_k_block_avx512: the groups of a 64-code vector whose scale is 0).
static const uint64_t wc_lane_bits4[16] = {
    0, 0xFFFFull, 0xFFFF0000ull, 0xFFFFFFFFull, 0xFFFF00000000ull, 0xFFFF0000FFFFull, 0xFFFFFFFF0000ull,
    0xFFFFFFFFFFFFull, 0xFFFF000000000000ull, 0xFFFF00000000FFFFull, 0xFFFF0000FFFF0000ull, 0xFFFF0000FFFFFFFFull,
    0xFFFFFFFF00000000ull, 0xFFFFFFFF0000FFFFull, 0xFFFFFFFFFFFF0000ull, 0xFFFFFFFFFFFFFFFFull};


/// Out of line: inlined four times into the loop, its codes and constants outnumbered the 32 vector registers and
/// spilled to stack slots the frame does not align to 64 bytes, so the loop's speed moved by 11% with the caller's
/// stack depth (benchmarks/kernel_ab_harness.c, KAB_STACK=1); out of line nothing spills and the loop runs at the
/// best depth's speed at every depth.
__attribute__((noinline, target(WC_AVX512_FEATURES))) static wc_q6_k_block wc_q6_k_block_avx512(const unsigned char *p) {
    wc_q6_k_block r;
    const __m512i m4 = _mm512_set1_epi8(0x0F), top = _mm512_set1_epi8(0x30), centre = _mm512_set1_epi8(32);
    const __m512i zero = _mm512_setzero_si512();
    const __m512i upLow = _mm512_inserti64x4(_mm512_set1_epi16(4), _mm256_set1_epi16(2), 1);
    const __m512i downHigh = _mm512_inserti64x4(_mm512_setzero_si512(), _mm256_set1_epi16(2), 1);
    r.d = wc_half(p + 208);
    const __m128i scales = wc_load16(p + 192);  // group g's int8 scale at byte g
    const __m512i scaleBytes = _mm512_broadcast_i32x4(scales);
    const __m512i sc = _mm512_cvtepi8_epi32(scales), squares = _mm512_mullo_epi32(sc, sc);  // per group: sc, sc²
    const uint32_t zeroScales = (uint32_t)_mm_cmpeq_epi8_mask(scales, _mm_setzero_si128());  // bit g: sc_g = 0
    __m512i sums = zero, weighted = zero;
    uint64_t centres = 0;
    for (int h = 0; h < 2; h++) {
        __m512i x = _mm512_loadu_si512(p + 64 * h), qh = _mm512_broadcast_i64x4(wc_load32(p + 128 + 32 * h));
        for (int s = 0; s < 2; s++) {  // 64 codes: 128-bit lane j is group g = 8h + 4s + j (16 values)
            const int g = 8 * h + 4 * s;
            __m512i bits = s ? _mm512_srlv_epi16(qh, downHigh) : _mm512_sllv_epi16(qh, upLow);
            __m512i q = _mm512_ternarylogic_epi32(s ? _mm512_srli_epi16(x, 4) : x, m4, _mm512_and_si512(bits, top), 0xEA);
            // Each lane's scale byte in all its 16 bytes; each lane's sc² in its four i32.
            __m512i laneScale = _mm512_shuffle_epi8(scaleBytes, _mm512_set_epi32(
                (g + 3) * 0x01010101, (g + 3) * 0x01010101, (g + 3) * 0x01010101, (g + 3) * 0x01010101,
                (g + 2) * 0x01010101, (g + 2) * 0x01010101, (g + 2) * 0x01010101, (g + 2) * 0x01010101,
                (g + 1) * 0x01010101, (g + 1) * 0x01010101, (g + 1) * 0x01010101, (g + 1) * 0x01010101,
                g * 0x01010101, g * 0x01010101, g * 0x01010101, g * 0x01010101));
            __m512i laneSquare = _mm512_permutexvar_epi32(_mm512_set_epi32(
                g + 3, g + 3, g + 3, g + 3, g + 2, g + 2, g + 2, g + 2, g + 1, g + 1, g + 1, g + 1, g, g, g, g), squares);
            sums = _mm512_dpbusd_epi32(sums, q, laneScale);  // Σ q·sc, each i32 ≤ 4·4·63·128 < 2^18
            // Four values' Σ(q − 32)² = Σ q·(q − 64) + 4096 (≤ 2^12) by one VPDPBUSD into 4096 (q − 64 is q | 0xC0 as
            // a signed byte), in the low word of each i32 (the high word 0), times sc² ≤ 2^14 in the low word of
            // laneSquare and added by one VPDPWSSD; four such per lane stay below 2^28.
            __m512i below = _mm512_or_si512(q, _mm512_set1_epi8((char)0xC0));
            weighted = _mm512_dpwssd_epi32(weighted, _mm512_dpbusd_epi32(_mm512_set1_epi32(4096), q, below), laneSquare);
            uint64_t keep = ~wc_lane_bits4[(zeroScales >> g) & 15];  // the lanes whose scale is not 0
            centres += (uint64_t)__builtin_popcountll(_mm512_cmpeq_epi8_mask(q, centre) & keep);
        }
    }
    // The sixteen lanes folded to eight (Σ q·sc: each below 2^19; sc²·(q − 32)²: below 2^29).
    r.k1 = _mm256_add_epi32(_mm512_castsi512_si256(sums), _mm512_extracti64x4_epi64(sums, 1));
    r.k2 = _mm256_add_epi32(_mm512_castsi512_si256(weighted), _mm512_extracti64x4_epi64(weighted, 1));
    // Σ sc by a byte sum of sc + 128.
    __m128i biased = _mm_sad_epu8(_mm_xor_si128(scales, _mm_set1_epi8((char)0x80)), _mm_setzero_si128());
    r.scaleSum = _mm_cvtsi128_si32(biased) + _mm_extract_epi32(biased, 2) - 16 * 128;
    r.zeros = (int)centres + 16 * __builtin_popcount(zeroScales);
    return r;
}

/// Four Q6_K blocks as the shared loop takes them, out of line (the rare path: inlined, it slowed the loop by 7%).
__attribute__((noinline, target(WC_AVX512_FEATURES))) static size_t wc_q6_k_four_slowly_avx512(const unsigned char *q,
                                                                                              wc_code_sums *acc) {
    return wc_codes_q3_q6_k_avx512(q, 4, acc, 1);
}

/// Q6_K on AVX-512: four blocks at a time through wc_q6_k_block_avx512 and wc_one_unit_four_add; a four that
/// needs more, and the last blocks, go as the shared loop takes them (wc_q6_k_sums_avx512, wc_one_unit16), and the
/// loop goes on after such a four.
WC_AVX512 size_t wc_codes_q6_k_direct_avx512(const unsigned char *p, size_t blocks, wc_code_sums *acc) {
    size_t b = 0;
    while (blocks - b >= 4) {
        const unsigned char *q = p + 210 * b;
        for (size_t k = 0; k < 4 * 210; k += 64) _mm_prefetch((const char *)(q + 2048 + k), _MM_HINT_T0);  // hints
        const unsigned char *block[4] = {q, q + 210, q + 420, q + 630};
        // Four blocks in registers (arrays written lane by lane and read back as vectors would miss store forwarding).
        wc_q6_k_block b0 = wc_q6_k_block_avx512(block[0]), b1 = wc_q6_k_block_avx512(block[1]);
        wc_q6_k_block b2 = wc_q6_k_block_avx512(block[2]), b3 = wc_q6_k_block_avx512(block[3]);
        // The four blocks' eight lanes summed together by two rounds of pairwise adds (block i in lane i of each
        // 128-bit half), then the halves: Σk = Σ q·sc − 512·Σ sc; Σk² (the halves below 2^31 each, their sum
        // not) in 64 bits.
        __m256i a = _mm256_hadd_epi32(_mm256_hadd_epi32(b0.k1, b1.k1), _mm256_hadd_epi32(b2.k1, b3.k1));
        __m128i sums = _mm_sub_epi32(_mm_add_epi32(_mm256_castsi256_si128(a), _mm256_extracti128_si256(a, 1)),
                                     _mm_slli_epi32(_mm_setr_epi32(b0.scaleSum, b1.scaleSum, b2.scaleSum, b3.scaleSum), 9));
        __m256i w = _mm256_hadd_epi32(_mm256_hadd_epi32(b0.k2, b1.k2), _mm256_hadd_epi32(b2.k2, b3.k2));
        __m256i squares = _mm256_add_epi64(_mm256_cvtepu32_epi64(_mm256_castsi256_si128(w)),
                                           _mm256_cvtepu32_epi64(_mm256_extracti128_si256(w, 1)));
        __m256i totals = _mm256_set_m128i(_mm_setr_epi32(b0.zeros, b1.zeros, b2.zeros, b3.zeros), sums);
        __m128 d = _mm_setr_ps(b0.d, b1.d, b2.d, b3.d);
        if (!wc_one_unit_four_add(acc, totals, squares, 32, d, NULL, block)) {
            // This four block by block, as the shared loop takes it (a block may end the call), then on here.
            size_t done = wc_q6_k_four_slowly_avx512(q, acc);
            if (done < 4) return b + done;
        }
        b += 4;
    }
    return b + wc_codes_q3_q6_k_avx512(p + 210 * b, blocks - b, acc, 1);
}

WC_AVX2 size_t wc_codes_q3_k_body(const unsigned char *p, size_t blocks, wc_code_sums *acc) {
    return wc_codes_q3_q6_k(p, blocks, acc, 0);
}
WC_CODES_KERNEL(wc_codes_q3_k)

WC_AVX2 size_t wc_codes_q6_k_body(const unsigned char *p, size_t blocks, wc_code_sums *acc) {
    return wc_codes_q3_q6_k(p, blocks, acc, 1);
}
WC_AVX512 size_t wc_codes_q6_k_body_avx512(const unsigned char *p, size_t blocks, wc_code_sums *acc) {
    return wc_codes_q6_k_direct_avx512(p, blocks, acc);
}
WC_CODES_KERNEL_WIDE(wc_codes_q6_k)

#else

size_t wc_codes_q3_k(const void *src, size_t blocks, wc_code_sums *acc) { (void)src; (void)blocks; (void)acc; return 0; }
size_t wc_codes_q6_k(const void *src, size_t blocks, wc_code_sums *acc) { (void)src; (void)blocks; (void)acc; return 0; }
size_t wc_codes_q6_k_avx2(const void *src, size_t blocks, wc_code_sums *acc) { (void)src; (void)blocks; (void)acc; return 0; }
size_t wc_codes_q6_k_avx512(const void *src, size_t blocks, wc_code_sums *acc) { (void)src; (void)blocks; (void)acc; return 0; }

#endif
