// Statistics from the codes of Q4_0, Q4_1, Q5_0, Q5_1, Q8_0 and Q8_1 on AVX2: per block Σq and Σq² by
// maddubs/madd (Q4_0: two blocks per vector), zero codes by cmpeq + popcnt, a few double operations, eight blocks
// at a time. Q4_0, Q8_0 and Q8_1 also have AVX-512 variants (VPDPBUSD, two to four blocks per vector) that leave
// the same bits; the kernel picks at run time. Q4_0's AVX-512 loop: stats_codes_q4_0_lanes.h. Swift twins: CodeStatistics+Legacy/+Nibbles.
#include "stats_codes_common.h"
#include "stats_codes_legacy_lanes.h"
#include "wc_stats_codes.h"

#if defined(__x86_64__) || defined(__i386__)

/// The 32 codes of 16 bytes of nibbles: the low nibbles in the low half (values 0–15), the high in the high.
static inline __attribute__((always_inline, target("avx2,f16c,popcnt,bmi,fma"))) __m256i wc_nibbles(const unsigned char *p) {
    const __m128i m4 = _mm_set1_epi8(0x0F);
    __m128i v = wc_load16(p);
    return _mm256_set_m128i(_mm_and_si128(_mm_srli_epi16(v, 4), m4), _mm_and_si128(v, m4));
}

WC_AVX2 size_t wc_codes_q4_0_one(const unsigned char *p, size_t blocks, wc_code_sums *acc) {
    for (size_t b = 0; b < blocks; b++, p += 18) {
        _mm_prefetch((const char *)(p + 2048), _MM_HINT_T0);  // a hint: never faults
        float d = wc_half(p);
        if (!isfinite(d)) return b;
        __m256i q = wc_nibbles(p + 2);
        if (wc_may_widen(acc, d, -8, 7)) {  // its own extremes, from its codes (a zero unit: the Swift kernel)
            int low, high;
            if (d == 0) return b;
            wc_byte_range(q, 0, &low, &high);
            wc_widen_by_codes(acc, d, low - 8, high - 8);
        }
        int s[4];
        wc_sums_2x16(q, s);
        int sq = s[1] + s[3], sq2 = s[0] + s[2];
        // Σ(q − 8) and Σ(q − 8)² over 32 values.
        wc_add_one_unit(acc, 32, d, sq - 256, sq2 - 16 * sq + 2048, wc_count32(q, 8));
    }
    return blocks;
}

WC_AVX2 size_t wc_codes_q5_0_one(const unsigned char *p, size_t blocks, wc_code_sums *acc) {
    for (size_t b = 0; b < blocks; b++, p += 22) {
        _mm_prefetch((const char *)(p + 2048), _MM_HINT_T0);
        float d = wc_half(p);
        if (!isfinite(d)) return b;
        uint32_t qh;
        memcpy(&qh, p + 2, 4);
        __m256i q = _mm256_or_si256(wc_nibbles(p + 6), wc_bits32(qh));
        if (wc_may_widen(acc, d, -16, 15)) {  // as wc_codes_q4_0_one
            int low, high;
            if (d == 0) return b;
            wc_byte_range(q, 0, &low, &high);
            wc_widen_by_codes(acc, d, low - 16, high - 16);
        }
        int s[4];
        wc_sums_2x16(q, s);
        int sq = s[1] + s[3], sq2 = s[0] + s[2];
        wc_add_one_unit(acc, 32, d, sq - 512, sq2 - 32 * sq + 8192, wc_count32(q, 16));
    }
    return blocks;
}

/// Q8_0 (34-byte blocks, codes at 2) and Q8_1 (36 bytes, codes at 4: its f16 s is not a value) one block at a time.
WC_AVX2 size_t wc_codes_q8_one(const unsigned char *p, size_t blocks, wc_code_sums *acc, size_t size, size_t codes) {
    const __m256i ones16 = _mm256_set1_epi16(1);
    for (size_t b = 0; b < blocks; b++, p += size) {
        _mm_prefetch((const char *)(p + 2048), _MM_HINT_T0);
        float d = wc_half(p);
        if (!isfinite(d)) return b;
        __m256i q = wc_load32(p + codes);
        if (wc_may_widen(acc, d, -128, 127)) {  // as wc_codes_q4_0_one
            int low, high;
            if (d == 0) return b;
            wc_byte_range(q, 1, &low, &high);
            wc_widen_by_codes(acc, d, low, high);
        }
        __m256i lo = _mm256_cvtepi8_epi16(_mm256_castsi256_si128(q));
        __m256i hi = _mm256_cvtepi8_epi16(_mm256_extracti128_si256(q, 1));
        // Per i32 lane: Σk² of four values ≤ 4·2^14, Σk of four values.
        __m256i squares = _mm256_add_epi32(_mm256_madd_epi16(lo, lo), _mm256_madd_epi16(hi, hi));
        __m256i sums = _mm256_madd_epi16(_mm256_add_epi16(lo, hi), ones16);
        __m256i h = _mm256_hadd_epi32(squares, sums);
        h = _mm256_hadd_epi32(h, h);
        int k2 = _mm256_extract_epi32(h, 0) + _mm256_extract_epi32(h, 4);
        int k1 = _mm256_extract_epi32(h, 1) + _mm256_extract_epi32(h, 5);
        wc_add_one_unit(acc, 32, d, k1, k2, wc_count32(q, 0));
    }
    return blocks;
}

/// The packed per-block sums of eight Q4_0/Q5_0/Q4_1/Q5_1 blocks of `size` bytes at q, codes after a header of
/// `header` bytes (Q5: a u32 of fifth bits first): per block Σq² at bit 0, Σq at `bits`, the codes equal to
/// `target` at bits + 9 + five, the eight blocks summed into one i32 lane each by one hadd tree.
static inline __attribute__((always_inline, target("avx2,f16c,popcnt,bmi,fma")))
__m256i wc_packed_sums8(const unsigned char *q, size_t size, size_t header, int five, int bits, __m256i target) {
    const __m256i zero = _mm256_setzero_si256(), one8 = _mm256_set1_epi8(1), ones16 = _mm256_set1_epi16(1);
    __m256i v[8];
    for (int j = 0; j < 8; j++) {
        const unsigned char *block = q + size * (size_t)j;
        __m256i c;
        if (five) {
            uint32_t qh;
            memcpy(&qh, block + header, 4);
            c = _mm256_or_si256(wc_nibbles(block + header + 4), wc_bits32(qh));
        } else {
            c = wc_nibbles(block + header);
        }
        __m256i squares = _mm256_madd_epi16(_mm256_maddubs_epi16(c, c), ones16);
        __m256i sums = _mm256_sad_epu8(c, zero);
        __m256i hits = _mm256_sad_epu8(_mm256_and_si256(_mm256_cmpeq_epi8(c, target), one8), zero);
        v[j] = _mm256_add_epi32(squares, _mm256_add_epi64(_mm256_slli_epi64(sums, bits),
                                                          _mm256_slli_epi64(hits, bits + 9 + five)));
    }
    return wc_hsum8x8(v);
}

/// Q4_0's per-block sums of eight blocks at q (18 bytes each, codes after the f16), two blocks per vector: lane
/// j of the result is Σq² + 2^16·Σq of block j (≤ 7200 and ≤ 480); *hits gets the codes q = 8 of the blocks whose
/// bit in `skip` is clear (a set bit: the unit is 0, and the caller counts all the block's values), by movemask and
/// popcnt over all eight, those of the blocks in `skip` taken back after, in a branch that is rare (masking them off
/// pair by pair cost 1.05–1.12×, benchmarks/kernel_ab_harness.c).
static inline __attribute__((always_inline, target("avx2,f16c,popcnt,bmi,fma")))
__m256i wc_q4_0_sums8(const unsigned char *q, int skip, uint64_t *hits) {
    const __m256i m4 = _mm256_set1_epi8(0x0F), eight = _mm256_set1_epi8(8), zero = _mm256_setzero_si256();
    const __m256i ones16 = _mm256_set1_epi16(1);
    __m256i v[4];
    uint64_t count = 0, centres[4];
    for (int j = 0; j < 4; j++) {
        const unsigned char *a = q + 36 * (size_t)j + 2;
        __m256i raw = _mm256_inserti128_si256(_mm256_castsi128_si256(wc_load16(a)), wc_load16(a + 18), 1);
        __m256i lo = _mm256_and_si256(raw, m4), hi = _mm256_and_si256(_mm256_srli_epi16(raw, 4), m4);
        // Per i32 lane: Σq² of four codes; per i64 lane: + 2^16·Σq of sixteen (a 128-bit lane is one block).
        __m256i squares = _mm256_madd_epi16(_mm256_add_epi16(_mm256_maddubs_epi16(lo, lo), _mm256_maddubs_epi16(hi, hi)), ones16);
        __m256i sums = _mm256_sad_epu8(_mm256_add_epi8(lo, hi), zero);
        v[j] = _mm256_add_epi32(squares, _mm256_slli_epi64(sums, 16));
        // Block 2j at bits 0–15 and 32–47, 2j + 1 at 16–31 and 48–63.
        uint32_t ml = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(lo, eight));
        uint32_t mh = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(hi, eight));
        centres[j] = (uint64_t)ml | (uint64_t)mh << 32;
        count += (uint64_t)__builtin_popcountll(centres[j]);
    }
    for (unsigned s = (unsigned)skip; __builtin_expect(s != 0, 0); s &= s - 1) {  // rare: a unit of 0, whose values
        unsigned b = (unsigned)__builtin_ctz(s);                                     // the caller counts
        count -= (uint64_t)__builtin_popcountll(centres[b >> 1] & (0x0000FFFF0000FFFFull << 16 * (b & 1)));
    }
    *hits = count;
    // hadd twice: lanes [b0 b2 b4 b6 | b1 b3 b5 b7]; then to block order.
    __m256i h = _mm256_hadd_epi32(_mm256_hadd_epi32(v[0], v[1]), _mm256_hadd_epi32(v[2], v[3]));
    return _mm256_permutevar8x32_epi32(h, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
}


/// Σk² (≤ 2^19) of each of eight Q8_0/Q8_1 blocks at q (`size` bytes, codes at `codes`), by one hadd tree, into *k2;
/// Σ(k + 128) (≤ 8160) by another into *t; returns the zero codes of the blocks not in `skip` (bit j: block j's
/// unit is 0, so all its values are zeros, which the caller counts), by movemask and popcnt, those of the blocks in
/// `skip` taken back in a rare branch (counting them in the second tree and picking them block by block cost 1.09×).
WC_AVX2 uint64_t wc_q8_sums8(const unsigned char *q, size_t size, size_t codes, int skip, __m256i *k2, __m256i *t) {
    const __m256i zero = _mm256_setzero_si256(), flip = _mm256_set1_epi8((char)0x80);
    __m256i squares[8], sums[8];
    uint32_t zeroCodes[8];
    uint64_t hits = 0;
    for (int j = 0; j < 8; j++) {
        __m256i c = wc_load32(q + size * j + codes);
        __m256i lo = _mm256_cvtepi8_epi16(_mm256_castsi256_si128(c));
        __m256i hi = _mm256_cvtepi8_epi16(_mm256_extracti128_si256(c, 1));
        squares[j] = _mm256_add_epi32(_mm256_madd_epi16(lo, lo), _mm256_madd_epi16(hi, hi));
        sums[j] = _mm256_sad_epu8(_mm256_xor_si256(c, flip), zero);
        zeroCodes[j] = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(c, zero));
        hits += (uint64_t)__builtin_popcount(zeroCodes[j]);
    }
    *k2 = wc_hsum8x8(squares);
    *t = wc_hsum8x8(sums);
    for (unsigned s = (unsigned)skip; __builtin_expect(s != 0, 0); s &= s - 1)  // rare: a unit of 0, whose values the
        hits -= (uint64_t)__builtin_popcount(zeroCodes[__builtin_ctz(s)]);      // caller counts
    return hits;
}

/// wc_q8_sums8 on AVX-512 (the same results): two blocks per vector (the first's codes from a load at its codes,
/// the second's from a load ending at its end, one blend), Σ(k + 128)·k by VPDPBUSD less 128·Σk for Σk², both sets
/// of sums gathered by rounds of VPERMT2D into block order, and the zero codes by compare-into-mask and popcnt (four
/// vector operations a pair fewer than counting them in the second set of sums), those of the blocks in `skip` taken
/// back after, in a branch that is rare (masking them off pair by pair took 30 scalar instructions an eight: 1.08–1.09×
/// without them, benchmarks/kernel_ab_harness.c).
WC_AVX512 uint64_t wc_q8_sums8_avx512(const unsigned char *q, size_t size, size_t codes, int skip, __m256i *k2, __m256i *t) {
    const __m512i zero = _mm512_setzero_si512(), flip = _mm512_set1_epi8((char)0x80);
    const __m512i even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    const __m512i odd = _mm512_add_epi32(even, _mm512_set1_epi32(1));
    __m512i products[4], sums[4];
    uint64_t hits = 0, zeroCodes[4];
    for (int j = 0; j < 4; j++) {
        const unsigned char *a = q + 2 * size * (size_t)j;
        __m512i c = _mm512_mask_blend_epi8(0xFFFFFFFF00000000ull, _mm512_loadu_si512(a + codes),
                                           _mm512_loadu_si512(a + codes + size - 32));
        __m512i u = _mm512_xor_si512(c, flip);  // k + 128, unsigned
        products[j] = _mm512_dpbusd_epi32(zero, u, c);  // per i32 lane Σ(k + 128)·k of four codes
        sums[j] = _mm512_sad_epu8(u, zero);
        zeroCodes[j] = _mm512_cmpeq_epi8_mask(c, zero);  // block 2j at bits 0–31, 2j + 1 at 32–63
        hits += (uint64_t)__builtin_popcountll(zeroCodes[j]);
    }
    for (unsigned s = (unsigned)skip; __builtin_expect(s != 0, 0); s &= s - 1) {  // rare: a unit of 0, whose
        unsigned j = (unsigned)__builtin_ctz(s);                                     // values the caller counts
        hits -= (uint64_t)__builtin_popcountll(zeroCodes[j >> 1] & (j & 1 ? 0xFFFFFFFF00000000ull : 0xFFFFFFFFull));
    }
    // Eight lanes per block → four, two, one (a u64's halves), in block order; the sums likewise (their u64
    // lanes' high halves are 0).
    __m512i p01 = _mm512_add_epi32(_mm512_permutex2var_epi32(products[0], even, products[1]), _mm512_permutex2var_epi32(products[0], odd, products[1]));
    __m512i p23 = _mm512_add_epi32(_mm512_permutex2var_epi32(products[2], even, products[3]), _mm512_permutex2var_epi32(products[2], odd, products[3]));
    __m512i p = _mm512_add_epi32(_mm512_permutex2var_epi32(p01, even, p23), _mm512_permutex2var_epi32(p01, odd, p23));
    __m512i s01 = _mm512_add_epi32(_mm512_permutex2var_epi32(sums[0], even, sums[1]), _mm512_permutex2var_epi32(sums[0], odd, sums[1]));
    __m512i s23 = _mm512_add_epi32(_mm512_permutex2var_epi32(sums[2], even, sums[3]), _mm512_permutex2var_epi32(sums[2], odd, sums[3]));
    __m512i s = _mm512_add_epi32(_mm512_permutex2var_epi32(s01, even, s23), _mm512_permutex2var_epi32(s01, odd, s23));
    __m256i products8 = _mm512_cvtepi64_epi32(_mm512_add_epi64(p, _mm512_srli_epi64(p, 32)));
    *t = _mm512_cvtepi64_epi32(_mm512_add_epi64(s, _mm512_srli_epi64(s, 32)));
    // Σk² = Σ(k + 128)·k − 128·Σk, Σk = Σ(k + 128) − 4096.
    __m256i k1 = _mm256_sub_epi32(*t, _mm256_set1_epi32(4096));
    *k2 = _mm256_sub_epi32(products8, _mm256_slli_epi32(k1, 7));
    return hits;
}

/// The kinds of the eight-block loop (stats_codes_legacy_eight.h): block size, code offset and fallback follow.
enum { WC_EIGHT_Q4_0 = 0, WC_EIGHT_Q5_0 = 1, WC_EIGHT_Q8_0 = 2, WC_EIGHT_Q8_1 = 3 };

#define WC_EIGHT_ATTR WC_AVX2
#define WC_EIGHT_LANES wc_lanes8
#define WC_EIGHT_MOMENTS wc_add_eight_moments8
#define WC_EIGHT_ADD wc_add_eight8
#define WC_EIGHT_FOLD wc_fold8
#define WC_EIGHT_NAME wc_codes_legacy_eight
#define WC_Q4_0_SUMS8 wc_q4_0_sums8
#define WC_Q8_SUMS8 wc_q8_sums8
#define WC_HALVES8(q, size, kind) wc_halves8(q, size)
#include "stats_codes_legacy_eight.h"

#define WC_EIGHT_ATTR WC_AVX512
#define WC_EIGHT_LANES wc_lanes8_512
#define WC_EIGHT_MOMENTS wc_add_eight_moments8_avx512
#define WC_EIGHT_ADD wc_add_eight8_avx512
#define WC_EIGHT_FOLD wc_fold8_avx512
#define WC_EIGHT_NAME wc_codes_legacy_eight_avx512
#define WC_Q4_0_SUMS8 wc_q4_0_sums8  // not reached: Q4_0 on AVX-512 is wc_codes_q4_0_body_avx512 below
#define WC_Q8_SUMS8 wc_q8_sums8_avx512
#define WC_HALVES8(q, size, kind) wc_halves8(q, size)
#include "stats_codes_legacy_eight.h"

WC_AVX2 size_t wc_codes_q4_0_body(const unsigned char *p, size_t blocks, wc_code_sums *acc) {
    return wc_codes_legacy_eight(p, blocks, acc, WC_EIGHT_Q4_0);
}
#include "stats_codes_q4_0_lanes.h"

WC_CODES_KERNEL_WIDE(wc_codes_q4_0)

WC_AVX2 size_t wc_codes_q5_0_body(const unsigned char *p, size_t blocks, wc_code_sums *acc) {
    return wc_codes_legacy_eight(p, blocks, acc, WC_EIGHT_Q5_0);
}
WC_CODES_KERNEL(wc_codes_q5_0)

WC_AVX2 size_t wc_codes_q8_0_body(const unsigned char *p, size_t blocks, wc_code_sums *acc) {
    return wc_codes_legacy_eight(p, blocks, acc, WC_EIGHT_Q8_0);
}
WC_AVX512 size_t wc_codes_q8_0_body_avx512(const unsigned char *p, size_t blocks, wc_code_sums *acc) {
    return wc_codes_legacy_eight_avx512(p, blocks, acc, WC_EIGHT_Q8_0);
}
WC_CODES_KERNEL_WIDE(wc_codes_q8_0)

WC_AVX2 size_t wc_codes_q8_1_body(const unsigned char *p, size_t blocks, wc_code_sums *acc) {
    return wc_codes_legacy_eight(p, blocks, acc, WC_EIGHT_Q8_1);
}
WC_AVX512 size_t wc_codes_q8_1_body_avx512(const unsigned char *p, size_t blocks, wc_code_sums *acc) {
    return wc_codes_legacy_eight_avx512(p, blocks, acc, WC_EIGHT_Q8_1);
}
WC_CODES_KERNEL_WIDE(wc_codes_q8_1)

/// Q4_1 (five = 0) and Q5_1: f16 d, f16 m, [u32 of fifth bits], nibbles; x = d·q + m as a two-unit block.
static inline __attribute__((always_inline, target("avx2,f16c,popcnt,bmi,fma")))
size_t wc_codes_q41_q51_one(const unsigned char *p, size_t blocks, wc_code_sums *acc, int five) {
    const size_t size = five ? 24 : 20;
    const int qmax = five ? 31 : 15;
    for (size_t b = 0; b < blocks; b++, p += size) {
        _mm_prefetch((const char *)(p + 2048), _MM_HINT_T0);
        float d = wc_half(p), m = wc_half(p + 2);
        if (!isfinite(d) || !isfinite(m)) return b;
        __m256i q;
        if (five) {
            uint32_t qh;
            memcpy(&qh, p + 4, 4);
            q = _mm256_or_si256(wc_nibbles(p + 8), wc_bits32(qh));
        } else {
            q = wc_nibbles(p + 4);
        }
        int s[4];
        wc_sums_2x16(q, s);
        wc_two_unit t;
        wc_two_unit_init(&t);
        wc_two_unit_add(&t, 32, 1, 1, s[1] + s[3], s[0] + s[2], d, -m, qmax, wc_count32(q, 0));
        if (!wc_two_unit_exact(&t, d, -m, qmax) || !wc_two_unit_finish(acc, &t, 32, d, -m)) return b;
    }
    return blocks;
}

/// Whether eight Q4_1/Q5_1 blocks (x = d·q + m) can all be summarized here: finite scales, every value exact in
/// float (TwoUnitBlock.isExact with sc = m codes 1), no q with d·q = −m unless m = 0, bounds within the extremes.
WC_AVX2 int wc_eight_offsets_ok(const wc_code_sums *acc, __m128i hd, __m128i hm, __m256 d, __m256 m, int qmax) {
    const __m128i exponent = _mm_set1_epi16(0x7C00);
    __m128i bad = _mm_or_si128(_mm_cmpeq_epi16(_mm_and_si128(hd, exponent), exponent),
                               _mm_cmpeq_epi16(_mm_and_si128(hm, exponent), exponent));
    if (_mm_movemask_epi8(bad)) return 0;
    const __m256 zero = _mm256_setzero_ps(), top = _mm256_set1_ps((float)qmax);
    __m256 dz = _mm256_cmp_ps(d, zero, _CMP_EQ_OQ), mz = _mm256_cmp_ps(m, zero, _CMP_EQ_OQ);
    const __m256i far = _mm256_set1_epi32(100);  // a zero scale adds no bits (and 2^124 stays a normal double)
    __m256i lsb = _mm256_min_epi32(_mm256_blendv_epi8(wc_lowest_bits8(d), far, _mm256_castps_si256(dz)),
                                   _mm256_blendv_epi8(wc_lowest_bits8(m), far, _mm256_castps_si256(mz)));
    lsb = _mm256_add_epi32(lsb, _mm256_set1_epi32(24 + 1023));
    const __m256 magnitude = _mm256_castsi256_ps(_mm256_set1_epi32(0x7FFFFFFF));
    __m256 ad = _mm256_and_ps(d, magnitude), am = _mm256_and_ps(m, magnitude);
    for (int h = 0; h < 2; h++) {
        __m128i e = h ? _mm256_extracti128_si256(lsb, 1) : _mm256_castsi256_si128(lsb);
        __m256d limit = _mm256_castsi256_pd(_mm256_slli_epi64(_mm256_cvtepi32_epi64(e), 52));
        __m256d bound = _mm256_add_pd(_mm256_mul_pd(_mm256_cvtps_pd(h ? _mm256_extractf128_ps(ad, 1) : _mm256_castps256_ps128(ad)),
                                                    _mm256_set1_pd((double)qmax)),
                                      _mm256_cvtps_pd(h ? _mm256_extractf128_ps(am, 1) : _mm256_castps256_ps128(am)));
        __m256d ok = _mm256_or_pd(_mm256_cmp_pd(bound, limit, _CMP_LT_OQ), _mm256_cmp_pd(bound, _mm256_setzero_pd(), _CMP_EQ_OQ));
        if (_mm256_movemask_pd(ok) != 0xF) return 0;
    }
    __m256 ml = _mm256_sub_ps(zero, m), r = _mm256_div_ps(ml, d);  // lanes with d = 0 or m = 0 are masked below
    __m256 whole = _mm256_and_ps(_mm256_cmp_ps(_mm256_round_ps(r, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC), r, _CMP_EQ_OQ),
                                 _mm256_and_ps(_mm256_cmp_ps(r, zero, _CMP_GE_OQ), _mm256_cmp_ps(r, top, _CMP_LE_OQ)));
    if (_mm256_movemask_ps(_mm256_andnot_ps(_mm256_or_ps(dz, mz), whole))) return 0;
    __m256 b = _mm256_add_ps(_mm256_mul_ps(d, top), m);  // exact: checked above
    __m256 lo = _mm256_min_ps(m, b), hi = _mm256_max_ps(m, b);
    const __m256d low = _mm256_set1_pd(acc->low), high = _mm256_set1_pd(acc->high);
    __m256d out = _mm256_or_pd(
        _mm256_or_pd(_mm256_cmp_pd(_mm256_cvtps_pd(_mm256_castps256_ps128(lo)), low, _CMP_LT_OQ),
                     _mm256_cmp_pd(_mm256_cvtps_pd(_mm256_extractf128_ps(lo, 1)), low, _CMP_LT_OQ)),
        _mm256_or_pd(_mm256_cmp_pd(_mm256_cvtps_pd(_mm256_castps256_ps128(hi)), high, _CMP_GT_OQ),
                     _mm256_cmp_pd(_mm256_cvtps_pd(_mm256_extractf128_ps(hi, 1)), high, _CMP_GT_OQ)));
    return _mm256_movemask_pd(out) == 0;
}

/// Q4_1 (five = 0) and Q5_1 eight blocks at a time: packed sums as Q4_0/Q5_0 (zero codes q = 0), the checks of
/// wc_eight_offsets_ok; blocks that fail them go one by one (wc_codes_q41_q51_one).
WC_AVX2 size_t wc_codes_q41_q51_eight(const unsigned char *p, size_t blocks, wc_code_sums *acc, int five) {
    const size_t size = five ? 24 : 20;
    const int qmax = five ? 31 : 15, bits = five ? 15 : 13;
    wc_lanes4 lanes = {_mm256_setzero_pd(), _mm256_setzero_pd(), _mm256_setzero_pd()};
    size_t b = 0;
    while (b < blocks) {
        const unsigned char *q = p + size * b;
        if (blocks - b >= 8) {
            for (size_t k = 0; k < 8 * size; k += 64) _mm_prefetch((const char *)(q + 2048 + k), _MM_HINT_T0);  // hints
            __m128i hd = wc_halves8(q, size), hm = wc_halves8(q + 2, size);
            __m256 d = _mm256_cvtph_ps(hd), m = _mm256_cvtph_ps(hm);
            if (wc_eight_offsets_ok(acc, hd, hm, d, m, qmax)) {
                __m256i t = wc_packed_sums8(q, size, 4, five, bits, _mm256_setzero_si256());
                __m256i sq2 = _mm256_and_si256(t, _mm256_set1_epi32((1 << bits) - 1));
                __m256i sq = _mm256_and_si256(_mm256_srli_epi32(t, bits), _mm256_set1_epi32((1 << (9 + five)) - 1));
                __m256i codes = _mm256_srli_epi32(t, bits + 9 + five);
                __m256i spread = _mm256_sub_epi32(_mm256_slli_epi32(sq2, 5), _mm256_mullo_epi32(sq, sq));
                // Zeros: every value where d = m = 0, the codes q = 0 where only m = 0, none else (checked).
                __m256i dz = _mm256_castps_si256(_mm256_cmp_ps(d, _mm256_setzero_ps(), _CMP_EQ_OQ));
                __m256i mz = _mm256_castps_si256(_mm256_cmp_ps(m, _mm256_setzero_ps(), _CMP_EQ_OQ));
                __m256i zs = _mm256_blendv_epi8(_mm256_and_si256(codes, mz), _mm256_and_si256(mz, _mm256_set1_epi32(32)), dz);
                wc_add_eight(acc, &lanes, 32, d, sq, spread, zs, m, 0);
                b += 8;
                continue;
            }
        }
        wc_fold(acc, &lanes, 32);
        size_t n = blocks - b < 8 ? blocks - b : 8;
        size_t done = wc_codes_q41_q51_one(q, n, acc, five);
        b += done;
        if (done < n) return b;
    }
    wc_fold(acc, &lanes, 32);
    return blocks;
}

WC_AVX2 size_t wc_codes_q4_1_body(const unsigned char *p, size_t blocks, wc_code_sums *acc) {
    return wc_codes_q41_q51_eight(p, blocks, acc, 0);
}
WC_CODES_KERNEL(wc_codes_q4_1)

WC_AVX2 size_t wc_codes_q5_1_body(const unsigned char *p, size_t blocks, wc_code_sums *acc) {
    return wc_codes_q41_q51_eight(p, blocks, acc, 1);
}
WC_CODES_KERNEL(wc_codes_q5_1)

#else

size_t wc_codes_q4_0(const void *src, size_t blocks, wc_code_sums *acc) { (void)src; (void)blocks; (void)acc; return 0; }
size_t wc_codes_q4_0_avx2(const void *src, size_t blocks, wc_code_sums *acc) { (void)src; (void)blocks; (void)acc; return 0; }
size_t wc_codes_q4_0_avx512(const void *src, size_t blocks, wc_code_sums *acc) { (void)src; (void)blocks; (void)acc; return 0; }
size_t wc_codes_q4_1(const void *src, size_t blocks, wc_code_sums *acc) { (void)src; (void)blocks; (void)acc; return 0; }
size_t wc_codes_q5_0(const void *src, size_t blocks, wc_code_sums *acc) { (void)src; (void)blocks; (void)acc; return 0; }
size_t wc_codes_q5_1(const void *src, size_t blocks, wc_code_sums *acc) { (void)src; (void)blocks; (void)acc; return 0; }
size_t wc_codes_q8_0(const void *src, size_t blocks, wc_code_sums *acc) { (void)src; (void)blocks; (void)acc; return 0; }
size_t wc_codes_q8_0_avx2(const void *src, size_t blocks, wc_code_sums *acc) { (void)src; (void)blocks; (void)acc; return 0; }
size_t wc_codes_q8_0_avx512(const void *src, size_t blocks, wc_code_sums *acc) { (void)src; (void)blocks; (void)acc; return 0; }
size_t wc_codes_q8_1(const void *src, size_t blocks, wc_code_sums *acc) { (void)src; (void)blocks; (void)acc; return 0; }
size_t wc_codes_q8_1_avx2(const void *src, size_t blocks, wc_code_sums *acc) { (void)src; (void)blocks; (void)acc; return 0; }
size_t wc_codes_q8_1_avx512(const void *src, size_t blocks, wc_code_sums *acc) { (void)src; (void)blocks; (void)acc; return 0; }

#endif
