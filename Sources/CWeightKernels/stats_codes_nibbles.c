// Statistics from codes for the 4-bit codebook types IQ4_NL, IQ4_XS, MXFP4, NVFP4 on AVX2: levels by PSHUFB, Σ by
// PSADBW, Σ² by PMADDUBSW, zeros by PCMPEQB (IQ4_NL and MXFP4 four blocks and NVFP4 four groups per vector pass),
// each group of four blocks added at once where none has a NaN/Inf scale or could widen the extremes
// (wc_commit_four). The Swift twin is CodeStatistics+Nibbles.swift.
#include "CWeightKernels.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#include "code_moments.h"

/// Σlevel, Σlevel² and zero levels of 16 bytes of level nibbles, per 8-byte half (h = 0 bytes 0–7, 1 bytes 8–15).
typedef struct { int64_t k1[2], k2[2], zeros[2]; } wc_level_sums;

WC_CODES wc_level_sums wc_levels16(__m128i bytes, __m128i table) {
    const __m128i nibble = _mm_set1_epi8(0x0F), bias = _mm_set1_epi8((char)0x80), zero = _mm_setzero_si128();
    const __m128i ones = _mm_set1_epi16(1);
    __m128i lo = _mm_shuffle_epi8(table, _mm_and_si128(bytes, nibble));
    __m128i hi = _mm_shuffle_epi8(table, _mm_and_si128(_mm_srli_epi16(bytes, 4), nibble));
    // Σ(L + 128) per 8 bytes; levels are ≥ −127, so |L| fits a signed byte for the squares.
    __m128i sums = _mm_add_epi64(_mm_sad_epu8(_mm_xor_si128(lo, bias), zero), _mm_sad_epu8(_mm_xor_si128(hi, bias), zero));
    __m128i alo = _mm_abs_epi8(lo), ahi = _mm_abs_epi8(hi);
    __m128i sq = _mm_add_epi32(_mm_madd_epi16(_mm_maddubs_epi16(alo, alo), ones),
                               _mm_madd_epi16(_mm_maddubs_epi16(ahi, ahi), ones));  // int32 lanes 0,1: half 0
    uint32_t z = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(lo, zero)), y = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(hi, zero));
    wc_level_sums r;
    r.k1[0] = (int64_t)_mm_cvtsi128_si64(sums) - 128 * 16;
    r.k1[1] = (int64_t)_mm_extract_epi64(sums, 1) - 128 * 16;
    r.k2[0] = (int64_t)_mm_extract_epi32(sq, 0) + _mm_extract_epi32(sq, 1);
    r.k2[1] = (int64_t)_mm_extract_epi32(sq, 2) + _mm_extract_epi32(sq, 3);
    r.zeros[0] = __builtin_popcount((z & 0xFF) | (y & 0xFF) << 8);
    r.zeros[1] = __builtin_popcount((z >> 8) | (y >> 8) << 8);
    return r;
}

/// Lanes 0 and 2 of a and of b (64-bit lanes), summed pairwise first: [a0 + a1, a2 + a3, b0 + b1, b2 + b3].
WC_CODES __m256i wc_pair_sums(__m256i a, __m256i b) {
    a = _mm256_add_epi64(a, _mm256_srli_si256(a, 8));
    b = _mm256_add_epi64(b, _mm256_srli_si256(b, 8));
    return _mm256_blend_epi32(_mm256_permute4x64_epi64(a, _MM_SHUFFLE(3, 3, 2, 0)),
                              _mm256_permute4x64_epi64(b, _MM_SHUFFLE(2, 0, 1, 1)), 0xF0);
}

/// Σ(L + 128), Σ|L|² (low dword of each 64-bit lane) and zero levels of two 16-byte blocks in one vector.
WC_CODES void wc_levels2x16(__m256i bytes, __m256i t, __m256i *sums, __m256i *squares, __m256i *zeros) {
    const __m256i nibble = _mm256_set1_epi8(0x0F), bias = _mm256_set1_epi8((char)0x80), zero = _mm256_setzero_si256();
    const __m256i ones = _mm256_set1_epi16(1), one8 = _mm256_set1_epi8(1);
    __m256i lo = _mm256_shuffle_epi8(t, _mm256_and_si256(bytes, nibble));
    __m256i hi = _mm256_shuffle_epi8(t, _mm256_and_si256(_mm256_srli_epi16(bytes, 4), nibble));
    *sums = _mm256_add_epi64(_mm256_sad_epu8(_mm256_xor_si256(lo, bias), zero), _mm256_sad_epu8(_mm256_xor_si256(hi, bias), zero));
    __m256i alo = _mm256_abs_epi8(lo), ahi = _mm256_abs_epi8(hi);
    __m256i sq = _mm256_add_epi32(_mm256_madd_epi16(_mm256_maddubs_epi16(alo, alo), ones), _mm256_madd_epi16(_mm256_maddubs_epi16(ahi, ahi), ones));
    *squares = _mm256_and_si256(_mm256_add_epi32(sq, _mm256_srli_epi64(sq, 32)), _mm256_set1_epi64x(0xFFFFFFFF));
    *zeros = _mm256_add_epi64(_mm256_sad_epu8(_mm256_and_si256(_mm256_cmpeq_epi8(lo, zero), one8), zero),
                              _mm256_sad_epu8(_mm256_and_si256(_mm256_cmpeq_epi8(hi, zero), one8), zero));
}

/// Four IQ4_NL (kind 0) or MXFP4 (kind 2) blocks from p, added at once (wc_commit_four): 4, or 0 (nothing added)
/// when a scale needs the block-by-block path or wc_commit_four declines.
WC_CODES int wc_small4_four(int kind, const uint8_t *p, __m128i table, const float *units, wc_code_moments *s) {
    const size_t size = kind == 0 ? 18 : 17, off = kind == 0 ? 2 : 1;
    wc_prefetch_four(p, size);
    __m128 u;
    if (kind == 0) {
        __m128i h = _mm_setr_epi16((short)wc_u16(p), (short)wc_u16(p + 18), (short)wc_u16(p + 36), (short)wc_u16(p + 54), 0, 0, 0, 0);
        if (wc_four_halves_bad(h)) return 0;
        u = _mm_cvtph_ps(h);  // NaN/Inf checked on the bits above
    } else {
        if (p[0] > 250 || p[17] > 250 || p[34] > 250 || p[51] > 250) return 0;
        u = _mm_setr_ps(units[p[0]], units[p[17]], units[p[34]], units[p[51]]);
    }
    const __m256i t = _mm256_broadcastsi128_si256(table);
    __m256i s01, q01, z01, s23, q23, z23;
    wc_levels2x16(_mm256_loadu2_m128i((const __m128i *)(p + size + off), (const __m128i *)(p + off)), t, &s01, &q01, &z01);
    wc_levels2x16(_mm256_loadu2_m128i((const __m128i *)(p + 3 * size + off), (const __m128i *)(p + 2 * size + off)), t, &s23, &q23, &z23);
    const __m256i low32 = _mm256_setr_epi32(0, 2, 4, 6, 0, 2, 4, 6);
    __m128i k1 = _mm_sub_epi32(_mm256_castsi256_si128(_mm256_permutevar8x32_epi32(wc_pair_sums(s01, s23), low32)), _mm_set1_epi32(128 * 32));
    __m128i k2 = _mm256_castsi256_si128(_mm256_permutevar8x32_epi32(wc_pair_sums(q01, q23), low32));
    __m128i spread = _mm_sub_epi32(_mm_slli_epi32(k2, 5), _mm_mullo_epi32(k1, k1));  // 32·Σk² − (Σk)²: |…| < 2^30
    double low = kind == 0 ? -127 : -12, high = kind == 0 ? 113 : 12;
    __m256i zeros = kind == 0 ? _mm256_setzero_si256() : wc_pair_sums(z01, z23);  // IQ4 levels are never 0
    return wc_commit_four(s, 32, _mm256_cvtps_pd(u), _mm256_cvtepi32_pd(k1), _mm256_cvtepi32_pd(spread),
                          _mm256_set1_pd(low), _mm256_set1_pd(high), zeros) ? 4 : 0;
}

/// NVFP4 block p's four groups of 16, one 64-bit lane per group (bytes 4 + 8g…): Σ and zeros by PSADBW, Σ² by
/// PMADDUBSW; per group its unit (*u), Σk, 16·Σk² − (Σk)² (int32) and zero levels (*zeros, int64).
WC_CODES void wc_nvfp4_sums(const uint8_t *p, __m128i table, const float *units, __m128 *u, __m128i *k1,
                            __m128i *spread, __m256i *zeros) {
    const __m256i nibble = _mm256_set1_epi8(0x0F), bias = _mm256_set1_epi8((char)0x80), zero = _mm256_setzero_si256();
    const __m256i t = _mm256_broadcastsi128_si256(table), one8 = _mm256_set1_epi8(1);
    __m256i bytes = _mm256_loadu_si256((const __m256i *)(p + 4));
    __m256i lo = _mm256_shuffle_epi8(t, _mm256_and_si256(bytes, nibble));
    __m256i hi = _mm256_shuffle_epi8(t, _mm256_and_si256(_mm256_srli_epi16(bytes, 4), nibble));
    __m256i sums = _mm256_add_epi64(_mm256_sad_epu8(_mm256_xor_si256(lo, bias), zero), _mm256_sad_epu8(_mm256_xor_si256(hi, bias), zero));
    __m256i alo = _mm256_abs_epi8(lo), ahi = _mm256_abs_epi8(hi), ones = _mm256_set1_epi16(1);
    __m256i sq = _mm256_add_epi32(_mm256_madd_epi16(_mm256_maddubs_epi16(alo, alo), ones), _mm256_madd_epi16(_mm256_maddubs_epi16(ahi, ahi), ones));
    sq = _mm256_add_epi32(sq, _mm256_srli_epi64(sq, 32));  // low dword per lane: Σlevel²
    *zeros = _mm256_add_epi64(_mm256_sad_epu8(_mm256_and_si256(_mm256_cmpeq_epi8(lo, zero), one8), zero),
                              _mm256_sad_epu8(_mm256_and_si256(_mm256_cmpeq_epi8(hi, zero), one8), zero));
    const __m256i low32 = _mm256_setr_epi32(0, 2, 4, 6, 0, 2, 4, 6);
    *k1 = _mm_sub_epi32(_mm256_castsi256_si128(_mm256_permutevar8x32_epi32(sums, low32)), _mm_set1_epi32(128 * 16));
    __m128i k2 = _mm256_castsi256_si128(_mm256_permutevar8x32_epi32(sq, low32));
    *spread = _mm_sub_epi32(_mm_slli_epi32(k2, 4), _mm_mullo_epi32(*k1, *k1));  // 16·Σk² − (Σk)², |…| < 2^17
    *u = _mm_setr_ps(units[p[0]], units[p[1]], units[p[2]], units[p[3]]);
}

/// NVFP4 block p as four records written at once (r->count is a multiple of 4 here: NVFP4 adds 4 per block).
WC_CODES void wc_nvfp4_fill(const uint8_t *p, __m128i table, const float *units, wc_records *r) {
    __m128 u;
    __m128i k1, spread;
    __m256i zeros;
    wc_nvfp4_sums(p, table, units, &u, &k1, &spread, &zeros);
    int i = r->count;
    _mm256_storeu_pd(r->unit + i, _mm256_cvtps_pd(u));
    _mm256_storeu_pd(r->k1 + i, _mm256_cvtepi32_pd(k1));
    _mm256_storeu_pd(r->spread + i, _mm256_cvtepi32_pd(spread));
    _mm256_storeu_pd(r->kLow + i, _mm256_set1_pd(-12));
    _mm256_storeu_pd(r->kHigh + i, _mm256_set1_pd(12));
    _mm256_storeu_pd(r->n + i, _mm256_set1_pd(16));
    _mm256_storeu_pd(r->inv + i, _mm256_set1_pd(1.0 / 16));
    _mm256_storeu_si256((__m256i *)(r->zeros + i), zeros);
    uint32_t ends = 0x01000000u;  // the fourth group ends the block
    memcpy(r->blockEnd + i, &ends, 4);
    r->count = i + 4;
}

/// Up to four NVFP4 blocks from p, each one wc_commit_four of its groups: how many were added.
WC_CODES int wc_nvfp4_four(const uint8_t *p, __m128i table, const float *units, wc_code_moments *s) {
    wc_prefetch_four(p, 36);
    for (int j = 0; j < 4; j++) {
        __m128 u;
        __m128i k1, spread;
        __m256i zeros;
        wc_nvfp4_sums(p + 36 * j, table, units, &u, &k1, &spread, &zeros);
        if (!wc_commit_four(s, 16, _mm256_cvtps_pd(u), _mm256_cvtepi32_pd(k1), _mm256_cvtepi32_pd(spread),
                            _mm256_set1_pd(-12), _mm256_set1_pd(12), zeros)) return j;
    }
    return 4;
}

/// IQ4_XS block p's Σk, Σk², zero values and largest |scale − 32| (k = (scale − 32) × level per 32 values).
typedef struct { int64_t k1, k2, zeros, top; } wc_iq4_xs_sums;

WC_CODES wc_iq4_xs_sums wc_iq4_xs(const uint8_t *p, __m128i table) {
    uint32_t highs = wc_u16(p + 2);
    wc_iq4_xs_sums x = {0, 0, 0, 0};
    for (int ib = 0; ib < 8; ib++) {
        int64_t low = (p[4 + (ib >> 1)] >> (4 * (ib & 1))) & 0x0F;
        int64_t ls = (low | (int64_t)((highs >> (2 * ib)) & 3) << 4) - 32;
        wc_level_sums l = wc_levels16(_mm_loadu_si128((const __m128i *)(p + 8 + 16 * ib)), table);
        x.k1 += ls * (l.k1[0] + l.k1[1]);
        x.k2 += ls * ls * (l.k2[0] + l.k2[1]);
        if (ls == 0) x.zeros += 32;  // levels are never zero
        int64_t a = ls < 0 ? -ls : ls;
        if (a > x.top) x.top = a;
    }
    return x;
}

/// Four IQ4_XS blocks from p added at once: 4, or 0 (nothing added) on a NaN/Inf scale or when wc_commit_four declines.
WC_CODES int wc_iq4_xs_four(const uint8_t *p, __m128i table, wc_code_moments *s) {
    wc_prefetch_four(p, 136);
    __m128i h = _mm_setr_epi16((short)wc_u16(p), (short)wc_u16(p + 136), (short)wc_u16(p + 272), (short)wc_u16(p + 408), 0, 0, 0, 0);
    if (wc_four_halves_bad(h)) return 0;
    wc_iq4_xs_sums x[4];
    for (int j = 0; j < 4; j++) x[j] = wc_iq4_xs(p + 136 * j, table);
    __m256d k1 = _mm256_setr_pd((double)x[0].k1, (double)x[1].k1, (double)x[2].k1, (double)x[3].k1);
    __m256d spread = _mm256_setr_pd((double)(256 * x[0].k2 - x[0].k1 * x[0].k1), (double)(256 * x[1].k2 - x[1].k1 * x[1].k1),
                                    (double)(256 * x[2].k2 - x[2].k1 * x[2].k1), (double)(256 * x[3].k2 - x[3].k1 * x[3].k1));
    __m256d high = _mm256_setr_pd((double)(127 * x[0].top), (double)(127 * x[1].top), (double)(127 * x[2].top), (double)(127 * x[3].top));
    __m256i zeros = _mm256_setr_epi64x(x[0].zeros, x[1].zeros, x[2].zeros, x[3].zeros);
    return wc_commit_four(s, 256, _mm256_cvtps_pd(_mm_cvtph_ps(h)), k1, spread, _mm256_sub_pd(_mm256_setzero_pd(), high), high, zeros) ? 4 : 0;
}

/// One block of `kind` (addIQ4_NL, addIQ4_XS, addMXFP4, addNVFP4): its groups as records.
WC_CODES int wc_nibbles_fill(int kind, const uint8_t *p, __m128i table, const float *units, wc_records *r) {
    if (kind == 0) {  // IQ4_NL: f16 d, 16 bytes; x = d × level (levels are never 0)
        float d = _cvtsh_ss(wc_u16(p));
        if (!wc_finite(d)) return 0;
        wc_level_sums l = wc_levels16(_mm_loadu_si128((const __m128i *)(p + 2)), table);
        wc_record(r, (double)d, 32, l.k1[0] + l.k1[1], l.k2[0] + l.k2[1], -127, 113, 0, 1);
    } else if (kind == 1) {  // IQ4_XS: x = (d × (scale − 32)) × level per 32 values
        float d = _cvtsh_ss(wc_u16(p));
        if (!wc_finite(d)) return 0;
        wc_iq4_xs_sums x = wc_iq4_xs(p, table);
        wc_record(r, (double)d, 256, x.k1, x.k2, -127 * x.top, 127 * x.top, x.zeros, 1);
    } else if (kind == 2) {  // MXFP4: E8M0 scale byte, 16 bytes of E2M1 nibbles
        uint8_t e = p[0];
        if (e > 250) return 0;  // 12 × scale could overflow a float: value by value
        wc_level_sums l = wc_levels16(_mm_loadu_si128((const __m128i *)(p + 1)), table);
        wc_record(r, (double)units[e], 32, l.k1[0] + l.k1[1], l.k2[0] + l.k2[1], -12, 12, l.zeros[0] + l.zeros[1], 1);
    } else {  // NVFP4: four UE4M3 scale bytes, then per 16 values 8 bytes of E2M1 nibbles: the four groups at once
        wc_nvfp4_fill(p, table, units, r);
    }
    return 1;
}

WC_CODES_ENTRY size_t wc_codes_nibbles(int kind, const void *src, size_t blocks, const int8_t *levels,
                                       const float *units, wc_code_moments *m) {
    const __m128i table = _mm_loadu_si128((const __m128i *)levels);
    wc_code_moments s = *m;
    size_t b = 0;
    switch (kind) {  // constant kinds, so each loop is compiled for its type
    case 0: WC_DRIVE_FOURS(18, wc_small4_four(0, q_, table, units, &s), wc_nibbles_fill(0, p_, table, units, &r_)); break;
    case 1: WC_DRIVE_FOURS(136, wc_iq4_xs_four(q_, table, &s), wc_nibbles_fill(1, p_, table, units, &r_)); break;
    case 2: WC_DRIVE_FOURS(17, wc_small4_four(2, q_, table, units, &s), wc_nibbles_fill(2, p_, table, units, &r_)); break;
    case 3: WC_DRIVE_FOURS(36, wc_nvfp4_four(q_, table, units, &s), wc_nibbles_fill(3, p_, table, units, &r_)); break;
    default: break;
    }
    *m = s;
    return b;
}

#else

size_t wc_codes_nibbles(int kind, const void *src, size_t blocks, const int8_t *levels, const float *units,
                        wc_code_moments *m) {
    (void)kind; (void)src; (void)blocks; (void)levels; (void)units; (void)m; return 0;
}

#endif
