// The eight-block loop of the one-unit legacy quants, Q4_0, Q5_0, Q8_0 and Q8_1 (stats_codes_legacy.c), written
// once and instantiated per instruction set: the including file defines WC_EIGHT_ATTR (the function's attributes
// and target), WC_EIGHT_NAME, WC_Q4_0_SUMS8 and WC_Q8_SUMS8 (the integer sums of eight Q4_0 / Q8 blocks, as
// wc_q4_0_sums8 and wc_q8_sums8 give them), WC_EIGHT_LANES, WC_EIGHT_MOMENTS, WC_EIGHT_ADD and WC_EIGHT_FOLD
// (wc_lanes8, wc_add_eight_moments8, wc_add_eight8 and wc_fold8, or their AVX-512 forms, which compute the same
// bits). Everything else is the same code, so each instance leaves the same bits.

/// Q4_0, Q5_0, Q8_0 and Q8_1 (`kind`, a constant in every caller: WC_EIGHT_Q4_0 …, stats_codes_legacy.c) eight
/// blocks at a time: per block Σq² and Σq in one i32 per lane (Q4_0: WC_Q4_0_SUMS8, the codes at the centre counted
/// apart; Q5_0: wc_packed_sums8, ≤ 30752, ≤ 992 and centre codes ≤ 32 at bits 0, 15, 25; Q8: WC_Q8_SUMS8, Σk² ≤ 2^19
/// by one tree, Σ(k + 128) ≤ 8160 by another, the zero codes counted apart), then the doubles a block per lane
/// (wc_lanes8). The scales are tested by their order keys (wc_units_outside, a few integer operations for the
/// eight); blocks with a NaN/Inf scale or new extremes go one by one (wc_codes_q4_0_one, q5_0_one, q8_one).
WC_EIGHT_ATTR size_t WC_EIGHT_NAME(const unsigned char *p, size_t blocks, wc_code_sums *acc, int kind) {
    const size_t size = kind == WC_EIGHT_Q4_0 ? 18 : kind == WC_EIGHT_Q5_0 ? 22 : kind == WC_EIGHT_Q8_0 ? 34 : 36;
    const size_t codes = kind == WC_EIGHT_Q8_1 ? 4 : 2;  // Q8: where the codes start
    WC_EIGHT_LANES lanes;
    memset(&lanes, 0, sizeof lanes);
    // The codes' range: −8 … 7 (Q4_0), −16 … 15 (Q5_0), −128 … 127 (Q8).
    const int kLow = kind == WC_EIGHT_Q4_0 ? -8 : kind == WC_EIGHT_Q5_0 ? -16 : -128, kHigh = -kLow - 1;
    wc_bounds bounds = wc_bounds_of(acc);
    wc_unit_keys keys = wc_unit_keys_of(bounds, kLow, kHigh);
    size_t b = 0;
    while (b < blocks) {
        const unsigned char *q = p + size * b;
        if (blocks - b >= 8) {
            for (size_t k = 0; k < 8 * size; k += 64) _mm_prefetch((const char *)(q + 2048 + k), _MM_HINT_T0);  // hints
            __m128i halves = WC_HALVES8(q, size, kind);
            __m256 d = _mm256_cvtph_ps(halves);
            // Whether a scale is NaN/Inf or its values could pass the extremes.
            const int outside = wc_units_outside(keys, halves);
            if (kind == WC_EIGHT_Q4_0 && !outside) {
                int skip = _mm256_movemask_ps(_mm256_cmp_ps(d, _mm256_setzero_ps(), _CMP_EQ_OQ));
                uint64_t hits;
                __m256i t = WC_Q4_0_SUMS8(q, skip, &hits);
                __m256i sq2 = _mm256_and_si256(t, _mm256_set1_epi32(0xFFFF)), sq = _mm256_srli_epi32(t, 16);
                __m256i k1 = _mm256_sub_epi32(sq, _mm256_set1_epi32(256));
                // 32·Σk² − (Σk)² with k = q − 8 is 32·Σq² − (Σq)²: the spread does not see the centre (Σq < 2^9,
                // so its square by one 16-bit multiply-add).
                __m256i spread = _mm256_sub_epi32(_mm256_slli_epi32(sq2, 5), _mm256_madd_epi16(sq, sq));
                WC_EIGHT_MOMENTS(acc, &lanes, 32, d, k1, spread, _mm256_setzero_ps());
                // Zero values: all 32 of a block whose unit is 0, the centre codes of the rest.
                acc->zeros += hits + 32 * (uint64_t)__builtin_popcount((unsigned)skip);
                b += 8;
                continue;
            }
            if (kind == WC_EIGHT_Q5_0 && !outside) {
                __m256i t = wc_packed_sums8(q, size, 2, 1, 15, _mm256_set1_epi8(16));
                __m256i sq2 = _mm256_and_si256(t, _mm256_set1_epi32((1 << 15) - 1));
                __m256i sq = _mm256_and_si256(_mm256_srli_epi32(t, 15), _mm256_set1_epi32((1 << 10) - 1));
                __m256i zs = _mm256_srli_epi32(t, 25);
                // Σk = Σ(q − c) = Σq − 32c; the spread 32·Σk² − (Σk)² is 32·Σq² − (Σq)² (Σq < 2^10: one multiply-add).
                __m256i k1 = _mm256_sub_epi32(sq, _mm256_set1_epi32(32 * 16));
                __m256i spread = _mm256_sub_epi32(_mm256_slli_epi32(sq2, 5), _mm256_madd_epi16(sq, sq));
                WC_EIGHT_ADD(acc, &lanes, 32, d, k1, spread, zs, _mm256_setzero_ps(), 1);
                b += 8;
                continue;
            }
            if (kind >= WC_EIGHT_Q8_0 && !outside) {
                int skip = _mm256_movemask_ps(_mm256_cmp_ps(d, _mm256_setzero_ps(), _CMP_EQ_OQ));
                __m256i k2, t;
                uint64_t hits = WC_Q8_SUMS8(q, size, codes, skip, &k2, &t);
                __m256i k1 = _mm256_sub_epi32(t, _mm256_set1_epi32(4096));
                __m256i spread = _mm256_sub_epi32(_mm256_slli_epi32(k2, 5), _mm256_mullo_epi32(k1, k1));
                WC_EIGHT_MOMENTS(acc, &lanes, 32, d, k1, spread, _mm256_setzero_ps());
                // Zero values: all 32 of a block whose unit is 0, the zero codes of the rest.
                acc->zeros += hits + 32 * (uint64_t)__builtin_popcount((unsigned)skip);
                b += 8;
                continue;
            }
        }
        WC_EIGHT_FOLD(acc, &lanes, 32);
        size_t n = blocks - b < 8 ? blocks - b : 8;
        size_t done = kind == WC_EIGHT_Q4_0 ? wc_codes_q4_0_one(q, n, acc)
                    : kind == WC_EIGHT_Q5_0 ? wc_codes_q5_0_one(q, n, acc) : wc_codes_q8_one(q, n, acc, size, codes);
        wc_bounds now = wc_bounds_of(acc);
        if (now.low != bounds.low || now.high != bounds.high) {  // widened: new keys
            bounds = now;
            keys = wc_unit_keys_of(bounds, kLow, kHigh);
        }
        b += done;
        if (done < n) return b;
    }
    WC_EIGHT_FOLD(acc, &lanes, 32);
    return blocks;
}

#undef WC_EIGHT_ATTR
#undef WC_EIGHT_MOMENTS
#undef WC_EIGHT_LANES
#undef WC_EIGHT_FOLD
#undef WC_EIGHT_ADD
#undef WC_EIGHT_NAME
#undef WC_Q4_0_SUMS8
#undef WC_Q8_SUMS8
#undef WC_HALVES8
