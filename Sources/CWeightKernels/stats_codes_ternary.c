// Statistics from codes for the one-scale signed types on AVX2, every value d × k with k in {−1, 0, 1, 2}: Q1_0
// (popcounts of sign bits), TQ1_0 (base-3 digits by byte adds and unsigned compares) and TQ2_0 (popcounts of the
// 2-bit code planes); each group of four blocks added at once where none has a NaN/Inf scale or could widen the
// extremes (wc_commit_four). The Swift twin is CodeStatistics+Ternary.swift.
#include "CWeightKernels.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#include "code_moments.h"

/// Q1_0 (CodeMoments.addQ1_0): f16 d, 16 bytes of sign bits; x = bit ? d : −d, so with `plus` set bits
/// Σk = 2·plus − 128, Σk² = 128, k never 0; a block is one record, batched like the nibble types.
WC_CODES int wc_q1_0_fill(const uint8_t *p, wc_records *r) {
    float d = _cvtsh_ss(wc_u16(p));
    if (!wc_finite(d)) return 0;
    int64_t plus = __builtin_popcountll(wc_u64(p + 2)) + __builtin_popcountll(wc_u64(p + 10));
    wc_record(r, (double)d, 128, 2 * plus - 128, 128, plus < 128 ? -1 : 1, plus > 0 ? 1 : -1, 0, 1);
    return 1;
}

/// Four Q1_0 blocks from p added at once: 4, or 0 (nothing added) on a NaN/Inf scale or when wc_commit_four declines.
WC_CODES int wc_q1_0_four(const uint8_t *p, wc_code_moments *s) {
    wc_prefetch_four(p, 18);
    __m128i h = _mm_setr_epi16((short)wc_u16(p), (short)wc_u16(p + 18), (short)wc_u16(p + 36), (short)wc_u16(p + 54), 0, 0, 0, 0);
    if (wc_four_halves_bad(h)) return 0;
    int plus[4];
    for (int j = 0; j < 4; j++) plus[j] = __builtin_popcountll(wc_u64(p + 18 * j + 2)) + __builtin_popcountll(wc_u64(p + 18 * j + 10));
    __m128i pl = _mm_setr_epi32(plus[0], plus[1], plus[2], plus[3]);  // not a load of the four stores: no forwarding
    __m128i k1 = _mm_sub_epi32(_mm_add_epi32(pl, pl), _mm_set1_epi32(128));
    __m128i spread = _mm_sub_epi32(_mm_set1_epi32(128 * 128), _mm_mullo_epi32(k1, k1));  // n·Σk² − (Σk)², Σk² = 128
    // kLow −1 unless every bit is set (plus = 128), kHigh 1 unless none is (plus = 0).
    __m128i low = _mm_add_epi32(_mm_set1_epi32(-1), _mm_and_si128(_mm_cmpeq_epi32(pl, _mm_set1_epi32(128)), _mm_set1_epi32(2)));
    __m128i high = _mm_sub_epi32(_mm_set1_epi32(1), _mm_and_si128(_mm_cmpeq_epi32(pl, _mm_setzero_si128()), _mm_set1_epi32(2)));
    return wc_commit_four(s, 128, _mm256_cvtps_pd(_mm_cvtph_ps(h)), _mm256_cvtepi32_pd(k1), _mm256_cvtepi32_pd(spread),
                          _mm256_cvtepi32_pd(low), _mm256_cvtepi32_pd(high), _mm256_setzero_si256()) ? 4 : 0;
}

WC_CODES_ENTRY size_t wc_codes_q1_0(const void *src, size_t blocks, wc_code_moments *m) {
    wc_code_moments s = *m;
    size_t b = 0;
    WC_DRIVE_FOURS(18, wc_q1_0_four(q_, &s), wc_q1_0_fill(p_, &r_));
    *m = s;
    return b;
}

/// CodeMoments.addSigned: n values d × k with the counts of k = −1, 0, 1, 2.
WC_CODES void wc_add_signed(wc_code_moments *s, float d, int64_t n, int64_t minus, int64_t zero, int64_t one, int64_t two) {
    int64_t k1 = one - minus + 2 * two, k2 = one + minus + 4 * two;
    double unit = (double)d;
    wc_add_block(s, n, unit, k1, n * k2 - k1 * k1);
    s->zeroCount += d == 0 ? n : zero;
    int64_t kLow = minus > 0 ? -1 : zero > 0 ? 0 : one > 0 ? 1 : 2;
    int64_t kHigh = two > 0 ? 2 : one > 0 ? 1 : zero > 0 ? 0 : -1;
    wc_extremes(s, unit, kLow, kHigh);
}

/// TQ1_0 block p's digits 0 (value −1) in *minus and 2 (+1) in *one. ggml's digit n of byte v is
/// ((v·3^n mod 256)·3) >> 8: 0 for q = v·3^n mod 256 ≤ 85, 2 for q ≥ 171. So each step multiplies 32 bytes by 3
/// with byte adds (mod 256 by themselves) and counts with unsigned min/max compares: five digits of the 48 qs
/// bytes (qs[0..31] in one register, qs[32..47] in the low half of another), four of the 4 qh bytes (the other
/// register's bytes 16–19).
WC_CODES void wc_tq1_0_digits(const uint8_t *p, __m256i *minus, __m256i *one) {
    const __m256i lowMax = _mm256_set1_epi8(85), highMin = _mm256_set1_epi8((char)171), zero = _mm256_setzero_si256();
    const __m256i four = _mm256_setr_epi8(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                          -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    const __m256i five = _mm256_setr_epi8(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                          0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    __m256i a = _mm256_loadu_si256((const __m256i *)p);
    __m256i b = _mm256_inserti128_si256(_mm256_castsi128_si256(_mm_loadu_si128((const __m128i *)(p + 32))),
                                        _mm_cvtsi32_si128((int)wc_u32(p + 48)), 1);
    __m256i m = zero, o = zero;  // per byte at most 10 counts
    for (int n = 0; n < 5; n++) {
        if (n > 0) {
            a = _mm256_add_epi8(_mm256_add_epi8(a, a), a);
            b = _mm256_add_epi8(_mm256_add_epi8(b, b), b);
        }
        __m256i valid = n < 4 ? four : five;
        m = _mm256_sub_epi8(m, _mm256_cmpeq_epi8(_mm256_min_epu8(a, lowMax), a));
        o = _mm256_sub_epi8(o, _mm256_cmpeq_epi8(_mm256_max_epu8(a, highMin), a));
        m = _mm256_sub_epi8(m, _mm256_and_si256(_mm256_cmpeq_epi8(_mm256_min_epu8(b, lowMax), b), valid));
        o = _mm256_sub_epi8(o, _mm256_and_si256(_mm256_cmpeq_epi8(_mm256_max_epu8(b, highMin), b), valid));
    }
    *minus = _mm256_sad_epu8(m, zero);
    *one = _mm256_sad_epu8(o, zero);
}

/// The sums of the four 64-bit lanes of each of a, b, c, d, as four int32 lanes.
WC_CODES __m128i wc_sum4x4_64(__m256i a, __m256i b, __m256i c, __m256i d) {
    __m256i ab = _mm256_add_epi64(_mm256_unpacklo_epi64(a, b), _mm256_unpackhi_epi64(a, b));
    __m256i cd = _mm256_add_epi64(_mm256_unpacklo_epi64(c, d), _mm256_unpackhi_epi64(c, d));
    __m256i t = _mm256_add_epi64(_mm256_permute2x128_si256(ab, cd, 0x20), _mm256_permute2x128_si256(ab, cd, 0x31));
    return _mm256_castsi256_si128(_mm256_permutevar8x32_epi32(t, _mm256_setr_epi32(0, 2, 4, 6, 0, 2, 4, 6)));
}

/// TQ2_0 block p's codes q = 1, 2, 3 (k = 0, 1, 2) among its 256 2-bit codes, by popcounts of the two bit planes.
WC_CODES void wc_tq2_0_codes(const uint8_t *p, int *c1, int *c2, int *c3) {
    int a = 0, b = 0, c = 0;
    for (int j = 0; j < 64; j += 8) {
        uint64_t w = wc_u64(p + j), lo = w & 0x5555555555555555ull, hi = (w >> 1) & 0x5555555555555555ull;
        a += __builtin_popcountll(lo & ~hi);
        b += __builtin_popcountll(hi & ~lo);
        c += __builtin_popcountll(lo & hi);
    }
    *c1 = a; *c2 = b; *c3 = c;
}

/// Four blocks of 256 values d × k added at once, as wc_add_signed adds them where none would widen the extremes
/// (wc_commit_four: the same operations): f16 scales h (lanes 0–3), counts of k = −1, 0, 1, 2 per lane. 4, or 0
/// (nothing added) on a NaN/Inf scale or when wc_commit_four declines.
WC_CODES int wc_signed_four(wc_code_moments *s, __m128i h, __m128i minus, __m128i zero, __m128i one, __m128i two) {
    if (wc_four_halves_bad(h)) return 0;
    const __m128i none = _mm_setzero_si128(), all = _mm_set1_epi32(-1), plus = _mm_set1_epi32(1);
    __m128i k1 = _mm_add_epi32(_mm_sub_epi32(one, minus), _mm_add_epi32(two, two));
    __m128i k2 = _mm_add_epi32(_mm_add_epi32(one, minus), _mm_slli_epi32(two, 2));
    __m128i spread = _mm_sub_epi32(_mm_slli_epi32(k2, 8), _mm_mullo_epi32(k1, k1));  // |…| ≤ 2^18
    __m128i hasZero = _mm_cmpgt_epi32(zero, none), hasOne = _mm_cmpgt_epi32(one, none);
    // kLow −1 if any k = −1, else 0 if any 0, else 1 if any 1, else 2; kHigh 2 if any 2, else 1, 0, −1 likewise.
    __m128i kLow = _mm_blendv_epi8(_mm_blendv_epi8(_mm_blendv_epi8(_mm_set1_epi32(2), plus, hasOne), none, hasZero), all,
                                   _mm_cmpgt_epi32(minus, none));
    __m128i kHigh = _mm_blendv_epi8(_mm_blendv_epi8(_mm_blendv_epi8(all, none, hasZero), plus, hasOne), _mm_set1_epi32(2),
                                    _mm_cmpgt_epi32(two, none));
    return wc_commit_four(s, 256, _mm256_cvtps_pd(_mm_cvtph_ps(h)), _mm256_cvtepi32_pd(k1), _mm256_cvtepi32_pd(spread),
                          _mm256_cvtepi32_pd(kLow), _mm256_cvtepi32_pd(kHigh), _mm256_cvtepi32_epi64(zero)) ? 4 : 0;
}

/// Four TQ1_0 (kind 0) or TQ2_0 (1) blocks from p through wc_signed_four.
WC_CODES int wc_ternary_four(int kind, const uint8_t *p, wc_code_moments *s) {
    const size_t size = kind == 0 ? 54 : 66, at = kind == 0 ? 52 : 64;
    wc_prefetch_four(p, size);
    __m128i h = _mm_setr_epi16((short)wc_u16(p + at), (short)wc_u16(p + size + at), (short)wc_u16(p + 2 * size + at),
                               (short)wc_u16(p + 3 * size + at), 0, 0, 0, 0);
    const __m128i total = _mm_set1_epi32(256);
    if (kind == 0) {
        __m256i m[4], o[4];
        for (int j = 0; j < 4; j++) wc_tq1_0_digits(p + 54 * j, &m[j], &o[j]);
        __m128i minus = wc_sum4x4_64(m[0], m[1], m[2], m[3]), one = wc_sum4x4_64(o[0], o[1], o[2], o[3]);
        return wc_signed_four(s, h, minus, _mm_sub_epi32(_mm_sub_epi32(total, minus), one), one, _mm_setzero_si128());
    }
    int c[3][4];
    for (int j = 0; j < 4; j++) wc_tq2_0_codes(p + 66 * j, &c[0][j], &c[1][j], &c[2][j]);
    __m128i c1 = _mm_setr_epi32(c[0][0], c[0][1], c[0][2], c[0][3]), c2 = _mm_setr_epi32(c[1][0], c[1][1], c[1][2], c[1][3]);
    __m128i c3 = _mm_setr_epi32(c[2][0], c[2][1], c[2][2], c[2][3]);
    __m128i minus = _mm_sub_epi32(_mm_sub_epi32(_mm_sub_epi32(total, c1), c2), c3);
    return wc_signed_four(s, h, minus, c1, c2, c3);
}

/// A ternary block's counts of k = −1, 0, 1, 2 (TQ1_0: kind 0, 54 bytes, k = digit − 1; TQ2_0: kind 1, 66 bytes,
/// k = q − 1) and its f16 scale.
typedef struct { float d; int64_t minus, zero, one, two; } wc_signed_counts;

WC_CODES wc_signed_counts wc_ternary_counts(int kind, const uint8_t *p) {
    wc_signed_counts c;
    if (kind == 0) {  // TQ1_0: 48 bytes of five base-3 digits, 4 bytes of four, f16 d at 52
        c.d = _cvtsh_ss(wc_u16(p + 52));
        __m256i m, o;
        wc_tq1_0_digits(p, &m, &o);
        __m128i t = wc_sum4x4_64(m, o, m, o);  // lanes: minus, one, minus, one
        c.minus = _mm_cvtsi128_si32(t);
        c.one = _mm_extract_epi32(t, 1);
        c.zero = 256 - c.minus - c.one;
        c.two = 0;
    } else {  // TQ2_0: 64 bytes of 2-bit codes q, f16 d at 64
        c.d = _cvtsh_ss(wc_u16(p + 64));
        int c1, c2, c3;
        wc_tq2_0_codes(p, &c1, &c2, &c3);
        c.minus = 256 - c1 - c2 - c3;
        c.zero = c1;
        c.one = c2;
        c.two = c3;
    }
    return c;
}

WC_CODES_ENTRY size_t wc_codes_ternary(int kind, const void *src, size_t blocks, wc_code_moments *m) {
    if (kind < 0 || kind > 1) return 0;
    const size_t size = kind == 0 ? 54 : 66;
    wc_code_moments s = *m;
    s.pending = 0;
    size_t b = 0;
    while (b < blocks) {
        const uint8_t *p = (const uint8_t *)src + size * b;
        if (b + 4 <= blocks && wc_ternary_four(kind, p, &s)) {
            b += 4;
        } else {  // one block: its extremes widened here rather than handed back
            _mm_prefetch((const char *)p + 2048, _MM_HINT_T0);  // a hint: never faults
            _mm_prefetch((const char *)p + 2048 + 64, _MM_HINT_T0);
            wc_signed_counts c = wc_ternary_counts(kind, p);
            if (!wc_finite(c.d)) { s.pending = 1; break; }
            wc_add_signed(&s, c.d, 256, c.minus, c.zero, c.one, c.two);
            b++;
        }
        if (s.n >= s.batch) break;
    }
    *m = s;
    return b;
}

#else

size_t wc_codes_ternary(int kind, const void *src, size_t blocks, wc_code_moments *m) {
    (void)kind; (void)src; (void)blocks; (void)m; return 0;
}
size_t wc_codes_q1_0(const void *src, size_t blocks, wc_code_moments *m) { (void)src; (void)blocks; (void)m; return 0; }

#endif
