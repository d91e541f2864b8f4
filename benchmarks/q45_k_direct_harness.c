// Q4_K/Q5_K on AVX-512: the direct kernel (wc_codes_q4_k_avx512 / wc_codes_q5_k_avx512, stats_codes_q45_k_direct.c)
// against the four-block loop (wc_codes_q4_k_avx2 / wc_codes_q5_k_avx2; the eleventh pass's figures were taken
// against that loop's AVX-512 build, since removed, 9–12% faster in the ninth pass), on the same bytes from the same
// start: GB/s of each (best of 25 alternating rounds, each over 64 MiB of reads of the input), the median and
// quartiles of the two's ratio round by round (on a shared machine whose speed drifts from minute to minute, the
// ratio of neighbouring runs is steadier than either best), and whether the two leave the same bits in every field.
// Blocks as `weightcheck bench` makes them (random codes, d and dmin random f16 in [2^-9, 2^-5)). Needs AVX-512 (F,
// DQ, BW, VL, VBMI, VNNI). Build and run (type 0: Q4_K, 1: Q5_K; input KiB; rounds, default 25):
//   K=Sources/CWeightKernels; clang -O2 -I$K/include -I$K benchmarks/q45_k_direct_harness.c \
//     $K/stats_codes_kquants_two_unit.c $K/stats_codes_q45_k_direct.c $K/stats_codes_legacy.c $K/cpu_features.c \
//     -lm -o /tmp/q45k && /tmp/q45k 0 512 && /tmp/q45k 1 512 && /tmp/q45k 0 65536
// A/B of two versions of the direct kernel (A.c, B.c: copies of stats_codes_q45_k_direct.c), the same way:
//   for v in A B; do clang -O2 -I$K/include -I$K -Dwc_codes_q45_k_direct_avx512=wc_harness_$v -c $v.c -o /tmp/$v.o; done
//   clang -O2 -I$K/include -I$K -DWC_HARNESS_AB -Dwc_codes_q45_k_direct_avx512=wc_harness_A \
//     benchmarks/q45_k_direct_harness.c /tmp/B.o /tmp/A.o $K/stats_codes_kquants_two_unit.c $K/stats_codes_legacy.c \
//     $K/cpu_features.c -lm -o /tmp/q45k_ab && /tmp/q45k_ab 0 512 41
#include "wc_stats_codes.h"
#include "wc_cpu_features.h"
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t state = 88172645463325252ull;
static uint64_t next(void) { state ^= state << 13; state ^= state >> 7; state ^= state << 17; return state; }
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec * 1e-9; }
static int ascending(const void *a, const void *b) { double x = *(const double *)a, y = *(const double *)b; return (x > y) - (x < y); }

#ifdef WC_HARNESS_AB
// The two builds (the A build also serves the AVX2 entry points, which hand their work to the direct kernel).
size_t wc_harness_A(const unsigned char *p, size_t blocks, wc_code_sums *acc, int five);
size_t wc_harness_B(const unsigned char *p, size_t blocks, wc_code_sums *acc, int five);
#define WC_FIRST "A"
#define WC_SECOND "B"
#define WC_RUN(k, five, buf, blocks, acc) ((k) == 0 ? wc_harness_A(buf, blocks, acc, five) : wc_harness_B(buf, blocks, acc, five))
#else
#define WC_FIRST "AVX2 loop"
#define WC_SECOND "direct"
#define WC_RUN(k, five, buf, blocks, acc) ((k) == 0 ? ((five) ? wc_codes_q5_k_avx2 : wc_codes_q4_k_avx2)(buf, blocks, acc) \
                                                    : ((five) ? wc_codes_q5_k_avx512 : wc_codes_q4_k_avx512)(buf, blocks, acc))
#endif

int main(int argc, char **argv) {
    if (!wc_cpu_has_avx512()) { fprintf(stderr, "no AVX-512 on this CPU\n"); return 2; }
    int five = argc > 1 ? atoi(argv[1]) : 0;
    size_t kib = argc > 2 ? (size_t)atol(argv[2]) : 512;
    size_t size = five ? 176 : 144, blocks = kib * 1024 / size, bytes = blocks * size;
    unsigned char *buf = aligned_alloc(64, bytes + 64);
    for (size_t i = 0; i < bytes; i++) buf[i] = (unsigned char)next();
    for (size_t b = 0; b < blocks; b++) {
        uint64_t r = next();
        uint16_t d = 0x1800 | (r & 0xFFF), dmin = 0x1800 | ((r >> 16) & 0xFFF);
        memcpy(buf + b * size, &d, 2);
        memcpy(buf + b * size + 2, &dmin, 2);
    }
    enum { MAX_ROUNDS = 1000 };
    int rounds = argc > 3 ? atoi(argv[3]) : 25;
    if (rounds < 1 || rounds > MAX_ROUNDS) rounds = 25;
    double best[2] = {1e30, 1e30}, ratio[MAX_ROUNDS];
    wc_code_sums last[2];
    int reps = (int)(64.0 * 1024 * 1024 / (double)bytes);
    if (reps < 1) reps = 1;
    for (int round = 0; round < rounds; round++) {
        double t[2];
        for (int k = 0; k < 2; k++) {
            wc_code_sums acc = {INFINITY, -INFINITY, 0, 0, 0, 0, 0};
            double t0 = now();
            for (int r = 0; r < reps; r++) {
                size_t done = WC_RUN(k, five, buf, blocks, &acc);
                if (done != blocks) { fprintf(stderr, "stopped at block %zu\n", done); return 1; }
            }
            t[k] = (now() - t0) / reps;
            if (t[k] < best[k]) best[k] = t[k];
            last[k] = acc;
        }
        ratio[round] = t[0] / t[1];
    }
    qsort(ratio, (size_t)rounds, sizeof ratio[0], ascending);
    int same = memcmp(&last[0], &last[1], sizeof last[0]) == 0;
    printf("%s, %zu KiB: %s %.2f GB/s (%.1f ns a four), %s %.2f GB/s (%.1f ns a four), %.2fx best; ratio by round: "
           "median %.3f, quartiles %.3f–%.3f (%d rounds); same bits: %s\n",
           five ? "Q5_K" : "Q4_K", kib, WC_FIRST, bytes / best[0] / 1e9, best[0] / (blocks / 4) * 1e9, WC_SECOND,
           bytes / best[1] / 1e9, best[1] / (blocks / 4) * 1e9, best[0] / best[1], ratio[rounds / 2], ratio[rounds / 4],
           ratio[3 * rounds / 4], rounds, same ? "yes" : "NO");
    return same ? 0 : 1;
}
