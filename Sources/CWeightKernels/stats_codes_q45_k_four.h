// The four-block loop of Q4_K and Q5_K (stats_codes_kquants_two_unit.c), written once and instantiated per
// instruction set: the including file defines WC_FOUR_ATTR (the function's attributes and target), WC_FOUR_NAME
// and WC_FOUR_SUMS (a block's scales, codes and packed sums, as wc_q45_k_sums gives them). Everything after the
// sums is the same code, so each instance leaves the same bits.
/// Q4_K (five = 0) and Q5_K four blocks at a time (wc_two_unit_four), else block by block (wc_codes_q45_k_one).
WC_FOUR_ATTR size_t WC_FOUR_NAME(const unsigned char *p, size_t blocks, wc_code_sums *acc, int five) {
    const size_t size = five ? 176 : 144;
    wc_bounds bounds = wc_bounds_of(acc);
    size_t b = 0;
    while (blocks - b >= 4) {
        const unsigned char *q = p + size * b;
        for (size_t k = 0; k < 4 * size; k += 64) _mm_prefetch((const char *)(q + 2048 + k), _MM_HINT_T0);
        float d[4], dmin[4];
        __m256i sc[4], m[4], sq[4], sq2[4];
        const unsigned char *block[4] = {q, q + size, q + 2 * size, q + 3 * size};
        for (int i = 0; i < 4; i++) WC_FOUR_SUMS(block[i], five, &d[i], &dmin[i], &sc[i], &m[i], &sq[i], &sq2[i]);
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

#undef WC_FOUR_ATTR
#undef WC_FOUR_NAME
#undef WC_FOUR_SUMS
