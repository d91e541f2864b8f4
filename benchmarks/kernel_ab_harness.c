// A/B of two builds of one exported code-statistics kernel (CWeightKernels), on the same bytes: each build a shared
// object made from a copy of Sources/CWeightKernels (A: say, a `git worktree` of HEAD; B: the working tree), loaded
// by dlopen, its kernel found by name, both run over the same generated blocks in windows of `window` blocks a call
// (as the Swift driver calls them: 65,536 values a call), alternating, for `rounds` rounds. Prints the best GB/s of
// each, the median and quartiles of the round-by-round ratio (on a shared machine the ratio of neighbouring runs is
// steadier than either best) and whether the two leave the same bits in every field of the sums. Blocks: random
// bytes, the f16 scales at the given offsets set to random values in ±[2^-9, 2^-5) (sign random unless `+`). The
// running extremes start at ±10^4, past every value of such blocks: the kernels that hand a block widening them back
// to Swift (Q3_K, Q6_K, Q4_1, Q5_1) would otherwise stop at every block here, where no Swift widens them.
// Build the two objects and the harness, then run (Q4_0: 18-byte blocks, a scale at 0, 2048 blocks a call):
//   so() { clang -O2 -shared -fPIC -I$1/include -I$1 $1/*.c -lm -o $2; }
//   git worktree add /tmp/wcA HEAD && so /tmp/wcA/Sources/CWeightKernels /tmp/A.so && so Sources/CWeightKernels /tmp/B.so
//   clang -O2 -I Sources/CWeightKernels/include benchmarks/kernel_ab_harness.c -ldl -o /tmp/kab
//   /tmp/kab /tmp/A.so /tmp/B.so wc_codes_q4_0_avx512 18 0 2048 4096 31
// Arguments: A.so B.so KERNEL BLOCK_BYTES SCALE_OFFSETS(comma-separated, `+` prefix: positive) WINDOW KIB ROUNDS.
// KAB_STACK=1 in the environment: round r calls both kernels with the stack 16·(r mod 4) bytes deeper, and a second
// line gives each build's best at each of the four offsets. A kernel that spills 64-byte registers to stack slots
// the function does not align runs at a speed that moves with them: a draft of the Q4_0 loop of df158a3, whose rare
// paths were inline and kept the codes on the stack, went at 6.9 GB/s at offsets 0 and 32 and 14.4 at 16 and 48.
// KAB_REPEAT=KIB: the first KIB KiB of blocks repeated through the buffer, which stays as large: a kernel that runs
// faster on these than on all-random blocks loses its time to branches on the data, which the predictor learns on a
// repeated pattern, not to memory (Q4_K before 287906b: 10.8 GB/s from 64 MiB, 13.3 with
// KAB_REPEAT=512). KAB_REPEAT_B=KIB: the same for B alone, so that one build against itself (A.so = B.so) gives the
// ratio round by round (the bits then differ: other blocks). KAB_NOZEROMIN=1 (Q4_K, Q5_K): no scale or min code
// of 0 in any block, as in real files.
#include "wc_stats_codes.h"
#include <alloca.h>
#include <dlfcn.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef size_t (*kernel)(const void *, size_t, wc_code_sums *);

static uint64_t state = 88172645463325252ull;
static uint64_t next(void) { state ^= state << 13; state ^= state >> 7; state ^= state << 17; return state; }
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec * 1e-9; }
static int ascending(const void *a, const void *b) { double x = *(const double *)a, y = *(const double *)b; return (x > y) - (x < y); }

/// The first `kib` KiB of whole blocks copied again and again through the rest of `buf` (KAB_REPEAT, KAB_REPEAT_B).
static void repeat_blocks(unsigned char *buf, size_t bytes, size_t size, const char *kib) {
    size_t unit = (size_t)atol(kib) * 1024 / size * size;
    for (size_t o = unit; unit > 0 && o + unit <= bytes; o += unit) memcpy(buf + o, buf, unit);
}

static kernel load(const char *path, const char *name) {
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!h) { fprintf(stderr, "%s\n", dlerror()); exit(2); }
    kernel k = (kernel)dlsym(h, name);
    if (!k) { fprintf(stderr, "%s: no %s\n", path, name); exit(2); }
    return k;
}

/// Runs k over all blocks in windows; returns 0 if a call stopped early (a block the kernel hands back).
static int run(kernel k, const unsigned char *buf, size_t blocks, size_t size, size_t window, wc_code_sums *acc) {
    for (size_t b = 0; b < blocks; b += window) {
        size_t n = blocks - b < window ? blocks - b : window;
        size_t done = 0;
        while (done < n) {
            size_t got = k(buf + (b + done) * size, n - done, acc);
            done += got;
            if (got == 0) { done++; }  // a block for the Swift kernel: skipped here, in both builds alike
        }
    }
    return 1;
}

/// run() with the stack `depth` bytes deeper than in the caller.
__attribute__((noinline)) static int run_deeper(size_t depth, kernel k, const unsigned char *buf, size_t blocks, size_t size,
                                                size_t window, wc_code_sums *acc) {
    volatile char *pad = alloca(depth + 1);
    pad[0] = 0;
    int r = run(k, buf, blocks, size, window, acc);
    pad[0]++;
    return r;
}

int main(int argc, char **argv) {
    if (argc < 9) { fprintf(stderr, "usage: A.so B.so KERNEL BLOCK_BYTES SCALE_OFFSETS WINDOW KIB ROUNDS\n"); return 2; }
    kernel ks[2] = {load(argv[1], argv[3]), load(argv[2], argv[3])};
    size_t size = (size_t)atol(argv[4]), window = (size_t)atol(argv[6]), kib = (size_t)atol(argv[7]);
    int rounds = atoi(argv[8]);
    if (rounds < 1 || rounds > 1000) rounds = 25;
    int positive = argv[5][0] == '+';
    int offsets[16], count = 0;
    for (char *s = argv[5] + positive; *s && count < 16;) {
        offsets[count++] = (int)strtol(s, &s, 10);
        if (*s == ',') s++;
    }
    size_t blocks = kib * 1024 / size, bytes = blocks * size;
    unsigned char *buf = aligned_alloc(64, bytes + 64);
    for (size_t i = 0; i < bytes; i++) buf[i] = (unsigned char)next();
    for (size_t b = 0; b < blocks; b++)
        for (int k = 0; k < count; k++) {
            uint64_t r = next();
            uint16_t h = (uint16_t)(0x1800 | (r & 0xFFF) | (positive ? 0 : (r >> 20 & 1) << 15));
            memcpy(buf + b * size + offsets[k], &h, 2);
        }
    if (getenv("KAB_NOZEROMIN"))  // Q4_K/Q5_K blocks: every scale and min code made nonzero (bit 0 of each)
        for (size_t b = 0; b < blocks; b++) {
            unsigned char *c = buf + b * size + 4;
            for (int j = 0; j < 8; j++) c[j] |= 1;
            for (int j = 8; j < 12; j++) c[j] |= 0x11;
        }
    if (getenv("KAB_REPEAT")) repeat_blocks(buf, bytes, size, getenv("KAB_REPEAT"));
    unsigned char *bufB = buf;
    if (getenv("KAB_REPEAT_B")) {  // B alone runs on a copy
        bufB = aligned_alloc(64, bytes + 64);
        memcpy(bufB, buf, bytes);
        repeat_blocks(bufB, bytes, size, getenv("KAB_REPEAT_B"));
    }
    const int byStack = getenv("KAB_STACK") && getenv("KAB_STACK")[0] == '1';
    double best[2] = {1e30, 1e30}, ratio[1000], bestAt[2][4] = {{1e30, 1e30, 1e30, 1e30}, {1e30, 1e30, 1e30, 1e30}};
    wc_code_sums last[2];
    int reps = (int)(64.0 * 1024 * 1024 / (double)bytes);
    if (reps < 1) reps = 1;
    for (int round = 0; round < rounds; round++) {
        double t[2];
        for (int k = 0; k < 2; k++) {
            wc_code_sums acc = {-1e4, 1e4, 0, 0, 0, 0, 0};  // extremes every value stays inside (see above)
            double t0 = now();
            for (int r = 0; r < reps; r++) run_deeper(byStack ? (size_t)(16 * (round % 4)) : 0, ks[k], k ? bufB : buf, blocks, size, window, &acc);
            t[k] = (now() - t0) / reps;
            if (t[k] < best[k]) best[k] = t[k];
            if (t[k] < bestAt[k][round % 4]) bestAt[k][round % 4] = t[k];
            last[k] = acc;
        }
        ratio[round] = t[0] / t[1];
    }
    qsort(ratio, (size_t)rounds, sizeof ratio[0], ascending);
    int same = memcmp(&last[0], &last[1], sizeof last[0]) == 0;
    printf("%s, %zu KiB: A %.2f GB/s, B %.2f GB/s, B/A %.3f best; ratio A time / B time by round: median %.3f, "
           "quartiles %.3f–%.3f (%d rounds); same bits: %s\n", argv[3], kib, bytes / best[0] / 1e9, bytes / best[1] / 1e9,
           best[0] / best[1], ratio[rounds / 2], ratio[rounds / 4], ratio[3 * rounds / 4], rounds, same ? "yes" : "NO");
    if (byStack)
        for (int k = 0; k < 2; k++)
            printf("  %s by stack offset 0/16/32/48 bytes: %.2f %.2f %.2f %.2f GB/s\n", k ? "B" : "A", bytes / bestAt[k][0] / 1e9,
                   bytes / bestAt[k][1] / 1e9, bytes / bestAt[k][2] / 1e9, bytes / bestAt[k][3] / 1e9);
    return same ? 0 : 1;
}
