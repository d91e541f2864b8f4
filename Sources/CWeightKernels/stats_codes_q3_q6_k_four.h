// The four-block loop of Q3_K and Q6_K (stats_codes_kquants_one_unit.c), written once and instantiated per
// instruction set: the including file defines WC_FOUR_ATTR (the function's attributes and target), WC_FOUR_NAME
// and WC_FOUR_Q6_SUMS (a Q6_K block's unit, scales and packed sums, as wc_q6_k_sums gives them). Everything
// after the sums is the same code, so each instance leaves the same bits.
/// Q3_K (six = 0) and Q6_K: four blocks at a time (wc_one_unit_four), else block by block (wc_one_unit16); a
/// block with a NaN/Inf unit or new extremes ends the call (the Swift kernel takes it).
WC_FOUR_ATTR size_t WC_FOUR_NAME(const unsigned char *p, size_t blocks, wc_code_sums *acc, int six) {
    const size_t size = six ? 210 : 110;
    const int s = six ? 16 : 10, z = six ? 26 : 17, c = six ? 32 : 4;
    size_t b = 0;
    while (blocks - b >= 4) {
        const unsigned char *q = p + size * b;
        for (size_t k = 0; k < 4 * size; k += 64) _mm_prefetch((const char *)(q + 2048 + k), _MM_HINT_T0);
        float d[4];
        __m256i sc[8], t[8];
        for (int i = 0; i < 4; i++) {
            if (six) WC_FOUR_Q6_SUMS(q + size * (size_t)i, &d[i], sc + 2 * i, t + 2 * i);
            else wc_q3_k_sums(q + size * (size_t)i, &d[i], sc + 2 * i, t + 2 * i);
        }
        if (wc_one_unit_four(acc, t, sc, s, z, c, d)) {
            b += 4;
            continue;
        }
        for (int i = 0; i < 4; i++, b++)
            if (!isfinite(d[i]) || !wc_one_unit16(acc, t + 2 * i, sc + 2 * i, s, z, c, d[i])) return b;
    }
    for (; b < blocks; b++) {
        const unsigned char *q = p + size * b;
        float d;
        __m256i sc[2], t[2];
        if (six) WC_FOUR_Q6_SUMS(q, &d, sc, t);
        else wc_q3_k_sums(q, &d, sc, t);
        if (!isfinite(d) || !wc_one_unit16(acc, t, sc, s, z, c, d)) return b;
    }
    return blocks;
}

#undef WC_FOUR_ATTR
#undef WC_FOUR_NAME
#undef WC_FOUR_Q6_SUMS
