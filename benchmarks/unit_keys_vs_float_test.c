// The eight-block loops' scale test by order keys (wc_units_outside, stats_codes_legacy_lanes.h) side by side with
// the float test it replaced (the old wc_eight_need_scalar, below): both over all 65,536 f16 patterns, each as
// eight equal scales and within mixed eights, for 3,000 pairs of running extremes of eight kinds (exact products
// of an f16 and a code bound, so ties; just inside and outside them; empty; 0 and 0; low above 0; any), for the
// code ranges of Q4_0, Q5_0 and Q8. Prints the mismatches (0 expected) and exits 1 on any. Build and run:
//   K=Sources/CWeightKernels; clang -O2 -I$K/include -I$K benchmarks/unit_keys_vs_float_test.c -lm -o /tmp/ukeys && /tmp/ukeys
#include "stats_codes_common.h"
#include "stats_codes_legacy_lanes.h"
#include <stdio.h>

/// The float test: whether any scale is NaN/Inf, or min(d·kLow, d·kHigh) < bounds.low or the max > bounds.high.
WC_AVX2 int old_need_scalar(wc_bounds bounds, __m128i halves, __m256 d, int kLow, int kHigh) {
    const __m128i exponent = _mm_set1_epi16(0x7C00);
    if (_mm_movemask_epi8(_mm_cmpeq_epi16(_mm_and_si128(halves, exponent), exponent))) return 1;
    __m256 a = _mm256_mul_ps(d, _mm256_set1_ps((float)kLow)), b = _mm256_mul_ps(d, _mm256_set1_ps((float)kHigh));
    __m256 lo = _mm256_min_ps(a, b), hi = _mm256_max_ps(a, b);
    __m256 out = _mm256_or_ps(_mm256_cmp_ps(lo, _mm256_set1_ps(bounds.low), _CMP_LT_OQ),
                              _mm256_cmp_ps(hi, _mm256_set1_ps(bounds.high), _CMP_GT_OQ));
    return _mm256_movemask_ps(out) != 0;
}

__attribute__((target(WC_AVX2_FEATURES))) static int run(void) {
    long bad = 0, flagged = 0, total = 0;
    uint64_t s = 12345;
    const int ranges[3][2] = {{-8, 7}, {-16, 15}, {-128, 127}};
    for (int t = 0; t < 3000; t++) {
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        int kLow = ranges[t % 3][0], kHigh = ranges[t % 3][1], mode = (int)((s >> 60) & 7);
        unsigned short h1 = (s >> 20) & 0x7FFF, h2 = (s >> 36) & 0x7FFF;
        if ((h1 & 0x7C00) == 0x7C00) h1 &= 0x3FFF;
        if ((h2 & 0x7C00) == 0x7C00) h2 &= 0x3FFF;
        double a = _cvtsh_ss(h1), b = _cvtsh_ss(h2), lo, hi;
        switch (mode) {
        case 0: lo = -a * -kLow; hi = b * kHigh; break;  // exact products: ties
        case 1: lo = -a * -kLow * (1 + 1e-9); hi = b * kHigh * (1 - 1e-9); break;
        case 2: lo = 1e30; hi = -1e30; break;  // empty
        case 3: lo = 0; hi = 0; break;
        case 4: lo = -a * kHigh; hi = b * -kLow; break;
        case 5: lo = 0.5 * a; hi = 2.0 * b; break;  // low above 0
        case 6: lo = -1e300; hi = 1e300; break;
        default: lo = -a * 3.3; hi = b * 5.7;
        }
        wc_code_sums acc = {lo, hi, 0, 0, 0, 0, 0};
        wc_bounds bounds = wc_bounds_of(&acc);
        wc_unit_keys keys = wc_unit_keys_of(bounds, kLow, kHigh);
        for (int h = 0; h < 65536; h += 8) {
            unsigned short v[8], same[8];
            for (int j = 0; j < 8; j++) v[j] = (unsigned short)(h + j);
            __m128i eight = _mm_loadu_si128((const __m128i *)v);
            if ((old_need_scalar(bounds, eight, _mm256_cvtph_ps(eight), kLow, kHigh) != 0) != (wc_units_outside(keys, eight) != 0)) bad++;
            for (int j = 0; j < 8; j++) {
                for (int q = 0; q < 8; q++) same[q] = v[j];
                __m128i one = _mm_loadu_si128((const __m128i *)same);
                int x = old_need_scalar(bounds, one, _mm256_cvtph_ps(one), kLow, kHigh) != 0;
                int y = wc_units_outside(keys, one) != 0;
                if (x != y && bad++ < 5) printf("mismatch: range %d…%d, bounds %g … %g, scale %04x: float %d, keys %d\n", kLow, kHigh, lo, hi, v[j], x, y);
                flagged += x;
                total++;
            }
        }
    }
    printf("%ld mismatches; %ld of %ld single scales flagged\n", bad, flagged, total);
    return bad != 0;
}

int main(void) { return run(); }
