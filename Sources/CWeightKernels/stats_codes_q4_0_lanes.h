// Q4_0 on AVX-512 with each block's numbers in one 64-bit lane, in block order (wc_codes_q4_0_body_avx512): the
// units' range test, an eight's reading and adding, the eights loop and the driver that hands the rest to the
// one-block-at-a-time loop as the eight-block loop (stats_codes_legacy_eight.h) would, so the same bits. Private to
// stats_codes_legacy.c, included after its one-block loops and lanes.
#ifndef WC_STATS_CODES_Q4_0_LANES_H
#define WC_STATS_CODES_Q4_0_LANES_H

/// The order-key range of wc_unit_keys in the top 16 bits of 64-bit lanes (the bits below 0): a key k is inside
/// when k − low ≤ range as unsigned 64-bit numbers; an empty range (no unit fits) flags every key.
typedef struct { __m512i low, range; } wc_unit_range64;

WC_AVX512 wc_unit_range64 wc_unit_range64_of(wc_bounds bounds) {
    wc_unit_keys keys = wc_unit_keys_of(bounds, -8, 7);
    long long high = (int16_t)_mm_extract_epi16(keys.high, 0), low = (int16_t)_mm_extract_epi16(keys.low, 0);
    wc_unit_range64 r;
    if (high < low) {  // k − 1 > 0 for every k (its low bits are 0)
        r.low = _mm512_set1_epi64(1);
        r.range = _mm512_setzero_si512();
    } else {
        r.low = _mm512_set1_epi64((long long)((uint64_t)low << 48));
        r.range = _mm512_set1_epi64((long long)((uint64_t)(high - low) << 48));
    }
    return r;
}

/// What wc_q4_0_eights_avx512 reads of one eight at q whose units `h` are inside: the units as doubles, Σk and the
/// spread a block per lane, and the zero values.
typedef struct { __m512d d, k1, spread; uint64_t zeros; } wc_q4_0_eight;

WC_AVX512 wc_q4_0_eight wc_q4_0_eight_read(const unsigned char *q, __m512i h) {
    // The codes of blocks 0, 2, 4, 6 (at 2, 38, 74, 110) from loads at q + 2 and q + 62, and of blocks 1, 3, 5, 7
    // (20, 56, 92, 128) from loads at q + 20 and q + 80: the same indices, a block per 128-bit lane.
    static const unsigned char codeIndex[64] = {
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
        36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51,
        76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91,
        112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127};
    const __m512i codes = _mm512_loadu_si512(codeIndex);
    const __m512i m4 = _mm512_set1_epi8(0x0F), eight = _mm512_set1_epi8(8), zero = _mm512_setzero_si512();
    const __m512i halfBits = _mm512_set1_epi64((long long)(0x8000000000000000ull | (0x7FFFull << 42)));
    const __m512i exponent52 = _mm512_set1_epi64(0x4330000000000000ll), low16 = _mm512_set1_epi64(0xFFFF);
    wc_q4_0_eight e;
    const unsigned zeroUnits = _mm512_testn_epi64_mask(h, _mm512_set1_epi64((long long)(0x7FFFull << 48)));  // units ±0
    e.d = _mm512_mul_pd(_mm512_castsi512_pd(_mm512_and_si512(_mm512_srai_epi32(h, 6), halfBits)), _mm512_set1_pd(0x1p1008));
    __m512i r[2] = {_mm512_permutex2var_epi8(_mm512_loadu_si512(q + 2), codes, _mm512_loadu_si512(q + 62)),
                    _mm512_permutex2var_epi8(_mm512_loadu_si512(q + 20), codes, _mm512_loadu_si512(q + 80))};
    __m512i v[2];
    uint64_t centre[2][2];  // per vector, of the low and the high nibbles: bit 16i + o for block 2i + k's byte o
    for (int k = 0; k < 2; k++) {  // k = 0: blocks 0, 2, 4, 6; k = 1: 1, 3, 5, 7
        __m512i lo = _mm512_and_si512(r[k], m4), hi = wc_high_nibbles(r[k]);
        // Per i32 lane: Σq² of eight codes; per i64 lane: + 2^16·Σq of sixteen, the VPDPBUSDs adding into the shifted
        // sums (one VPADDD fewer: 1.025–1.041×, benchmarks/kernel_ab_harness.c).
        __m512i sums = _mm512_slli_epi64(_mm512_sad_epu8(_mm512_add_epi8(lo, hi), zero), 16);
        v[k] = _mm512_dpbusd_epi32(_mm512_dpbusd_epi32(sums, lo, lo), hi, hi);
        centre[k][0] = _mm512_cmpeq_epi8_mask(lo, eight);
        centre[k][1] = _mm512_cmpeq_epi8_mask(hi, eight);
    }
    e.zeros = (uint64_t)(__builtin_popcountll(centre[0][0]) + __builtin_popcountll(centre[0][1]) +
                         __builtin_popcountll(centre[1][0]) + __builtin_popcountll(centre[1][1]));
    for (unsigned j = zeroUnits; __builtin_expect(j != 0, 0); j &= j - 1) {  // rare: all 32 values, less the
        int block = __builtin_ctz(j), at = 16 * (block >> 1);                 // centre codes counted
        uint64_t low = block & 1 ? centre[1][0] : centre[0][0], high = block & 1 ? centre[1][1] : centre[0][1];
        e.zeros += 32 - (uint64_t)__builtin_popcountll(((low >> at) & 0xFFFF) | ((high >> at) & 0xFFFF) << 16);
    }
    // Within each 128-bit lane k: [v0's lanes 0 + 1, 2 + 3, v1's 0 + 1, 2 + 3], so u64 lane j holds block j's two
    // halves; their sum in its low 32 bits (< 2^25).
    __m512i w = wc_pairs_within(v[0], v[1]);
    __m512i t = _mm512_add_epi64(w, _mm512_srli_epi64(w, 32));
    __m512i sq2 = _mm512_and_si512(t, low16), sq = _mm512_and_si512(_mm512_srli_epi64(t, 16), low16);
    // Σk = Σq − 256; the spread 32·Σk² − (Σk)² is 32·Σq² − (Σq)² (≥ 0).
    e.k1 = _mm512_sub_pd(_mm512_castsi512_pd(_mm512_or_si512(sq, exponent52)), _mm512_set1_pd(0x1p52 + 256));
    __m512i spreadBits = _mm512_sub_epi64(_mm512_slli_epi64(sq2, 5), _mm512_mul_epu32(sq, sq));
    e.spread = _mm512_sub_pd(_mm512_castsi512_pd(_mm512_or_si512(spreadBits, exponent52)), _mm512_set1_pd(0x1p52));
    return e;
}

/// The units of the eight at q in the top 16 bits of its 64-bit lanes (bytes 18j, 18j + 1 to bytes 6–7 of lane j,
/// from two loads, at q and q + 64), and whether one is outside `inside` (its order key, bits ^ ((bits >> 15) &
/// 0x7FFF) as wc_units_outside makes it, tested by one unsigned compare).
WC_AVX512 __m512i wc_q4_0_units(const unsigned char *q, wc_unit_range64 inside, int *outside) {
    static const unsigned char unitIndex[64] = {
        0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 18, 19, 0, 0, 0, 0, 0, 0, 36, 37, 0, 0, 0, 0, 0, 0, 54, 55,
        0, 0, 0, 0, 0, 0, 72, 73, 0, 0, 0, 0, 0, 0, 90, 91, 0, 0, 0, 0, 0, 0, 108, 109, 0, 0, 0, 0, 0, 0, 126, 127};
    const __m512i magnitude = _mm512_set1_epi64((long long)(0x7FFFull << 48));
    __m512i h = _mm512_maskz_permutex2var_epi8(0xC0C0C0C0C0C0C0C0ull, _mm512_loadu_si512(q), _mm512_loadu_si512(unitIndex),
                                               _mm512_loadu_si512(q + 64));
    __m512i key = _mm512_ternarylogic_epi64(h, _mm512_srai_epi64(h, 63), magnitude, 0x78);  // a ^ (b & c)
    *outside = _mm512_cmpgt_epu64_mask(_mm512_sub_epi64(key, inside.low), inside.range) != 0;
    return h;
}

/// Adds an eight read by wc_q4_0_eight_read: wc_add_eight_moments8_avx512's operations (offset 0, n = 32) on the
/// same numbers; `c`, n·(offset − shift), is set again with the shift, apart from the shift's test, so that no
/// select ties each eight's sums to the eight before.
WC_AVX512 void wc_q4_0_eight_add(wc_code_sums *acc, wc_lanes8_512 *l, __m512d *c, const wc_q4_0_eight *e) {
    if (__builtin_expect(acc->values == 0, 0)) {
        acc->shift = _mm512_cvtsd_f64(e->d) * _mm512_cvtsd_f64(e->k1) / 32 + 0.0;
        *c = _mm512_mul_pd(_mm512_sub_pd(_mm512_setzero_pd(), _mm512_set1_pd(acc->shift)), _mm512_set1_pd(32.0));
    }
    __m512d u = _mm512_fmadd_pd(e->d, e->k1, *c);
    l->sum = _mm512_add_pd(l->sum, u);
    l->between = _mm512_fmadd_pd(u, u, l->between);
    l->within = _mm512_fmadd_pd(_mm512_mul_pd(e->d, e->d), e->spread, l->within);
    acc->values += 8 * 32;
    acc->zeros += e->zeros;
}

/// The Q4_0 eights at p (whole ones of `blocks`) from the first up to the first whose unit is NaN/Inf or could pass
/// the extremes (`inside`: the range of the units' order keys that cannot, wc_unit_range64_of), each block's numbers
/// in one 64-bit lane, in block order, so that no conversion instruction is needed:
/// - the f16 units gathered into the top 16 bits of the lanes by one VPERMT2B, their order keys tested there (one
///   unsigned compare; wc_q4_0_units), and made doubles by a shift, a mask and a multiply by 2^1008 (as the F16
///   statistics loop, stats_half.c, makes them);
/// - the codes of blocks 0, 2, 4, 6 and of 1, 3, 5, 7 gathered by one VPERMT2B each, so that after VPDPBUSD and
///   VPSADBW one pair of VSHUFPS and two adds leave each block's Σq² + 2^16·Σq in its own lane; Σq − 256 and the
///   spread as doubles by the exponent trick (the integer OR-ed under 2^52's exponent, 2^52 taken away);
/// - the centre codes counted over all eight, and taken back where a unit is 0 (rare; wc_q4_0_eight_read);
/// - two eights a turn where both are inside, both read before either is added.
/// The moments are wc_add_eight_moments8_avx512's operations on the same numbers, and the lanes are folded on the
/// way out, as the eight-block loop folds them before a block that goes one by one and at its end: the same bits.
/// Returns the blocks done, a multiple of 8. Out of line, on its own copy of the sums, so that nothing of the rare
/// paths and no store to the sums (the blocks are chars, which may alias them) takes its registers.
static __attribute__((noinline, target(WC_AVX512_FEATURES)))
size_t wc_q4_0_eights_avx512(const unsigned char *p, size_t blocks, wc_code_sums *out, wc_unit_range64 inside) {
    wc_code_sums local = *out, *acc = &local;
    wc_lanes8_512 lanes;
    memset(&lanes, 0, sizeof lanes);
    __m512d c = _mm512_mul_pd(_mm512_sub_pd(_mm512_setzero_pd(), _mm512_set1_pd(acc->shift)), _mm512_set1_pd(32.0));
    size_t b = 0;
    while (blocks - b >= 8) {
        const unsigned char *q = p + 18 * b;
        for (size_t k = 0; k < 288; k += 64) _mm_prefetch((const char *)(q + 2048 + k), _MM_HINT_T0);  // hints
        int outside, outside2 = 1;
        __m512i h = wc_q4_0_units(q, inside, &outside);
        if (outside) break;
        __m512i h2 = blocks - b >= 16 ? wc_q4_0_units(q + 144, inside, &outside2) : h;
        wc_q4_0_eight e = wc_q4_0_eight_read(q, h);
        if (!outside2) {
            wc_q4_0_eight e2 = wc_q4_0_eight_read(q + 144, h2);
            wc_q4_0_eight_add(acc, &lanes, &c, &e);
            wc_q4_0_eight_add(acc, &lanes, &c, &e2);
            b += 16;
        } else {
            wc_q4_0_eight_add(acc, &lanes, &c, &e);
            b += 8;
        }
    }
    wc_fold8_avx512(acc, &lanes, 32);
    *out = local;
    return b;
}

/// Q4_0 on AVX-512: the eights that stay inside the extremes by wc_q4_0_eights_avx512, the others and the last
/// blocks one by one (wc_codes_q4_0_one), as the eight-block loop takes them (its folds included), so the same bits.
/// On a Zen 4, `bench` (from memory, best of 3 alternating runs) 14.02 → 14.83 GB/s against the eight-block loop, of
/// which two eights a turn 1.02–1.03 (benchmarks/kernel_ab_harness.c: 1.021–1.038). The eight-block loop also ran at
/// 10–12 GB/s in some processes (3 runs in about 25), 14.1–14.4 in the rest; this one at 14.9–15.3 in every run.
WC_AVX512 size_t wc_codes_q4_0_body_avx512(const unsigned char *p, size_t blocks, wc_code_sums *acc) {
    wc_bounds bounds = wc_bounds_of(acc);
    wc_unit_range64 inside = wc_unit_range64_of(bounds);
    size_t b = 0;
    for (;;) {
        b += wc_q4_0_eights_avx512(p + 18 * b, blocks - b, acc, inside);
        size_t n = blocks - b < 8 ? blocks - b : 8;  // an eight with a unit outside, or the last blocks
        if (n == 0) return b;
        size_t done = wc_codes_q4_0_one(p + 18 * b, n, acc);
        b += done;
        if (done < n) return b;
        wc_bounds now = wc_bounds_of(acc);
        if (now.low != bounds.low || now.high != bounds.high) {  // widened: new keys
            bounds = now;
            inside = wc_unit_range64_of(bounds);
        }
        if (n < 8) {  // the eight-block loop's last fold, of empty lanes (+0.0: a −0 sum becomes +0)
            wc_lanes8_512 empty;
            memset(&empty, 0, sizeof empty);
            wc_fold8_avx512(acc, &empty, 32);
            return b;
        }
    }
}

#endif
