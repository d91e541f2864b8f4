// The eight-block loop of Q8_0 and Q8_1 (stats_codes_legacy.c), written once and instantiated per instruction set:
// the including file defines WC_EIGHT_ATTR (the function's attributes and target), WC_EIGHT_NAME and WC_Q8_SUMS8
// (eight blocks' Σk² and packed Σ(k + 128) and zero codes, as wc_q8_sums8 gives them). Everything after the
// integer sums is the same arithmetic (WC_EIGHT_MOMENTS, WC_EIGHT_ADD: wc_add_eight_moments and wc_add_eight or
// their AVX-512 forms, which compute the same bits), so each instance leaves the same bits.
/// Q8_0 and Q8_1 (`size`, codes at `codes`) eight blocks at a time: Σk² (≤ 2^19) by one hadd tree, Σ(k + 128)
/// (≤ 8160) and zero codes (≤ 32, at bit 13) by another; blocks with a NaN/Inf scale or new extremes go one by
/// one (wc_codes_q8_one).
WC_EIGHT_ATTR size_t WC_EIGHT_NAME(const unsigned char *p, size_t blocks, wc_code_sums *acc, size_t size, size_t codes) {
    wc_lanes4 lanes = {_mm256_setzero_pd(), _mm256_setzero_pd(), _mm256_setzero_pd()};
    wc_bounds bounds = wc_bounds_of(acc);
    size_t b = 0;
    while (b < blocks) {
        const unsigned char *q = p + size * b;
        if (blocks - b >= 8) {
            for (size_t k = 0; k < 8 * size; k += 64) _mm_prefetch((const char *)(q + 2048 + k), _MM_HINT_T0);
            __m128i halves = wc_halves8(q, size);
            __m256 d = _mm256_cvtph_ps(halves);
            if (!wc_eight_need_scalar(bounds, halves, d, -128, 127)) {
                __m256i k2, t;
                WC_Q8_SUMS8(q, size, codes, &k2, &t);
                __m256i k1 = _mm256_sub_epi32(_mm256_and_si256(t, _mm256_set1_epi32(0x1FFF)), _mm256_set1_epi32(4096));
                __m256i spread = _mm256_sub_epi32(_mm256_slli_epi32(k2, 5), _mm256_mullo_epi32(k1, k1));
                WC_EIGHT_ADD(acc, &lanes, 32, d, k1, spread, _mm256_srli_epi32(t, 13), _mm256_setzero_ps(), 1);
                b += 8;
                continue;
            }
        }
        wc_fold(acc, &lanes, 32);
        size_t n = blocks - b < 8 ? blocks - b : 8;
        size_t done = wc_codes_q8_one(q, n, acc, size, codes);
        bounds = wc_bounds_of(acc);
        b += done;
        if (done < n) return b;
    }
    wc_fold(acc, &lanes, 32);
    return blocks;
}

#undef WC_EIGHT_ATTR
#undef WC_EIGHT_MOMENTS
#undef WC_EIGHT_ADD
#undef WC_EIGHT_NAME
#undef WC_Q8_SUMS8
