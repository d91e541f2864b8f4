// Q4_K/Q5_K on AVX-512: the direct kernel (wc_codes_q4_k_avx512 / wc_codes_q5_k_avx512, stats_codes_q45_k_direct.c)
// against the four-block loop (wc_codes_q4_k_avx2 / wc_codes_q5_k_avx2; the eleventh pass's figures were taken
// against that loop's AVX-512 build, since removed, 9–12% faster in the ninth pass), on the same bytes from the same
// start: GB/s of each (best of 25 alternating rounds, each over 64 MiB of reads of the input) and whether the two
// leave the same bits in every field. Blocks as `weightcheck bench` makes them (random codes, d and dmin random f16
// in [2^-9, 2^-5)). Needs AVX-512 (F, DQ, BW, VL, VBMI, VNNI). Build and run (type 0: Q4_K, 1: Q5_K; input KiB):
//   K=Sources/CWeightKernels; clang -O2 -I$K/include -I$K benchmarks/q45_k_direct_harness.c \
//     $K/stats_codes_kquants_two_unit.c $K/stats_codes_q45_k_direct.c $K/stats_codes_legacy.c $K/cpu_features.c \
//     -lm -o /tmp/q45k && /tmp/q45k 0 512 && /tmp/q45k 1 512 && /tmp/q45k 0 65536
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
    double best[2] = {1e30, 1e30};
    wc_code_sums last[2];
    int reps = (int)(64.0 * 1024 * 1024 / (double)bytes);
    if (reps < 1) reps = 1;
    for (int round = 0; round < 25; round++)
        for (int k = 0; k < 2; k++) {
            wc_code_sums acc = {INFINITY, -INFINITY, 0, 0, 0, 0, 0};
            double t0 = now();
            for (int r = 0; r < reps; r++) {
                size_t done = k == 0 ? (five ? wc_codes_q5_k_avx2 : wc_codes_q4_k_avx2)(buf, blocks, &acc)
                                     : (five ? wc_codes_q5_k_avx512 : wc_codes_q4_k_avx512)(buf, blocks, &acc);
                if (done != blocks) { fprintf(stderr, "stopped at block %zu\n", done); return 1; }
            }
            double t = (now() - t0) / reps;
            if (t < best[k]) best[k] = t;
            last[k] = acc;
        }
    int same = memcmp(&last[0], &last[1], sizeof last[0]) == 0;
    printf("%s, %zu KiB: AVX2 loop %.2f GB/s (%.1f ns a four), direct %.2f GB/s (%.1f ns a four), %.2fx; same bits: %s\n",
           five ? "Q5_K" : "Q4_K", kib, bytes / best[0] / 1e9, best[0] / (blocks / 4) * 1e9, bytes / best[1] / 1e9,
           best[1] / (blocks / 4) * 1e9, best[0] / best[1], same ? "yes" : "NO");
    return same ? 0 : 1;
}
