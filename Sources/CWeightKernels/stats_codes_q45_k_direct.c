// Statistics from the codes of Q4_K and Q5_K on AVX-512, four blocks at a time with every group's bookkeeping for
// the four in two 512-bit registers (16 groups each): per group Σq² and Σq packed into the two words of one i32
// lane, the four blocks' 32 groups gathered by three rounds of pairwise adds, the scale and min codes of all four
// decoded by byte permutes, the moments' integer sums by VPDPWSSD over the packed words, the zero test by a
// reciprocal estimate checked by one exact product (for an exact block, the same answer as the division of
// wc_zero_inside). A four that needs more, and the last blocks, go through the shared loop
// (wc_codes_q45_k_shared). The integers are wc_two_unit_four's, so the same bits.
// Swift twin: CodeStatistics+KQuants.
#include "stats_codes_kquants.h"
#include "wc_stats_codes.h"

#if defined(__x86_64__) || defined(__i386__)

/// 64 codes, two groups of 32 (a 256-bit half each), as i32 lanes whose sums over a group are Σq² in the low word
/// and Σq in the high word (Σq² ≤ 30752 and Σq ≤ 992 for Q5_K: no carry between them).
WC_AVX512 __m512i wc_q45_k_packed(__m512i q) {
    const __m512i zero = _mm512_setzero_si512();
    return _mm512_dpbusd_epi32(_mm512_slli_epi64(_mm512_sad_epu8(q, zero), 16), q, q);
}

/// Adjacent lanes added: lane j < 8 is a[2j] + a[2j + 1], lane 8 + j is b[2j] + b[2j + 1].
WC_AVX512 __m512i wc_pairs16(__m512i a, __m512i b) {
    const __m512i even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    return _mm512_add_epi32(_mm512_permutex2var_epi32(a, even, b),
                            _mm512_permutex2var_epi32(a, _mm512_add_epi32(even, _mm512_set1_epi32(1)), b));
}

/// After wc_pairs_within of two vectors whose halves hold groups A, B (`a`) and C, D (`b`) — a group at lanes
/// 4k, 4k + 1 (A, C: k = 0, 1; B, D: k = 2, 3) or 4k + 2, 4k + 3 — the four lanes of each group added to two, for
/// two such vectors: lanes 0–7 of the result [A A B B C C D D] of `a`, 8–15 of `b`.
WC_AVX512 __m512i wc_pairs_across(__m512i a, __m512i b) {
    const __m512i first = _mm512_setr_epi32(0, 1, 8, 9, 2, 3, 10, 11, 16, 17, 24, 25, 18, 19, 26, 27);
    return _mm512_add_epi32(_mm512_permutex2var_epi32(a, first, b),
                            _mm512_permutex2var_epi32(a, _mm512_add_epi32(first, _mm512_set1_epi32(4)), b));
}

/// A block's four vectors of packed codes (wc_q45_k_packed), pairwise added once (wc_pairs_within): `first` holds
/// groups 0–3, `second` groups 4–7, four lanes each, as wc_pairs_across takes them.
WC_AVX512 void wc_q45_k_block_sums(const unsigned char *p, int five, __m512i *first, __m512i *second) {
    const __m512i m4 = _mm512_set1_epi8(0x0F), sixteen = _mm512_set1_epi8(0x10);
    // Q5_K: byte l of qh holds the fifth bit of element 32g + l at bit g; both halves of a vector hold qh.
    const __m512i qh = five ? _mm512_broadcast_i64x4(wc_load32(p + 16)) : _mm512_setzero_si512();
    __m512i v[2];
    for (int c = 0; c < 2; c++) {  // 64 bytes: lo nibbles groups 4c, 4c + 2 (a half each), hi nibbles 4c + 1, 4c + 3
        __m512i x = _mm512_loadu_si512(p + (five ? 48 : 16) + 64 * c);
        __m512i lo = _mm512_and_si512(x, m4), hi = wc_high_nibbles(x);
        if (five) {  // qh bit g moved to bit 4 by a shift per 256-bit half (a word shift: bit 4 of each byte comes from
                     // the same byte), then or-ed in under the mask 0x10: lo takes bits 4c and 4c + 2, hi 4c + 1 and 4c + 3
            const __m512i loCount = _mm512_inserti64x4(_mm512_set1_epi16(c ? 0 : 4), _mm256_set1_epi16(2), 1);
            const __m512i hiCount = _mm512_inserti64x4(_mm512_set1_epi16(c ? 1 : 3), _mm256_set1_epi16(c ? 3 : 1), 1);
            __m512i loBits = c ? _mm512_srlv_epi16(qh, loCount) : _mm512_sllv_epi16(qh, loCount);
            __m512i hiBits = c ? _mm512_srlv_epi16(qh, hiCount) : _mm512_sllv_epi16(qh, hiCount);
            lo = _mm512_ternarylogic_epi32(lo, loBits, sixteen, 0xF8);  // a | (b & c)
            hi = _mm512_ternarylogic_epi32(hi, hiBits, sixteen, 0xF8);
        }
        v[c] = wc_pairs_within(wc_q45_k_packed(lo), wc_q45_k_packed(hi));
    }
    *first = v[0];
    *second = v[1];
}

/// The scale codes (mins = 0) or min codes (mins = 1) of groups 0–3 (high = 0) or 4–7 (high = 1) of four blocks,
/// from `heads`, block b's first 16 bytes (d, dmin, the 12 bytes of codes) in its 128-bit lane b: lane 4b + j the
/// code of block b's group order[j] + 4·high, order = {0, 2, 1, 3} (the order the sums end in after
/// wc_pairs_across and wc_pairs16). As wc_k_codes8:
/// groups 0–3 the low six bits of bytes 0–3 (4–7 for mins), groups 4–7 the low (high) nibbles of bytes 8–11 with
/// the top two bits of bytes 0–3 (4–7) above them.
WC_AVX512 __m512i wc_q45_k_codes16(__m512i heads, int mins, int high) {
    // Byte 0 of lane 4b + j from the nibbles' byte (high) or the six bits' byte, byte 1 from the byte whose top
    // bits go above the nibble: block b's code byte k is byte 16b + 4 + k of `heads`.
    const __m512i code = _mm512_setr_epi32(0x0404, 0x0606, 0x0505, 0x0707, 0x1414, 0x1616, 0x1515, 0x1717,
                                           0x2424, 0x2626, 0x2525, 0x2727, 0x3434, 0x3636, 0x3535, 0x3737);
    const __m512i idx = _mm512_add_epi32(code, _mm512_set1_epi32(high ? 8 + (mins << 10) : mins * 0x0404));
    __m512i v = _mm512_maskz_permutexvar_epi8(high ? 0x3333333333333333ull : 0x1111111111111111ull, idx, heads);
    if (!high) return _mm512_and_si512(v, _mm512_set1_epi32(0x3F));
    // v = b0 | b1 << 8: the nibble (b0's low or high four bits) in bits 0–3, b1's top two bits (v's bits 14–15,
    // moved to 4–5 by a shift of 10) above it; bits 6 and up of v >> 10 are 0.
    __m512i nibble = mins ? _mm512_srli_epi32(v, 4) : v;
    return _mm512_ternarylogic_epi32(nibble, _mm512_srli_epi32(v, 10), _mm512_set1_epi32(0x0F), 0xE4);  // c ? a : b
}

/// Zero values of Q4_K (five = 0) or Q5_K group g of the block at p whose min is 0: its codes q = 0.
WC_AVX512 int wc_q45_k_zero_codes(const unsigned char *p, int g, int five) {
    return five ? wc_q5_k_zero_codes(p, g) : wc_q4_k_zero_codes(p, g);
}

/// The first 16 bytes of four blocks at q (d, dmin, the 12 bytes of codes), block b's in 128-bit lane b.
WC_AVX512 __m512i wc_q45_k_heads(const unsigned char *q, size_t size) {
    __m512i heads = _mm512_castsi128_si512(wc_load16(q));
    heads = _mm512_inserti32x4(heads, wc_load16(q + size), 1);
    heads = _mm512_inserti32x4(heads, wc_load16(q + 2 * size), 2);
    return _mm512_inserti32x4(heads, wc_load16(q + 3 * size), 3);
}

/// Groups order[j] + 4h of four blocks (lane 4b + j, as wc_q45_k_codes16): the unit of their codes dl = d·sc and
/// of their mins ml = dmin·m (`units`: d of blocks 0–3, then dmin), the codes sc and m themselves.
WC_AVX512 void wc_q45_k_units16(__m512i heads, __m256 units, int h, __m512i *sc, __m512i *m, __m512 *dl, __m512 *ml) {
    const __m512i blockOf = _mm512_setr_epi32(0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3);
    *sc = wc_q45_k_codes16(heads, 0, h);
    *m = wc_q45_k_codes16(heads, 1, h);
    *dl = _mm512_mul_ps(_mm512_permutexvar_ps(blockOf, _mm512_castps256_ps512(units)), _mm512_cvtepi32_ps(*sc));
    *ml = _mm512_mul_ps(_mm512_permutexvar_ps(_mm512_add_epi32(blockOf, _mm512_set1_epi32(4)), _mm512_castps256_ps512(units)),
                        _mm512_cvtepi32_ps(*m));
}

/// What four blocks hold, before the running sums are looked at: the moments' integer sums a block per lane (lanes
/// 0–3 Σ sc·Σq, 4–7 Σ sc²·Σq², 8–11 Σ sc·m·Σq, 12–15 Σ m | Σ m² << 16), d and dmin, the zero values, and whether
/// they pass every check of wc_two_unit_four that does not depend on the running extremes (ok).
typedef struct {
    __m512i sums;
    __m256 units;
    uint64_t zeros;
    uint32_t counted;  // bit 16h + lane (lanes as wc_q45_k_codes16): a group whose zero values are its codes q = 0
    int ok;
} wc_q45_k_four;

/// Reads four Q4_K (five = 0) or Q5_K blocks at q. Nothing here depends on the sums so far, so the loop reads the
/// next four before it adds this one, and the two overlap.
WC_AVX512 wc_q45_k_four wc_q45_k_four_read(const unsigned char *q, size_t size, int five) {
    wc_q45_k_four f = {_mm512_setzero_si512(), _mm256_setzero_ps(), 0, 0, 0};
    const int qmax = five ? 31 : 15;
    const unsigned char *block[4] = {q, q + size, q + 2 * size, q + 3 * size};
    const __m512i heads = wc_q45_k_heads(q, size);
    // d of the four blocks in words 0–3, dmin in 4–7: NaN/Inf (exponent all ones) go to the shared loop.
    __m128i halves = _mm512_castsi512_si128(_mm512_permutexvar_epi16(
        _mm512_setr_epi32(8 << 16, 24 << 16 | 16, 9 << 16 | 1, 25 << 16 | 17, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), heads));  // words 0, 8, 16, 24, 1, 9, 17, 25
    const __m128i exponent = _mm_set1_epi16(0x7C00);
    if (_mm_movemask_epi8(_mm_cmpeq_epi16(_mm_and_si128(halves, exponent), exponent))) return f;
    f.units = _mm256_cvtph_ps(halves);
    if (!wc_two_unit_four_surely_exact(_mm256_castps256_ps128(f.units), _mm256_extractf128_ps(f.units, 1), qmax, 63)) return f;

    // Per group: whether a code q ≤ qmax has d·sc·q = dmin·m ≠ 0, and its zero values. q is the quotient from a
    // reciprocal estimate (|error| < 2^-13·q) rounded and clamped to 0 … qmax: where the quotient is a whole number
    // in range, q is it, and then the product, exact as every value of an exact block is, equals dmin·m; where it
    // is not, no q can make them equal. (d·sc = 0: the estimate is ±∞ or NaN, clamped to 0 or qmax, and d·sc·q = 0.)
    const __m512 zero = _mm512_setzero_ps(), top = _mm512_set1_ps((float)qmax);
    __m512i sc[2], m[2];
    uint32_t counted = 0;  // bit 16h + lane: a group of min 0 and d·sc ≠ 0, whose codes q = 0 are its zero values
    _Pragma("clang loop unroll(full)")  // sc and m stay in registers
    for (int h = 0; h < 2; h++) {
        __m512 dl, ml;
        wc_q45_k_units16(heads, f.units, h, &sc[h], &m[h], &dl, &ml);
        __m512 r = _mm512_roundscale_ps(_mm512_mul_ps(ml, _mm512_rcp14_ps(dl)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
        r = _mm512_min_ps(_mm512_max_ps(r, zero), top);  // max(NaN, 0) is 0
        __mmask16 mz = _mm512_cmp_ps_mask(ml, zero, _CMP_EQ_OQ), dz = _mm512_cmp_ps_mask(dl, zero, _CMP_EQ_OQ);
        if (_mm512_mask_cmp_ps_mask((__mmask16)~mz, _mm512_mul_ps(dl, r), ml, _CMP_EQ_OQ)) return f;
        // A min of 0: all 32 values zero where d·sc = 0 too, else the codes q = 0.
        f.zeros += 32 * (uint64_t)__builtin_popcount((unsigned)(dz & mz));
        counted |= (uint32_t)(uint16_t)(mz & ~dz) << 16 * h;
    }
    f.counted = counted;

    // The codes' sums: per block two vectors of groups 0–3 and 4–7, then the four blocks' gathered (two more
    // rounds): lane 4b + j of sums[h] is block b's group order[j] + 4h.
    __m512i s[4][2];
    for (int b = 0; b < 4; b++) wc_q45_k_block_sums(block[b], five, &s[b][0], &s[b][1]);
    __m512i sums[2];
    for (int h = 0; h < 2; h++) sums[h] = wc_pairs16(wc_pairs_across(s[0][h], s[1][h]), wc_pairs_across(s[2][h], s[3][h]));

    // The moments' integer sums by VPDPWSSD of the packed words (Σq², Σq) with (sc², 0), (0, sc) and (0, sc·m),
    // both halves into one register (lane 4b + j: two groups of block b); Σ m and Σ m² packed likewise (≤ 504 and
    // ≤ 31752 a block). Each block's sum stays below 2^31 (Σ sc²·Σq² ≤ 8 · 63² · 30752).
    __m512i A = _mm512_setzero_si512(), A2 = A, AM = A, M2 = A;
    for (int h = 0; h < 2; h++) {
        A = _mm512_dpwssd_epi32(A, sums[h], _mm512_slli_epi32(sc[h], 16));
        A2 = _mm512_dpwssd_epi32(A2, sums[h], _mm512_mullo_epi16(sc[h], sc[h]));
        AM = _mm512_dpwssd_epi32(AM, sums[h], _mm512_slli_epi32(_mm512_mullo_epi16(sc[h], m[h]), 16));
        M2 = _mm512_dpwssd_epi32(M2, m[h], m[h]);
    }
    __m512i MC = _mm512_add_epi32(_mm512_add_epi32(m[0], m[1]), _mm512_slli_epi32(M2, 16));
    f.sums = wc_pairs16(wc_pairs16(A, A2), wc_pairs16(AM, MC));  // two more rounds: a block per lane
    f.ok = 1;
    return f;
}

/// Adds four blocks read by wc_q45_k_four_read where they pass every check of wc_two_unit_four, as it would (the
/// same integers, the same double arithmetic), and returns 1; else 0 and nothing added.
WC_AVX512 int wc_q45_k_four_add(wc_code_sums *acc, const wc_q45_k_four *f, const unsigned char *q, size_t size, int five) {
    if (!f->ok) return 0;
    const int qmax = five ? 31 : 15;
    __m256d dd = _mm256_cvtps_pd(_mm256_castps256_ps128(f->units)), dm = _mm256_cvtps_pd(_mm256_extractf128_ps(f->units, 1));
    if (!wc_two_unit_four_surely_inside(acc, dd, dm, qmax, 63)) {
        // Group by group, as wc_two_unit_four_widens: values −ml … dl·qmax − ml against the extremes as floats.
        wc_bounds bounds = wc_bounds_of(acc);
        const __m512 low = _mm512_set1_ps(bounds.low), high = _mm512_set1_ps(bounds.high), top = _mm512_set1_ps((float)qmax);
        const __m512i heads = wc_q45_k_heads(q, size);
        for (int h = 0; h < 2; h++) {
            __m512i sc, m;
            __m512 dl, ml;
            wc_q45_k_units16(heads, f->units, h, &sc, &m, &dl, &ml);
            __m512 a = _mm512_sub_ps(_mm512_setzero_ps(), ml), b = _mm512_sub_ps(_mm512_mul_ps(dl, top), ml);
            if (_mm512_cmp_ps_mask(_mm512_min_ps(a, b), low, _CMP_LT_OQ) | _mm512_cmp_ps_mask(_mm512_max_ps(a, b), high, _CMP_GT_OQ))
                return 0;
        }
    }
    __m128i packedMins = _mm512_extracti32x4_epi32(f->sums, 3);
    wc_two_unit_four_add(acc, 256, 32, dd, dm, _mm512_castsi512_si128(f->sums), _mm512_extracti32x4_epi32(f->sums, 1),
                         _mm512_extracti32x4_epi32(f->sums, 2), _mm_and_si128(packedMins, _mm_set1_epi32(0xFFFF)),
                         _mm_srli_epi32(packedMins, 16));
    acc->zeros += f->zeros;
    // The groups of min 0 and d·sc ≠ 0, rare in real files but not in random bytes (1 code in 64): counted here, a
    // four after they were found, where the branch's condition is long known and a misprediction costs little (in
    // the read it cost a quarter of the time on random blocks).
    for (uint32_t counted = f->counted; counted; counted &= counted - 1) {
        static const int order[4] = {0, 2, 1, 3};
        unsigned lane = (unsigned)__builtin_ctz(counted);
        acc->zeros += (uint64_t)wc_q45_k_zero_codes(q + size * ((lane >> 2) & 3), order[lane & 3] + 4 * (lane >> 4), five);
    }
    return 1;
}

/// wc_q45_k_four_read out of line, one copy per type: inlined in the loop, it left 16 vector spills in slots the frame
/// does not align to 64 bytes; out of line it has none, and the four comes back in an aligned record.
__attribute__((noinline, target(WC_AVX512_FEATURES))) static wc_q45_k_four wc_q4_k_four_read(const unsigned char *q) {
    return wc_q45_k_four_read(q, 144, 0);
}
__attribute__((noinline, target(WC_AVX512_FEATURES))) static wc_q45_k_four wc_q5_k_four_read(const unsigned char *q) {
    return wc_q45_k_four_read(q, 176, 1);
}

/// Q4_K (five = 0) and Q5_K on AVX-512: four blocks at a time, each read (wc_q45_k_four_read) while the one before
/// is added (wc_q45_k_four_add); a four that needs more, and the last blocks, as the shared loop takes them, and the
/// loop goes on after such a four.
WC_AVX512 size_t wc_codes_q45_k_direct(const unsigned char *p, size_t blocks, wc_code_sums *out, int five) {
    const size_t size = five ? 176 : 144;
    wc_code_sums local = *out, *acc = &local;  // a copy: the block bytes are chars, which may alias *out
    size_t b = 0;
    wc_q45_k_four four = blocks >= 4 ? (five ? wc_q5_k_four_read(p) : wc_q4_k_four_read(p)) : (wc_q45_k_four){0};
    while (blocks - b >= 4) {
        const unsigned char *q = p + size * b;
        for (size_t k = 0; k < 4 * size; k += 64) _mm_prefetch((const char *)(q + 2048 + k), _MM_HINT_T0);  // hints
        const int more = blocks - b >= 8;
        wc_q45_k_four next = more ? (five ? wc_q5_k_four_read(q + 4 * size) : wc_q4_k_four_read(q + 4 * size)) : four;
        if (!wc_q45_k_four_add(acc, &four, q, size, five)) {
            size_t done = wc_codes_q45_k_shared(q, 4, acc, five);
            if (done < 4) {
                *out = local;
                return b + done;
            }
        }
        b += 4;
        four = next;
    }
    b += wc_codes_q45_k_shared(p + size * b, blocks - b, acc, five);
    *out = local;
    return b;
}


/// The loop above with `five` a constant, so that each type's loop is compiled for it.
__attribute__((target(WC_AVX512_FEATURES))) size_t wc_codes_q45_k_direct_avx512(const unsigned char *p, size_t blocks,
                                                                               wc_code_sums *acc, int five) {
    return five ? wc_codes_q45_k_direct(p, blocks, acc, 1) : wc_codes_q45_k_direct(p, blocks, acc, 0);
}

#endif
