// Statistics from codes for IQ1_S, IQ1_M, IQ2_XXS, IQ2_XS, IQ2_S, IQ3_XXS and IQ3_S on AVX2: per-row tables
// (IQ1: per row and delta sign; IQ2_XXS/XS: per row and 7-bit sign index; IQ3: per row and 4-bit sign pattern)
// read eight rows at a time by scalar loads (wc_lookup8), or for IQ2_S the grid rows themselves (PSADBW sums under
// sign masks); integer sums per block, then its Double update (code_moments.h), four blocks at a time where none
// has a NaN/Inf scale or could widen the extremes (wc_commit_four). The Swift twins are CodeStatistics+IQ1.swift and
// +IQ2.swift; the tables are built on the Swift side (CodeStatistics+Vector.swift).
#include "CWeightKernels.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#include "code_moments.h"

/// The lanes' sum of eight int32.
WC_CODES int64_t wc_hsum32(__m256i v) {
    __m128i x = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
    x = _mm_add_epi32(x, _mm_shuffle_epi32(x, 0x4E));
    x = _mm_add_epi32(x, _mm_shuffle_epi32(x, 0xB1));
    return _mm_cvtsi128_si32(x);
}

/// The lanes' largest of eight int32.
WC_CODES int64_t wc_hmax32(__m256i v) {
    __m128i x = _mm_max_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
    x = _mm_max_epi32(x, _mm_shuffle_epi32(x, 0x4E));
    x = _mm_max_epi32(x, _mm_shuffle_epi32(x, 0xB1));
    return _mm_cvtsi128_si32(x);
}

/// The entries t[i] for the eight lanes of i, by scalar loads: on Zen 3 faster than VPGATHERDD, whose
/// micro-ops held the IQ1 kernels to about half the speed they reach without their lookups.
WC_CODES __m256i wc_lookup8(const int32_t *t, __m256i i) {
    __m128i lo = _mm256_castsi256_si128(i), hi = _mm256_extracti128_si256(i, 1);
    uint64_t a = (uint64_t)_mm_cvtsi128_si64(lo), b = (uint64_t)_mm_extract_epi64(lo, 1);
    uint64_t c = (uint64_t)_mm_cvtsi128_si64(hi), d = (uint64_t)_mm_extract_epi64(hi, 1);
    return _mm256_setr_epi32(t[(uint32_t)a], t[a >> 32], t[(uint32_t)b], t[b >> 32],
                             t[(uint32_t)c], t[c >> 32], t[(uint32_t)d], t[d >> 32]);
}

/// k1 += Σ m·A, k2 += Σ m²·B over lanes whose signed-row entries (A + B · 2^16) add up to `acc` (|A| < 2^15).
WC_CODES void wc_iq1_lanes(__m256i *k1, __m256i *k2, __m256i acc, __m256i m) {
    __m256i b = _mm256_srai_epi32(_mm256_add_epi32(acc, _mm256_set1_epi32(32768)), 16);
    __m256i a = _mm256_sub_epi32(acc, _mm256_slli_epi32(b, 16));
    *k1 = _mm256_add_epi32(*k1, _mm256_mullo_epi32(m, a));
    *k2 = _mm256_add_epi32(*k2, _mm256_mullo_epi32(_mm256_mullo_epi32(m, m), b));
}

/// The block scale d of an IQ1_S (iq1m = 0) or IQ1_M (1) block (f16, exact as a float; NaN/Inf stay so).
WC_CODES float wc_iq1_d(const uint8_t *p, int iq1m) {
    if (!iq1m) return _cvtsh_ss(wc_u16(p));
    uint32_t s0 = wc_u16(p + 48), s1 = wc_u16(p + 50), s2 = wc_u16(p + 52), s3 = wc_u16(p + 54);
    return _cvtsh_ss((uint16_t)((s0 >> 12) | ((s1 >> 8) & 0x00F0) | ((s2 >> 4) & 0x0F00) | (s3 & 0xF000)));
}

/// IQ1_S block p's integer sums (addIQ1_S): lane ib holds group ib's Σ m·A (*k1) and Σ m²·B (*k2) and its
/// multiplier m = 2·scale + 1 (*mul); the values are (d/8)·k with k = m(8g ± 1).
WC_CODES void wc_iq1_s_sums(const uint8_t *p, const int32_t *rows, __m256i *k1, __m256i *k2, __m256i *mul) {
    const __m256i byte = _mm256_set1_epi32(0xFF), three = _mm256_set1_epi32(7);
    // Lane ib: group ib's four index bytes and its u16 of (3-bit index highs ×4, 3-bit scale, delta sign).
    __m256i q = _mm256_loadu_si256((const __m256i *)(p + 2));
    __m256i qh = _mm256_cvtepu16_epi32(_mm_loadu_si128((const __m128i *)(p + 34)));
    __m256i neg = _mm256_and_si256(_mm256_srli_epi32(qh, 4), _mm256_set1_epi32(2048));
    __m256i acc = _mm256_setzero_si256();
    for (int l = 0; l < 4; l++) {
        __m256i i = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi32(q, 8 * l), byte),
                                    _mm256_or_si256(_mm256_slli_epi32(_mm256_and_si256(_mm256_srli_epi32(qh, 3 * l), three), 8), neg));
        acc = _mm256_add_epi32(acc, wc_lookup8(rows, i));
    }
    __m256i sc = _mm256_and_si256(_mm256_srli_epi32(qh, 12), three);
    *mul = _mm256_add_epi32(_mm256_add_epi32(sc, sc), _mm256_set1_epi32(1));
    *k1 = *k2 = _mm256_setzero_si256();
    wc_iq1_lanes(k1, k2, acc, *mul);
}

/// IQ1_M block p's integer sums (addIQ1_M): lanes are rows, four vectors of eight rows summed lane by lane
/// into Σ m·A (*k1) and Σ m²·B (*k2); *mul holds each lane's largest multiplier m = 2·scale + 1.
WC_CODES void wc_iq1_m_sums(const uint8_t *p, const int32_t *rows, __m256i *k1, __m256i *k2, __m256i *mul) {
    const __m128i pairs = _mm_setr_epi8(0, 0, 1, 1, 2, 2, 3, 3, -1, -1, -1, -1, -1, -1, -1, -1);
    const __m256i nibbleShifts = _mm256_setr_epi32(0, 4, 0, 4, 0, 4, 0, 4);
    const __m256i scaleShifts = _mm256_setr_epi32(0, 0, 3, 3, 6, 6, 9, 9);
    const __m256i fifteen = _mm256_set1_epi32(15), seven = _mm256_set1_epi32(7), one = _mm256_set1_epi32(1);
    *k1 = *k2 = _mm256_setzero_si256();
    *mul = one;
    for (int c = 0; c < 4; c++) {  // rows 8c…8c+7: index bytes, nibbles (3-bit high, sign) of qh 4c…4c+3
        __m256i idx = _mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)(p + 8 * c)));
        __m128i nb = _mm_shuffle_epi8(_mm_cvtsi32_si128((int)wc_u32(p + 32 + 4 * c)), pairs);
        __m256i nib = _mm256_and_si256(_mm256_srlv_epi32(_mm256_cvtepu8_epi32(nb), nibbleShifts), fifteen);
        __m256i e = wc_lookup8(rows, _mm256_or_si256(idx, _mm256_slli_epi32(nib, 8)));
        // Row r's scale: 3 bits at 3((r/2) % 4) of scale u16 c.
        __m256i sc = _mm256_and_si256(_mm256_srlv_epi32(_mm256_set1_epi32((int)wc_u16(p + 48 + 2 * c)), scaleShifts), seven);
        __m256i m = _mm256_add_epi32(_mm256_add_epi32(sc, sc), one);
        wc_iq1_lanes(k1, k2, e, m);
        *mul = _mm256_max_epi32(*mul, m);
    }
}

/// One IQ1_S or IQ1_M block p (addIQ1Block): a 256-value group of unit d/8, bounds ±9·max m.
WC_CODES int wc_iq1_fill(const uint8_t *p, int iq1m, const int32_t *rows, wc_records *r) {
    float d = wc_iq1_d(p, iq1m);
    if (!wc_finite(d)) return 0;
    __m256i k1, k2, mul;
    if (iq1m) wc_iq1_m_sums(p, rows, &k1, &k2, &mul); else wc_iq1_s_sums(p, rows, &k1, &k2, &mul);
    int64_t top = wc_hmax32(mul);
    wc_record(r, (double)d / 8, 256, wc_hsum32(k1), wc_hsum32(k2), -9 * top, 9 * top, 0, 1);  // k = m(8g ± 1) ≠ 0
    return 1;
}

/// Four IQ1 blocks from p (stride `size`) added as wc_iq1_fill and wc_commit would add them, their lane sums
/// reduced together; returns 4, or 0 having added nothing when one has a NaN/Inf scale or wc_commit_four declines.
WC_CODES int wc_iq1_four(const uint8_t *p, size_t size, int iq1m, const int32_t *rows, wc_code_moments *s) {
    wc_prefetch_four(p, size);
    __m256i k[8], m[4];
    __m128 d = _mm_setr_ps(wc_iq1_d(p, iq1m), wc_iq1_d(p + size, iq1m), wc_iq1_d(p + 2 * size, iq1m), wc_iq1_d(p + 3 * size, iq1m));
    const __m128i exponent = _mm_set1_epi32(0x7F800000);
    if (_mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(_mm_and_si128(_mm_castps_si128(d), exponent), exponent)))) return 0;
    for (int j = 0; j < 4; j++) {
        if (iq1m) wc_iq1_m_sums(p + j * size, rows, &k[j], &k[4 + j], &m[j]);
        else wc_iq1_s_sums(p + j * size, rows, &k[j], &k[4 + j], &m[j]);
    }
    // Lane j of `sums`: block j's Σk (j < 4) or its Σm²·B (j ≥ 4); lane j of `top`: block j's largest m.
    __m256i h0 = _mm256_hadd_epi32(_mm256_hadd_epi32(k[0], k[1]), _mm256_hadd_epi32(k[2], k[3]));
    __m256i h1 = _mm256_hadd_epi32(_mm256_hadd_epi32(k[4], k[5]), _mm256_hadd_epi32(k[6], k[7]));
    __m256i sums = _mm256_add_epi32(_mm256_permute2x128_si256(h0, h1, 0x20), _mm256_permute2x128_si256(h0, h1, 0x31));
    __m256i t01 = _mm256_max_epi32(_mm256_unpacklo_epi32(m[0], m[1]), _mm256_unpackhi_epi32(m[0], m[1]));
    __m256i t23 = _mm256_max_epi32(_mm256_unpacklo_epi32(m[2], m[3]), _mm256_unpackhi_epi32(m[2], m[3]));
    __m256i u = _mm256_max_epi32(_mm256_unpacklo_epi64(t01, t23), _mm256_unpackhi_epi64(t01, t23));
    __m128i top = _mm_max_epi32(_mm256_castsi256_si128(u), _mm256_extracti128_si256(u, 1));
    __m256d k1 = _mm256_cvtepi32_pd(_mm256_castsi256_si128(sums)), k2 = _mm256_cvtepi32_pd(_mm256_extracti128_si256(sums, 1));
    // n·Σk² − (Σk)² is exact in double (both products and the difference are integers below 2^53).
    __m256d spread = _mm256_sub_pd(_mm256_mul_pd(_mm256_set1_pd(256), k2), _mm256_mul_pd(k1, k1));
    __m256d bound = _mm256_cvtepi32_pd(_mm_mullo_epi32(top, _mm_set1_epi32(9)));
    __m256d unit = _mm256_mul_pd(_mm256_cvtps_pd(d), _mm256_set1_pd(0.125));  // (double)d / 8, exactly
    return wc_commit_four(s, 256, unit, k1, spread, _mm256_sub_pd(_mm256_setzero_pd(), bound), bound, _mm256_setzero_si256()) ? 4 : 0;
}

WC_CODES_ENTRY size_t wc_codes_iq1_s(const void *src, size_t blocks, const int32_t *rows, wc_code_moments *m) {
    wc_code_moments s = *m;
    size_t b = 0;
    WC_DRIVE_FOURS(50, wc_iq1_four(q_, 50, 0, rows, &s), wc_iq1_fill(p_, 0, rows, &r_));
    *m = s;
    return b;
}

WC_CODES_ENTRY size_t wc_codes_iq1_m(const void *src, size_t blocks, const int32_t *rows, wc_code_moments *m) {
    wc_code_moments s = *m;
    size_t b = 0;
    WC_DRIVE_FOURS(56, wc_iq1_four(q_, 56, 1, rows, &s), wc_iq1_fill(p_, 1, rows, &r_));
    *m = s;
    return b;
}

/// Splits lanes holding Σ(±g) + Σg² · 2^16 (Σg² · 2^16 + 2^15 < 2^32, |Σ(±g)| < 2^15) and adds m·Σ(±g), m²·Σg².
WC_CODES void wc_grid_lanes(__m256i *k1, __m256i *k2, __m256i e, __m256i m) {
    __m256i s2 = _mm256_srli_epi32(_mm256_add_epi32(e, _mm256_set1_epi32(32768)), 16);
    __m256i s1 = _mm256_sub_epi32(e, _mm256_slli_epi32(s2, 16));
    *k1 = _mm256_add_epi32(*k1, _mm256_mullo_epi32(m, s1));
    *k2 = _mm256_add_epi32(*k2, _mm256_mullo_epi32(_mm256_mullo_epi32(m, m), s2));
}

/// Dword 0 (`*w0`) and dword 1 (`*w1`) of eight 8-byte groups at p, lanes in group order 0 1 4 5 2 3 6 7.
WC_CODES void wc_group_words(const uint8_t *p, __m256i *w0, __m256i *w1) {
    __m256 a = _mm256_castsi256_ps(_mm256_loadu_si256((const __m256i *)p));
    __m256 c = _mm256_castsi256_ps(_mm256_loadu_si256((const __m256i *)(p + 32)));
    *w0 = _mm256_castps_si256(_mm256_shuffle_ps(a, c, _MM_SHUFFLE(2, 0, 2, 0)));
    *w1 = _mm256_castps_si256(_mm256_shuffle_ps(a, c, _MM_SHUFFLE(3, 1, 3, 1)));
}

/// GridSums over one block of grid kind `kind`: eight rows per wc_lookup8 from the packed table `t` (entries
/// Σ(±g) + Σg² · 2^16, see the header), or for IQ2_S four rows of the grid `t` itself per vector; returns
/// k1 = Σ m·Σ(±g), k2 = Σ m²·Σg² and the largest m. All 32-bit lane sums fit 31 bits: m ≤ 31 and a group's
/// Σg² ≤ 123008 (IQ3: 32 values of at most 62), so 8 lanes × 961 × 123008 < 2^30.
WC_CODES void wc_grid_block(int kind, const uint8_t *p, const void *t, int64_t *k1out, int64_t *k2out, int64_t *mMaxOut) {
    const __m256i byte = _mm256_set1_epi32(0xFF), fifteen = _mm256_set1_epi32(15), one = _mm256_set1_epi32(1);
    const __m256i order = _mm256_setr_epi32(0, 1, 4, 5, 2, 3, 6, 7);
    __m256i k1 = _mm256_setzero_si256(), k2 = _mm256_setzero_si256(), mMax = one;
    const int *ti = (const int *)t;
    switch (kind) {
    case 0: {  // IQ2_XXS: lanes are the 8 groups; table[row | 7-bit sign index << 8]
        __m256i aux0, aux1;
        wc_group_words(p + 2, &aux0, &aux1);
        __m256i e = _mm256_setzero_si256();
        for (int l = 0; l < 4; l++) {
            __m256i idx = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi32(aux0, 8 * l), byte),
                                          _mm256_slli_epi32(_mm256_and_si256(_mm256_srli_epi32(aux1, 7 * l), _mm256_set1_epi32(0x7F)), 8));
            e = _mm256_add_epi32(e, wc_lookup8((const int32_t *)ti, idx));
        }
        mMax = _mm256_add_epi32(_mm256_slli_epi32(_mm256_srli_epi32(aux1, 28), 1), one);
        wc_grid_lanes(&k1, &k2, e, mMax);
        break;
    }
    case 1:  // IQ2_XS: lanes are rows 8c…8c+7; table[the u16]
        for (int c = 0; c < 4; c++) {
            __m256i v = _mm256_cvtepu16_epi32(_mm_loadu_si128((const __m128i *)(p + 2 + 16 * c)));
            __m256i e = wc_lookup8((const int32_t *)ti, v);
            __m256i sc = _mm256_and_si256(_mm256_srlv_epi32(_mm256_set1_epi32((int)wc_u16(p + 66 + 2 * c)),
                                                            _mm256_setr_epi32(0, 0, 4, 4, 8, 8, 12, 12)), fifteen);
            __m256i mul = _mm256_add_epi32(_mm256_add_epi32(sc, sc), one);
            wc_grid_lanes(&k1, &k2, e, mul);
            mMax = _mm256_max_epi32(mMax, mul);
        }
        break;
    case 2: {  // IQ2_S: `t` is the grid itself (1024 rows of 8 bytes); lanes are rows 4c…4c+3, 64 bits each
        const __m256i bits = _mm256_set1_epi64x((long long)0x8040201008040201ull);
        const __m256i spread = _mm256_setr_epi8(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1,
                                                2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3);
        const __m256i zero = _mm256_setzero_si256(), ones16 = _mm256_set1_epi16(1);
        __m256i k1q = zero, k2q = zero, mq = _mm256_set1_epi64x(1);
        const uint64_t *grid = (const uint64_t *)t;
        for (int c = 0; c < 8; c++) {  // scalar loads: faster than gathers here (the grid is 8 KiB)
            uint32_t hb = p[66 + c];
            __m256i g = _mm256_setr_epi64x((long long)grid[p[2 + 4 * c] | (hb & 3) << 8], (long long)grid[p[3 + 4 * c] | ((hb >> 2) & 3) << 8],
                                           (long long)grid[p[4 + 4 * c] | ((hb >> 4) & 3) << 8], (long long)grid[p[5 + 4 * c] | (hb >> 6) << 8]);
            __m256i sb = _mm256_shuffle_epi8(_mm256_set1_epi32((int)wc_u32(p + 34 + 4 * c)), spread);
            __m256i neg = _mm256_and_si256(_mm256_cmpeq_epi8(_mm256_and_si256(sb, bits), bits), g);
            __m256i sum = _mm256_sub_epi64(_mm256_sad_epu8(g, zero), _mm256_slli_epi64(_mm256_sad_epu8(neg, zero), 1));
            __m256i sq = _mm256_madd_epi16(_mm256_maddubs_epi16(g, g), ones16);
            sq = _mm256_add_epi32(sq, _mm256_srli_epi64(sq, 32));  // low dword of each lane: Σg²
            // Rows 4c, 4c + 1 are group 2c (low nibble of scale byte c), rows 4c + 2, 4c + 3 group 2c + 1.
            int64_t m0 = 2 * (int64_t)(p[74 + c] & 15) + 1, m1 = 2 * (int64_t)(p[74 + c] >> 4) + 1;
            __m256i mul = _mm256_setr_epi64x(m0, m0, m1, m1);
            k1q = _mm256_add_epi64(k1q, _mm256_mul_epi32(mul, sum));
            k2q = _mm256_add_epi64(k2q, _mm256_mul_epi32(_mm256_mul_epi32(mul, mul), sq));
            mq = _mm256_max_epi32(mq, mul);
        }
        __m128i k1x = _mm_add_epi64(_mm256_castsi256_si128(k1q), _mm256_extracti128_si256(k1q, 1));
        __m128i k2x = _mm_add_epi64(_mm256_castsi256_si128(k2q), _mm256_extracti128_si256(k2q, 1));
        *k1out = _mm_cvtsi128_si64(k1x) + _mm_extract_epi64(k1x, 1);
        *k2out = _mm_cvtsi128_si64(k2x) + _mm_extract_epi64(k2x, 1);
        *mMaxOut = wc_hmax32(mq);
        return;
    }
    case 3: {  // IQ3_XXS: lanes are the 8 groups (order 0 1 4 5 2 3 6 7); table[16 row + 4 signs]
        __m256i w0, w1;
        wc_group_words(p + 2, &w0, &w1);
        __m256i aux = _mm256_permutevar8x32_epi32(_mm256_loadu_si256((const __m256i *)(p + 66)), order);
        __m256i s1 = _mm256_setzero_si256(), s2 = _mm256_setzero_si256();
        for (int l = 0; l < 4; l++) {
            __m256i s7 = _mm256_and_si256(_mm256_srli_epi32(aux, 7 * l), _mm256_set1_epi32(0x7F));
            __m256i par = _mm256_xor_si256(s7, _mm256_srli_epi32(s7, 4));
            par = _mm256_xor_si256(par, _mm256_srli_epi32(par, 2));
            par = _mm256_xor_si256(par, _mm256_srli_epi32(par, 1));
            __m256i sign8 = _mm256_or_si256(s7, _mm256_slli_epi32(_mm256_and_si256(par, one), 7));  // ksigns_iq2xs
            __m256i w = l < 2 ? w0 : w1;
            int sh = 16 * (l & 1);
            __m256i r0 = _mm256_and_si256(_mm256_srli_epi32(w, sh), byte), r1 = _mm256_and_si256(_mm256_srli_epi32(w, sh + 8), byte);
            __m256i i0 = _mm256_add_epi32(_mm256_slli_epi32(r0, 4), _mm256_and_si256(sign8, fifteen));
            __m256i i1 = _mm256_add_epi32(_mm256_slli_epi32(r1, 4), _mm256_srli_epi32(sign8, 4));
            __m256i e = _mm256_add_epi32(wc_lookup8((const int32_t *)ti, i0), wc_lookup8((const int32_t *)ti, i1));
            __m256i e2 = _mm256_srli_epi32(_mm256_add_epi32(e, _mm256_set1_epi32(32768)), 16);
            s1 = _mm256_add_epi32(s1, _mm256_sub_epi32(e, _mm256_slli_epi32(e2, 16)));
            s2 = _mm256_add_epi32(s2, e2);
        }
        mMax = _mm256_add_epi32(_mm256_slli_epi32(_mm256_srli_epi32(aux, 28), 1), one);
        k1 = _mm256_mullo_epi32(mMax, s1);
        k2 = _mm256_mullo_epi32(_mm256_mullo_epi32(mMax, mMax), s2);
        break;
    }
    default: {  // IQ3_S: lanes are the 8 groups (order 0 1 4 5 2 3 6 7); table[16 row + 4 signs]
        __m256i w0, w1;
        wc_group_words(p + 2, &w0, &w1);
        __m256i highs = _mm256_permutevar8x32_epi32(_mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)(p + 66))), order);
        __m256i signs = _mm256_permutevar8x32_epi32(_mm256_loadu_si256((const __m256i *)(p + 74)), order);
        __m256i s1 = _mm256_setzero_si256(), s2 = _mm256_setzero_si256();
        for (int j = 0; j < 8; j += 2) {
            __m256i w = j < 4 ? w0 : w1;
            int sh = 8 * (j & 3);
            __m256i r0 = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi32(w, sh), byte),
                                         _mm256_slli_epi32(_mm256_and_si256(_mm256_srli_epi32(highs, j), one), 8));
            __m256i r1 = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi32(w, sh + 8), byte),
                                         _mm256_slli_epi32(_mm256_and_si256(_mm256_srli_epi32(highs, j + 1), one), 8));
            __m256i i0 = _mm256_add_epi32(_mm256_slli_epi32(r0, 4), _mm256_and_si256(_mm256_srli_epi32(signs, 4 * j), fifteen));
            __m256i i1 = _mm256_add_epi32(_mm256_slli_epi32(r1, 4), _mm256_and_si256(_mm256_srli_epi32(signs, 4 * j + 4), fifteen));
            __m256i e = _mm256_add_epi32(wc_lookup8((const int32_t *)ti, i0), wc_lookup8((const int32_t *)ti, i1));
            __m256i e2 = _mm256_srli_epi32(_mm256_add_epi32(e, _mm256_set1_epi32(32768)), 16);
            s1 = _mm256_add_epi32(s1, _mm256_sub_epi32(e, _mm256_slli_epi32(e2, 16)));
            s2 = _mm256_add_epi32(s2, e2);
        }
        __m256i sc = _mm256_and_si256(_mm256_srlv_epi32(_mm256_set1_epi32((int)wc_u32(p + 106)),
                                                        _mm256_setr_epi32(0, 4, 16, 20, 8, 12, 24, 28)), fifteen);
        mMax = _mm256_add_epi32(_mm256_add_epi32(sc, sc), one);
        k1 = _mm256_mullo_epi32(mMax, s1);
        k2 = _mm256_mullo_epi32(_mm256_mullo_epi32(mMax, mMax), s2);
        break;
    }
    }
    *k1out = wc_hsum32(k1); *k2out = wc_hsum32(k2); *mMaxOut = wc_hmax32(mMax);
}

/// One block of grid kind `kind` (addGridBlock): a 256-value group of unit d over a power of two.
WC_CODES int wc_grid_fill(int kind, const uint8_t *p, const void *table, int64_t maxValue, double divisor, wc_records *r) {
    float d = _cvtsh_ss(wc_u16(p));
    if (!wc_finite(d)) return 0;
    int64_t k1, k2, mMax;
    wc_grid_block(kind, p, table, &k1, &k2, &mMax);
    int64_t bound = mMax * maxValue;
    wc_record(r, (double)d / divisor, 256, k1, k2, -bound, bound, 0, 1);  // grid values are never 0
    return 1;
}

/// Four blocks of grid kind `kind` from p (stride `size`) added as wc_grid_fill and wc_commit would add them;
/// returns 4, or 0 having added nothing when one has a NaN/Inf scale or wc_commit_four declines.
WC_CODES int wc_grid_four(int kind, const uint8_t *p, size_t size, const void *table, int64_t maxValue, double divisor,
                          wc_code_moments *s) {
    wc_prefetch_four(p, size);
    __m128 d = _mm_setr_ps(_cvtsh_ss(wc_u16(p)), _cvtsh_ss(wc_u16(p + size)), _cvtsh_ss(wc_u16(p + 2 * size)), _cvtsh_ss(wc_u16(p + 3 * size)));
    const __m128i exponent = _mm_set1_epi32(0x7F800000);
    if (_mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(_mm_and_si128(_mm_castps_si128(d), exponent), exponent)))) return 0;
    int64_t k1[4], k2[4], top[4];
    for (int j = 0; j < 4; j++) wc_grid_block(kind, p + j * size, table, &k1[j], &k2[j], &top[j]);
    __m256d k1d = _mm256_setr_pd((double)k1[0], (double)k1[1], (double)k1[2], (double)k1[3]);
    __m256d spread = _mm256_setr_pd((double)(256 * k2[0] - k1[0] * k1[0]), (double)(256 * k2[1] - k1[1] * k1[1]),
                                    (double)(256 * k2[2] - k1[2] * k1[2]), (double)(256 * k2[3] - k1[3] * k1[3]));
    __m256d bound = _mm256_setr_pd((double)(top[0] * maxValue), (double)(top[1] * maxValue), (double)(top[2] * maxValue),
                                   (double)(top[3] * maxValue));
    __m256d unit = _mm256_mul_pd(_mm256_cvtps_pd(d), _mm256_set1_pd(1 / divisor));  // d / divisor (a power of two), exactly
    return wc_commit_four(s, 256, unit, k1d, spread, _mm256_sub_pd(_mm256_setzero_pd(), bound), bound, _mm256_setzero_si256()) ? 4 : 0;
}

WC_CODES_ENTRY size_t wc_codes_iq_grid(int kind, const void *src, size_t blocks, const void *table,
                                       int32_t maxValue, wc_code_moments *m) {
    wc_code_moments s = *m;
    size_t b = 0;
    switch (kind) {  // constant kinds, so each loop is compiled for its type
    case 0: WC_DRIVE_FOURS(66, wc_grid_four(0, q_, 66, table, maxValue, 8, &s), wc_grid_fill(0, p_, table, maxValue, 8, &r_)); break;
    case 1: WC_DRIVE_FOURS(74, wc_grid_four(1, q_, 74, table, maxValue, 8, &s), wc_grid_fill(1, p_, table, maxValue, 8, &r_)); break;
    case 2: WC_DRIVE_FOURS(82, wc_grid_four(2, q_, 82, table, maxValue, 8, &s), wc_grid_fill(2, p_, table, maxValue, 8, &r_)); break;
    case 3: WC_DRIVE_FOURS(98, wc_grid_four(3, q_, 98, table, maxValue, 4, &s), wc_grid_fill(3, p_, table, maxValue, 4, &r_)); break;
    case 4: WC_DRIVE_FOURS(110, wc_grid_four(4, q_, 110, table, maxValue, 1, &s), wc_grid_fill(4, p_, table, maxValue, 1, &r_)); break;
    default: break;
    }
    *m = s;
    return b;
}

#else

size_t wc_codes_iq1_s(const void *src, size_t blocks, const int32_t *rows, wc_code_moments *m) {
    (void)src; (void)blocks; (void)rows; (void)m; return 0;
}
size_t wc_codes_iq1_m(const void *src, size_t blocks, const int32_t *rows, wc_code_moments *m) {
    (void)src; (void)blocks; (void)rows; (void)m; return 0;
}
size_t wc_codes_iq_grid(int kind, const void *src, size_t blocks, const void *table, int32_t maxValue,
                        wc_code_moments *m) {
    (void)kind; (void)src; (void)blocks; (void)table; (void)maxValue; (void)m;
    return 0;
}

#endif
