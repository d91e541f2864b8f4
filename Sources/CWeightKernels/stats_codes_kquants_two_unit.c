// Statistics from the codes of the two-unit K-quants (x = d·sc·q − dmin·m): Q2_K, Q4_K and Q5_K on AVX2. Per
// group Σq², Σq packed into one i32 lane, a block's groups summed by one hadd tree, the group bookkeeping eight
// groups per instruction, and four blocks' checks and double arithmetic together, a block per lane
// (wc_two_unit_four; a four with any block that needs more goes block by block, wc_two_unit8, or value by value).
// Q4_K and Q5_K also have an AVX-512 kernel (stats_codes_q45_k_direct.c; the same bits, picked at run time), which
// hands a four that needs more to this file's four-block loop (wc_codes_q45_k_shared). Swift twin:
// CodeStatistics+KQuants (which also takes every block these stop before).
#include "stats_codes_kquants.h"
#include "wc_stats_codes.h"

#if defined(__x86_64__) || defined(__i386__)

#pragma clang fp contract(off)  // d·sc·q − dmin·m as ggml rounds it: a product, then a difference

static const int wc_plain_order[8] = {0, 1, 2, 3, 4, 5, 6, 7};

/// A two-unit block (x = d·sc·q − dmin·m) of `vectors` × 8 groups of n values, lane j of vector v being group
/// group[8v + j]: Σq sq, Σq² sq2, scale codes sc, min codes m. Adds it and returns 1, or returns 0 when the
/// Swift kernel must take it: values that may round (checked first, as TwoUnitBlock.isExact), new extremes,
/// or a group where d·sc·q = dmin·m for some q (Q2_K: the three products compared; else a float division,
/// exact when that holds, so none is missed). The zero codes (q = 0) of a group whose min is 0 come from `zeroCounts`
/// (per group, in the lanes of `sq`) where given, added whatever the min (Q2_K: with 16 groups of 4-bit mins,
/// a branch on it mispredicts), else from `zeroCodes(p, group)` for the rare such group.
WC_AVX2 int wc_two_unit8(wc_code_sums *acc, int vectors, int n, const __m256i *sq, const __m256i *sq2, const __m256i *sc,
                         const __m256i *m, const int *group, float d, float dmin, int qmax, const unsigned char *p,
                         wc_zero_codes zeroCodes, const __m256i *zeroCounts) {
    __m256i scMax = sc[0], mMax = m[0];
    for (int v = 1; v < vectors; v++) { scMax = _mm256_max_epi32(scMax, sc[v]); mMax = _mm256_max_epi32(mMax, m[v]); }
    wc_two_unit t;
    wc_two_unit_init(&t);
    t.scMax = wc_hmax8(scMax);
    t.mMax = wc_hmax8(mMax);
    if (!wc_two_unit_exact(&t, d, dmin, qmax)) return 0;
    const __m256 dv = _mm256_set1_ps(d), mv = _mm256_set1_ps(dmin), top = _mm256_set1_ps((float)qmax), zero = _mm256_setzero_ps();
    __m256 lo = _mm256_set1_ps(INFINITY), hi = _mm256_set1_ps(-INFINITY);
    __m256i e[8] = {_mm256_setzero_si256(), _mm256_setzero_si256(), _mm256_setzero_si256(), _mm256_setzero_si256(),
                    _mm256_setzero_si256(), _mm256_setzero_si256(), _mm256_setzero_si256(), _mm256_setzero_si256()};
    int zeros = 0;
    __m256i zeroCodeLanes = _mm256_setzero_si256();
    for (int v = 0; v < vectors; v++) {
        __m256 dl = _mm256_mul_ps(dv, _mm256_cvtepi32_ps(sc[v])), ml = _mm256_mul_ps(mv, _mm256_cvtepi32_ps(m[v]));
        // Exact in float once the block is (every bound is one of its values).
        __m256 a = _mm256_sub_ps(zero, ml), b = _mm256_sub_ps(_mm256_mul_ps(dl, top), ml);
        lo = _mm256_min_ps(lo, _mm256_min_ps(a, b));
        hi = _mm256_max_ps(hi, _mm256_max_ps(a, b));
        __m256 dz = _mm256_cmp_ps(dl, zero, _CMP_EQ_OQ), mz = _mm256_cmp_ps(ml, zero, _CMP_EQ_OQ);
        zeros += n * __builtin_popcount((unsigned)_mm256_movemask_ps(_mm256_and_ps(dz, mz)));
        unsigned codes = (unsigned)_mm256_movemask_ps(_mm256_andnot_ps(dz, mz));
        if (zeroCounts) {  // branch-free: whether a group's min is 0 is as good as random
            zeroCodeLanes = _mm256_add_epi32(zeroCodeLanes, _mm256_and_si256(zeroCounts[v], _mm256_castps_si256(_mm256_andnot_ps(dz, mz))));
            codes = 0;
        }
        while (codes) {
            zeros += zeroCodes(p, group[8 * v + __builtin_ctz(codes)]);
            codes &= codes - 1;
        }
        __m256 whole = wc_zero_inside(dl, ml, qmax);
        if (_mm256_movemask_ps(_mm256_andnot_ps(_mm256_or_ps(dz, mz), whole))) return 0;
        __m256i scq = _mm256_mullo_epi32(sc[v], sq[v]);
        e[0] = _mm256_add_epi32(e[0], scq);
        e[1] = _mm256_add_epi32(e[1], _mm256_mullo_epi32(_mm256_mullo_epi32(sc[v], sc[v]), sq2[v]));
        e[2] = _mm256_add_epi32(e[2], _mm256_mullo_epi32(scq, m[v]));
        e[3] = _mm256_add_epi32(e[3], m[v]);
        e[4] = _mm256_add_epi32(e[4], _mm256_mullo_epi32(m[v], m[v]));
    }
    if (zeroCounts) zeros += (int)wc_hsum8_64(zeroCodeLanes);
    if ((double)wc_hmin8f(lo) < acc->low || (double)wc_hmax8f(hi) > acc->high) return 0;
    __m256i s = wc_hsum8x8(e);  // each ≤ 2^30 (Q5_K: Σ sc²·Σq² ≤ 8 · 63² · 30752)
    t.sA = _mm256_extract_epi32(s, 0);
    t.sA2 = _mm256_extract_epi32(s, 1);
    t.sAM = _mm256_extract_epi32(s, 2);
    t.sM = (int64_t)n * _mm256_extract_epi32(s, 3);
    t.sM2 = (int64_t)n * _mm256_extract_epi32(s, 4);
    t.zeros = zeros;
    t.low = acc->low;  // checked above: the finish adds without looking again
    t.high = acc->high;
    return wc_two_unit_finish(acc, &t, vectors * 8 * n, d, dmin);
}


/// The 6-bit scale codes (mins = 0) or min codes (mins = 1) of Q4_K/Q5_K's eight groups from their 12 bytes at p,
/// as eight i32 lanes, built in two u32 on the integer units (eight int stores read back as one vector would miss
/// store forwarding): bytes 0–3 (4–7) hold the low six bits of codes 0–3, bytes 8–11 the low (high) nibbles of
/// codes 4–7, the two top bits of each byte 0–3 (4–7) their fifth and sixth bits.
WC_AVX2 __m256i wc_k_codes8(const unsigned char *p, int mins) {
    uint32_t a, b;
    memcpy(&a, p + 4 * mins, 4);
    memcpy(&b, p + 8, 4);
    uint32_t first = a & 0x3F3F3F3Fu, second = ((b >> (4 * mins)) & 0x0F0F0F0Fu) | (((a >> 6) & 0x03030303u) << 4);
    return _mm256_cvtepu8_epi32(_mm_cvtsi64_si128((long long)((uint64_t)second << 32 | first)));
}

/// Q4_K (five = 0) and Q5_K's block at p: its scales, and per group g (lane g) the scale and min codes, Σq and
/// Σq² (packed sums, Q4_K: Σq² ≤ 7200, Σq ≤ 480 at bit 13; Q5_K: ≤ 30752, ≤ 992 at bit 15, in one hadd tree).
WC_AVX2 void wc_q45_k_sums(const unsigned char *p, int five, float *d, float *dmin, __m256i *sc, __m256i *m, __m256i *sq,
                           __m256i *sq2) {
    const int shift = five ? 15 : 13;
    const __m256i m4 = _mm256_set1_epi8(0x0F), sixteen = _mm256_set1_epi8(0x10);
    *d = wc_half(p);
    *dmin = wc_half(p + 2);
    *sc = wc_k_codes8(p + 4, 0);
    *m = wc_k_codes8(p + 4, 1);
    __m256i qh = wc_load32(p + 16), v[8];  // Q5_K: byte l holds the fifth bit of element 32g + l at bit g
    for (int c = 0; c < 4; c++) {
        __m256i x = wc_load32(p + (five ? 48 : 16) + 32 * c);
        __m256i lo = _mm256_and_si256(x, m4), hi = _mm256_and_si256(_mm256_srli_epi16(x, 4), m4);
        if (five) {  // bit 2c (2c + 1) of each qh byte moved to bit 4: one shift and a mask
            __m256i b0 = 2 * c <= 4 ? _mm256_slli_epi16(qh, 4 - 2 * c) : _mm256_srli_epi16(qh, 2 * c - 4);
            __m256i b1 = 2 * c + 1 <= 4 ? _mm256_slli_epi16(qh, 3 - 2 * c) : _mm256_srli_epi16(qh, 2 * c - 3);
            lo = _mm256_or_si256(lo, _mm256_and_si256(b0, sixteen));
            hi = _mm256_or_si256(hi, _mm256_and_si256(b1, sixteen));
        }
        v[2 * c] = wc_pack(lo, shift, 0, 0);
        v[2 * c + 1] = wc_pack(hi, shift, 0, 0);
    }
    __m256i t = wc_hsum8x8(v);
    *sq2 = _mm256_and_si256(t, _mm256_set1_epi32((1 << shift) - 1));
    *sq = _mm256_srli_epi32(t, shift);
}

/// Q4_K (five = 0) and Q5_K block by block: the bookkeeping in wc_two_unit8, else value by value.
WC_AVX2 size_t wc_codes_q45_k_one(const unsigned char *p, size_t blocks, wc_code_sums *acc, int five) {
    const size_t size = five ? 176 : 144;
    for (size_t b = 0; b < blocks; b++, p += size) {
        for (size_t k = 0; k < size; k += 64) _mm_prefetch((const char *)(p + 2048 + k), _MM_HINT_T0);
        float d, dmin;
        __m256i sc, m, sq, sq2;
        wc_q45_k_sums(p, five, &d, &dmin, &sc, &m, &sq, &sq2);
        if (!isfinite(d) || !isfinite(dmin)) return b;
        if (!wc_two_unit8(acc, 1, 32, &sq, &sq2, &sc, &m, wc_plain_order, d, dmin, five ? 31 : 15, p,
                          five ? wc_q5_k_zero_codes : wc_q4_k_zero_codes, NULL)) {
            float x[256];  // values that may round, a zero only they show, or new extremes: value by value
            int scales[8], mins[8];  // the codes wc_q45_k_sums decoded, lane g group g
            _mm256_storeu_si256((__m256i *)scales, sc);
            _mm256_storeu_si256((__m256i *)mins, m);
            const __m256i m4 = _mm256_set1_epi8(0x0F), one = _mm256_set1_epi8(1);
            for (int g = 0; g < 8; g++) {
                __m256 dl = _mm256_set1_ps(d * (float)scales[g]), ml = _mm256_set1_ps(dmin * (float)mins[g]);
                __m256i y = wc_load32(p + (five ? 48 : 16) + 32 * (g >> 1));
                __m256i v = _mm256_and_si256(g & 1 ? _mm256_srli_epi16(y, 4) : y, m4);
                if (five) v = _mm256_or_si256(v, _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(wc_load32(p + 16), g), one), 4));
                wc_codes_to_floats(v, 32, dl, ml, x + 32 * g);
            }
            wc_add_values(acc, x, 256);
        }
    }
    return blocks;
}

/// Whether every value of four two-unit blocks is exact in float, each tested as wc_two_unit_exact does (scale and
/// min codes sc, m: `vectors` per block, block i's at vectors·i + v; d and dmin a block per lane).
WC_AVX2 int wc_two_unit_four_exact(int vectors, int qmax, __m128 dv, __m128 mv, const __m256i *sc, const __m256i *m) {
    __m256i extremes[8];
    for (int i = 0; i < 4; i++) {
        __m256i scMax = sc[vectors * i], mMax = m[vectors * i];
        for (int v = 1; v < vectors; v++) {
            scMax = _mm256_max_epi32(scMax, sc[vectors * i + v]);
            mMax = _mm256_max_epi32(mMax, m[vectors * i + v]);
        }
        extremes[i] = scMax;
        extremes[4 + i] = mMax;
    }
    __m256i maxima = wc_hmax8x8(extremes);  // lanes 0–3: max sc of blocks 0–3; 4–7: max m
    __m128i scMax = _mm256_castsi256_si128(maxima), mMax = _mm256_extracti128_si256(maxima, 1);
    __m256i lowest = wc_lowest_bits8(_mm256_set_m128(mv, dv));
    const __m128i far = _mm_set1_epi32(100);  // an unused scale adds no bits (and 2^124 stays a normal double)
    __m128i useD = _mm_andnot_si128(_mm_castps_si128(_mm_cmpeq_ps(dv, _mm_setzero_ps())), _mm_cmpgt_epi32(scMax, _mm_setzero_si128()));
    __m128i useM = _mm_andnot_si128(_mm_castps_si128(_mm_cmpeq_ps(mv, _mm_setzero_ps())), _mm_cmpgt_epi32(mMax, _mm_setzero_si128()));
    __m128i lsb = _mm_min_epi32(_mm_blendv_epi8(far, _mm256_castsi256_si128(lowest), useD),
                                _mm_blendv_epi8(far, _mm256_extracti128_si256(lowest, 1), useM));
    __m256d limit = _mm256_castsi256_pd(_mm256_slli_epi64(_mm256_cvtepi32_epi64(_mm_add_epi32(lsb, _mm_set1_epi32(24 + 1023))), 52));
    const __m128 magnitude = _mm_castsi128_ps(_mm_set1_epi32(0x7FFFFFFF));
    __m256d bound = _mm256_add_pd(_mm256_mul_pd(_mm256_cvtps_pd(_mm_and_ps(dv, magnitude)),
                                                _mm256_cvtepi32_pd(_mm_mullo_epi32(scMax, _mm_set1_epi32(qmax)))),
                                  _mm256_mul_pd(_mm256_cvtps_pd(_mm_and_ps(mv, magnitude)), _mm256_cvtepi32_pd(mMax)));
    __m256d exact = _mm256_or_pd(_mm256_cmp_pd(bound, _mm256_setzero_pd(), _CMP_LE_OQ), _mm256_cmp_pd(bound, limit, _CMP_LT_OQ));
    return _mm256_movemask_pd(exact) == 0xF;
}

/// Whether a group of four exact two-unit blocks could pass the running extremes (`bounds`, wc_bounds_of the sums):
/// each group's values −ml … dl·qmax − ml in float (exact in an exact block), as wc_two_unit8 bounds them.
WC_AVX2 int wc_two_unit_four_widens(wc_bounds bounds, int vectors, int qmax, const float d[4], const float dmin[4],
                                    const __m256i *sc, const __m256i *m) {
    const __m256 zero = _mm256_setzero_ps(), top = _mm256_set1_ps((float)qmax);
    const __m256 low = _mm256_set1_ps(bounds.low), high = _mm256_set1_ps(bounds.high);
    __m256 outside = zero;
    for (int i = 0; i < 4; i++)
        for (int v = 0; v < vectors; v++) {
            int k = vectors * i + v;
            __m256 dl = _mm256_mul_ps(_mm256_set1_ps(d[i]), _mm256_cvtepi32_ps(sc[k]));
            __m256 ml = _mm256_mul_ps(_mm256_set1_ps(dmin[i]), _mm256_cvtepi32_ps(m[k]));
            __m256 a = _mm256_sub_ps(zero, ml), b = _mm256_sub_ps(_mm256_mul_ps(dl, top), ml);
            outside = _mm256_or_ps(outside, _mm256_or_ps(_mm256_cmp_ps(_mm256_min_ps(a, b), low, _CMP_LT_OQ),
                                                         _mm256_cmp_ps(_mm256_max_ps(a, b), high, _CMP_GT_OQ)));
        }
    return _mm256_movemask_ps(outside) != 0;
}

/// Four two-unit blocks (x = d·sc·q − dmin·m) of `vectors` × 8 groups of n values, block i's vector v at index
/// vectors·i + v (as wc_two_unit8 takes one block; `zeroCounts` likewise, else `zeroCodes(block[i], lane)`).
/// Where all four pass every check of wc_two_unit8 (finite scales, exact values, no zero check, bounds inside the
/// running extremes, `bounds` = wc_bounds_of(acc)), their moments are computed a block per double lane, operation
/// for operation as wc_two_unit_finish and wc_add_block do, added in block order, and 1 returned; else 0 and
/// nothing added.
WC_AVX2 int wc_two_unit_four(wc_code_sums *acc, wc_bounds bounds, int vectors, int n, int qmax, int codeMax, const float d[4],
                             const float dmin[4], const __m256i *sc, const __m256i *m, const __m256i *sq,
                             const __m256i *sq2, const __m256i *zeroCounts, wc_zero_codes zeroCodes,
                             const unsigned char *const block[4]) {
    const __m256 zero = _mm256_setzero_ps();
    __m256i e[24];
    e[20] = e[21] = e[22] = e[23] = _mm256_setzero_si256();
    int64_t zeros[4];
    uint64_t counted = 0;  // bit 8·(vectors·i + v) + lane: a group whose zero values are its codes q = 0 (zeroCodes)
    for (int i = 0; i < 4; i++) {
        if (!isfinite(d[i]) || !isfinite(dmin[i])) return 0;
        __m256i e0 = _mm256_setzero_si256(), e1 = e0, e2 = e0, e3 = e0, e4 = e0, zc = e0;
        zeros[i] = 0;
        for (int v = 0; v < vectors; v++) {
            int k = vectors * i + v;
            __m256 dl = _mm256_mul_ps(_mm256_set1_ps(d[i]), _mm256_cvtepi32_ps(sc[k]));
            __m256 ml = _mm256_mul_ps(_mm256_set1_ps(dmin[i]), _mm256_cvtepi32_ps(m[k]));
            __m256 dz = _mm256_cmp_ps(dl, zero, _CMP_EQ_OQ), mz = _mm256_cmp_ps(ml, zero, _CMP_EQ_OQ);
            __m256 whole = wc_zero_inside(dl, ml, qmax);
            if (_mm256_movemask_ps(_mm256_andnot_ps(_mm256_or_ps(dz, mz), whole))) return 0;
            zeros[i] += n * __builtin_popcount((unsigned)_mm256_movemask_ps(_mm256_and_ps(dz, mz)));
            __m256 codes = _mm256_andnot_ps(dz, mz);
            if (zeroCounts) {
                zc = _mm256_add_epi32(zc, _mm256_and_si256(zeroCounts[k], _mm256_castps_si256(codes)));
            } else {
                counted |= (uint64_t)_mm256_movemask_ps(codes) << 8 * k;
            }
            __m256i scq = _mm256_mullo_epi32(sc[k], sq[k]);
            e0 = _mm256_add_epi32(e0, scq);                                                       // Σ sc·Σq
            e1 = _mm256_add_epi32(e1, _mm256_mullo_epi32(_mm256_mullo_epi32(sc[k], sc[k]), sq2[k]));  // Σ sc²·Σq²
            e2 = _mm256_add_epi32(e2, _mm256_mullo_epi32(scq, m[k]));                             // Σ sc·m·Σq
            e3 = _mm256_add_epi32(e3, m[k]);                                                      // Σ m
            e4 = _mm256_add_epi32(e4, _mm256_mullo_epi32(m[k], m[k]));                            // Σ m²
        }
        if (zeroCounts) zeros[i] += wc_hsum8_64(zc);
        e[i] = e0; e[4 + i] = e1; e[8 + i] = e2; e[12 + i] = e3; e[16 + i] = e4;
    }
    // Built lane by lane: d and dmin were stored one float at a time, and one 16-byte load of four 4-byte stores
    // would miss store forwarding.
    __m128 dv = _mm_setr_ps(d[0], d[1], d[2], d[3]), mv = _mm_setr_ps(dmin[0], dmin[1], dmin[2], dmin[3]);
    __m256d dd = _mm256_cvtps_pd(dv), dm = _mm256_cvtps_pd(mv);
    // Exactness, else with the blocks' own largest codes and lowest bits; then the bounds, else group by group.
    if (!wc_two_unit_four_surely_exact(dv, mv, qmax, codeMax) && !wc_two_unit_four_exact(vectors, qmax, dv, mv, sc, m)) return 0;
    if (!wc_two_unit_four_surely_inside(acc, dd, dm, qmax, codeMax) && wc_two_unit_four_widens(bounds, vectors, qmax, d, dmin, sc, m))
        return 0;
    // The block sums (each ≤ 2^30, as in wc_two_unit8), then wc_two_unit_finish's arithmetic per lane.
    __m256i s0 = wc_hsum8x8(e), s1 = wc_hsum8x8(e + 8), s2 = wc_hsum8x8(e + 16);
    wc_two_unit_four_add(acc, vectors * 8 * n, n, dd, dm, _mm256_castsi256_si128(s0), _mm256_extracti128_si256(s0, 1),
                         _mm256_castsi256_si128(s1), _mm256_extracti128_si256(s1, 1), _mm256_castsi256_si128(s2));
    for (int i = 0; i < 4; i++) acc->zeros += (uint64_t)zeros[i];
    // The groups of min 0 (rare in real files, 1 in 64 in random codes) counted last, when the condition of this
    // loop has long been known: a branch on them per block, in the loop above, mispredicted for 9% of the time.
    for (; counted; counted &= counted - 1) {
        int bit = __builtin_ctzll(counted);
        acc->zeros += (uint64_t)zeroCodes(block[bit / (8 * vectors)], bit & 7);
    }
    return 1;
}

/// Q4_K (five = 0) and Q5_K four blocks at a time (wc_two_unit_four), else block by block (wc_codes_q45_k_one).
WC_AVX2 size_t wc_codes_q45_k(const unsigned char *p, size_t blocks, wc_code_sums *acc, int five) {
    const size_t size = five ? 176 : 144;
    wc_bounds bounds = wc_bounds_of(acc);
    size_t b = 0;
    while (blocks - b >= 4) {
        const unsigned char *q = p + size * b;
        for (size_t k = 0; k < 4 * size; k += 64) _mm_prefetch((const char *)(q + 2048 + k), _MM_HINT_T0);
        float d[4], dmin[4];
        __m256i sc[4], m[4], sq[4], sq2[4];
        const unsigned char *block[4] = {q, q + size, q + 2 * size, q + 3 * size};
        for (int i = 0; i < 4; i++) wc_q45_k_sums(block[i], five, &d[i], &dmin[i], &sc[i], &m[i], &sq[i], &sq2[i]);
        if (wc_two_unit_four(acc, bounds, 1, 32, five ? 31 : 15, 63, d, dmin, sc, m, sq, sq2, NULL,
                             five ? wc_q5_k_zero_codes : wc_q4_k_zero_codes, block)) {
            b += 4;
            continue;
        }
        size_t done = wc_codes_q45_k_one(q, 4, acc, five);
        bounds = wc_bounds_of(acc);
        b += done;
        if (done < 4) return b;
    }
    return b + wc_codes_q45_k_one(p + size * b, blocks - b, acc, five);
}

/// The four-block loop, out of line, for the AVX-512 kernel's fours that need more and its last blocks
/// (stats_codes_q45_k_direct.c): the AVX2 code leaves the same bits, and those fours are rare.
__attribute__((noinline, target(WC_AVX2_FEATURES))) size_t wc_codes_q45_k_shared(const unsigned char *p, size_t blocks,
                                                                                wc_code_sums *acc, int five) {
    return wc_codes_q45_k(p, blocks, acc, five);
}

/// Q2_K's block at p: its scales, and per group (in wc_pairs_order, two vectors) the scale and min codes, Σq, Σq²
/// and the zero codes (q = 0), packed per group as Σq² ≤ 144, Σq ≤ 48 at bit 16, zero codes ≤ 16 at bit 22.
WC_AVX2 void wc_q2_k_sums(const unsigned char *p, float *d, float *dmin, __m256i sc[2], __m256i m[2], __m256i sq[2],
                          __m256i sq2[2], __m256i zc[2]) {
    const __m256i m2 = _mm256_set1_epi8(3), low4 = _mm256_set1_epi32(0x0F);
    *d = wc_half(p + 80);
    *dmin = wc_half(p + 82);
    for (int h = 0; h < 2; h++) {
        __m256i y = wc_load32(p + 16 + 32 * h), v[4];  // halves: groups 8h + 2s and 8h + 2s + 1
        for (int s = 0; s < 4; s++) v[s] = wc_pack(_mm256_and_si256(_mm256_srli_epi16(y, 2 * s), m2), 16, 0, 22);
        __m256i t = wc_hsum4x2(v);
        sq2[h] = _mm256_and_si256(t, _mm256_set1_epi32(0xFFFF));
        sq[h] = _mm256_and_si256(_mm256_srli_epi32(t, 16), _mm256_set1_epi32(0x3F));
        zc[h] = _mm256_srli_epi32(t, 22);
        __m256i codes = wc_bytes_paired(p + 8 * h, 0);
        sc[h] = _mm256_and_si256(codes, low4);
        m[h] = _mm256_srli_epi32(codes, 4);
    }
}

/// Q2_K block by block: the bookkeeping in wc_two_unit8, else value by value.
WC_AVX2 size_t wc_codes_q2_k_one(const unsigned char *p, size_t blocks, wc_code_sums *acc) {
    for (size_t b = 0; b < blocks; b++, p += 84) {
        _mm_prefetch((const char *)(p + 2048), _MM_HINT_T0);  // hints: never fault
        _mm_prefetch((const char *)(p + 2048 + 64), _MM_HINT_T0);
        float d, dmin;
        __m256i sq[2], sq2[2], sc[2], m[2], zc[2];
        wc_q2_k_sums(p, &d, &dmin, sc, m, sq, sq2, zc);
        if (!isfinite(d) || !isfinite(dmin)) return b;
        if (!wc_two_unit8(acc, 2, 16, sq, sq2, sc, m, wc_pairs_order, d, dmin, 3, p, NULL, zc)) {
            float x[256];  // values that may round, a zero only they show, or new extremes: value by value
            for (int g = 0; g < 16; g++) {
                int h = g >> 3, s = (g & 7) >> 1, half = g & 1, code = p[g];
                __m256 dl = _mm256_set1_ps(d * (float)(code & 0x0F)), ml = _mm256_set1_ps(dmin * (float)(code >> 4));
                __m128i y = wc_load16(p + 16 + 32 * h + 16 * half);
                __m128i v = _mm_and_si128(_mm_srli_epi16(y, 2 * s), _mm_set1_epi8(3));
                wc_codes_to_floats(_mm256_castsi128_si256(v), 16, dl, ml, x + 16 * g);
            }
            wc_add_values(acc, x, 256);
        }
    }
    return blocks;
}

/// Q2_K four blocks at a time (wc_two_unit_four), else block by block (wc_codes_q2_k_one).
WC_AVX2 size_t wc_codes_q2_k_body(const unsigned char *p, size_t blocks, wc_code_sums *acc) {
    wc_bounds bounds = wc_bounds_of(acc);
    size_t b = 0;
    while (blocks - b >= 4) {
        const unsigned char *q = p + 84 * b;
        for (size_t k = 0; k < 4 * 84; k += 64) _mm_prefetch((const char *)(q + 2048 + k), _MM_HINT_T0);
        float d[4], dmin[4];
        __m256i sc[8], m[8], sq[8], sq2[8], zc[8];
        const unsigned char *block[4] = {q, q + 84, q + 168, q + 252};
        for (int i = 0; i < 4; i++) wc_q2_k_sums(block[i], &d[i], &dmin[i], sc + 2 * i, m + 2 * i, sq + 2 * i, sq2 + 2 * i, zc + 2 * i);
        if (wc_two_unit_four(acc, bounds, 2, 16, 3, 15, d, dmin, sc, m, sq, sq2, zc, NULL, block)) {
            b += 4;
            continue;
        }
        size_t done = wc_codes_q2_k_one(q, 4, acc);
        bounds = wc_bounds_of(acc);
        b += done;
        if (done < 4) return b;
    }
    return b + wc_codes_q2_k_one(p + 84 * b, blocks - b, acc);
}
WC_CODES_KERNEL(wc_codes_q2_k)

WC_AVX2 size_t wc_codes_q4_k_body(const unsigned char *p, size_t blocks, wc_code_sums *acc) {
    return wc_codes_q45_k(p, blocks, acc, 0);
}
WC_AVX512 size_t wc_codes_q4_k_body_avx512(const unsigned char *p, size_t blocks, wc_code_sums *acc) {
    return wc_codes_q45_k_direct_avx512(p, blocks, acc, 0);
}
WC_CODES_KERNEL_WIDE(wc_codes_q4_k)

WC_AVX2 size_t wc_codes_q5_k_body(const unsigned char *p, size_t blocks, wc_code_sums *acc) {
    return wc_codes_q45_k(p, blocks, acc, 1);
}
WC_AVX512 size_t wc_codes_q5_k_body_avx512(const unsigned char *p, size_t blocks, wc_code_sums *acc) {
    return wc_codes_q45_k_direct_avx512(p, blocks, acc, 1);
}
WC_CODES_KERNEL_WIDE(wc_codes_q5_k)

#else

size_t wc_codes_q2_k(const void *src, size_t blocks, wc_code_sums *acc) { (void)src; (void)blocks; (void)acc; return 0; }
size_t wc_codes_q4_k(const void *src, size_t blocks, wc_code_sums *acc) { (void)src; (void)blocks; (void)acc; return 0; }
size_t wc_codes_q5_k(const void *src, size_t blocks, wc_code_sums *acc) { (void)src; (void)blocks; (void)acc; return 0; }
size_t wc_codes_q4_k_avx2(const void *src, size_t blocks, wc_code_sums *acc) { (void)src; (void)blocks; (void)acc; return 0; }
size_t wc_codes_q4_k_avx512(const void *src, size_t blocks, wc_code_sums *acc) { (void)src; (void)blocks; (void)acc; return 0; }
size_t wc_codes_q5_k_avx2(const void *src, size_t blocks, wc_code_sums *acc) { (void)src; (void)blocks; (void)acc; return 0; }
size_t wc_codes_q5_k_avx512(const void *src, size_t blocks, wc_code_sums *acc) { (void)src; (void)blocks; (void)acc; return 0; }

#endif
