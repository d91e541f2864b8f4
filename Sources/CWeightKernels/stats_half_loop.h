// The half loop of the statistics kernel (stats_avx2.c), written once and instantiated per instruction set: the
// including file defines WC_HALF_ATTR (the function's attributes and target), WC_HALF_NAME, WC_HALF_SUMS (the type
// of the two sets of double sums) and WC_HALF_PREFIX (its functions PREFIX_start, PREFIX_step, PREFIX_end). Every
// instance adds the same values in the same order, so each leaves the same bits.
//
// F16 and BF16, two groups (32 bytes) per iteration into two sets of sums (the first group's set A, the second's
// B, added lane by lane at the end: two chains of FMAs instead of one), the extremes as wc_stats_loop keeps them.
// The groups: F16, values 0–7 and 8–15; BF16, the even values 0, 2, …, 14 (each lane's low word shifted up) and
// the odd ones (the high words, masked), which takes no shuffle. The zero and NaN/Inf tests on the sixteen
// 16-bit inputs at once (|h| = 0; the exponent all ones: |h| > 0x7BFF for f16, > 0x7F7F for bf16), zeros counted
// in 16-bit lanes widened every 2^15 iterations. A final odd group goes through wc_stats_loop. The Swift twin is
// the pair loop of TensorStatistics.accumulateBatch.
#define WC_HALF_CAT(a, b) a##b
#define WC_HALF_FN(prefix, name) WC_HALF_CAT(prefix, name)

WC_HALF_ATTR void WC_HALF_NAME(const unsigned char *p, int kind, size_t groups, float shift, wc_stats_lanes *acc) {
    __m256 low = _mm256_loadu_ps(acc->low), high = _mm256_loadu_ps(acc->high);
    WC_HALF_SUMS sums = WC_HALF_FN(WC_HALF_PREFIX, _start)(acc);
    const __m256i magnitudeMask = _mm256_set1_epi16(0x7FFF), highWords = _mm256_set1_epi32((int)0xFFFF0000u);
    const __m256i finiteLimit = _mm256_set1_epi16(kind == 1 ? 0x7BFF : 0x7F7F);
    const __m256i zero = _mm256_setzero_si256(), ones16 = _mm256_set1_epi16(1);
    __m256i zeros32 = zero, nonFinite = zero;
    size_t pairs = groups / 2, done = 0;
    while (done < pairs) {
        size_t chunk = pairs - done < 32768 ? pairs - done : 32768;
        __m256i zeros16 = zero;
        const unsigned char *q = p + done * 32;
        for (size_t g = 0; g < chunk; g++, q += 32) {
            _mm_prefetch((const char *)(q + 2048), _MM_HINT_T0);  // a hint: never faults
            __m256i raw = _mm256_loadu_si256((const __m256i *)q), h = _mm256_and_si256(raw, magnitudeMask);
            zeros16 = _mm256_sub_epi16(zeros16, _mm256_cmpeq_epi16(h, zero));
            nonFinite = _mm256_or_si256(nonFinite, _mm256_cmpgt_epi16(h, finiteLimit));
            __m256 x0 = kind == 1 ? wc_load8(q, kind) : _mm256_castsi256_ps(_mm256_slli_epi32(raw, 16));
            __m256 x1 = kind == 1 ? wc_load8(q + 16, kind) : _mm256_castsi256_ps(_mm256_and_si256(raw, highWords));
            WC_HALF_FN(WC_HALF_PREFIX, _step)(&sums, x0, x1, (double)shift, &low, &high);
        }
        zeros32 = _mm256_add_epi32(zeros32, _mm256_madd_epi16(zeros16, ones16));
        done += chunk;
    }
    __m256d sumsAB, squaresAB;
    WC_HALF_FN(WC_HALF_PREFIX, _end)(&sums, &sumsAB, &squaresAB);
    wc_stats_store(acc, low, high, sumsAB, squaresAB, zeros32, nonFinite);
    if (groups & 1) wc_stats_loop(p + pairs * 32, kind, 1, shift, acc);
}

#undef WC_HALF_FN
#undef WC_HALF_CAT
#undef WC_HALF_ATTR
#undef WC_HALF_NAME
#undef WC_HALF_SUMS
#undef WC_HALF_PREFIX
