// Writes ggml-made fixtures into the folder given as argv[1] (see make.sh, which compiles this file against the
// ggml that llama-cpp-python 0.3.36 vendors and links its libggml-base). Deterministic: a fixed xorshift stream.
//
//   Q8_1.bin / Q8_1.f32   8 blocks from quantize_row_q8_1_ref; expected floats d × q (see below)
//   Q8_K.bin / Q8_K.f32   4 blocks from quantize_row_q8_K_ref; expected floats from dequantize_row_q8_K
//   Q1_0.bin / Q1_0.f32   4 blocks from quantize_row_q1_0_ref; expected floats from dequantize_row_q1_0
//   type_sizes.tsv        id, name, elements per block, bytes per block for every ggml type ggml still knows
//
// ggml has no dequantize_row_q8_1 (its declaration is commented out in ggml-quants.h: Q8_1 is only ever the
// right-hand side of a dot product). Its expected floats are ggml_fp16_to_fp32(d) × qs[j] read through ggml's own
// block_q8_1 (ggml-common.h), which is what ggml_vec_dot_q4_1_q8_1 and friends multiply by.
// Scales spoiled on purpose after quantizing (the statistics tests count them as bad scales): Q8_1 block 4's s
// is +Inf (f16), Q8_K block 3's d is NaN (f32). Expected floats are computed after spoiling.
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ggml-quants.h"

static uint64_t state = 0x9E3779B97F4A7C15ull;

static double uniform(void) {
    state ^= state << 13; state ^= state >> 7; state ^= state << 17;
    return (double)(state >> 11) / 9007199254740992.0;  // [0, 1)
}

// Roughly normal weights (sum of four uniforms), σ ≈ 0.02, with a few ×12 outliers, as real tensors have.
static void weights(float *x, int n) {
    for (int i = 0; i < n; i++) {
        double s = uniform() + uniform() + uniform() + uniform() - 2.0;
        x[i] = (float)(s * 0.0346);
        if (i % 97 == 13) x[i] *= 12.0f;
    }
}

static void save(const char *dir, const char *name, const char *ext, const void *p, size_t size) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.%s", dir, name, ext);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(p, 1, size, f) != size || fclose(f) != 0) { perror(path); exit(1); }
}

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: %s OUTDIR\n", argv[0]); return 2; }
    const char *dir = argv[1];
    float x[4 * QK_K], y[4 * QK_K];

    enum { N81 = 8 };
    block_q8_1 q81[N81];
    weights(x, N81 * QK8_1);
    quantize_row_q8_1_ref(x, q81, N81 * QK8_1);
    q81[4].s = 0x7C00;  // +Inf
    for (int b = 0; b < N81; b++)
        for (int j = 0; j < QK8_1; j++) y[b * QK8_1 + j] = ggml_fp16_to_fp32(q81[b].d) * (float)q81[b].qs[j];
    save(dir, "Q8_1", "bin", q81, sizeof q81);
    save(dir, "Q8_1", "f32", y, sizeof(float) * N81 * QK8_1);

    enum { N8K = 4 };
    block_q8_K q8k[N8K];
    weights(x, N8K * QK_K);
    quantize_row_q8_K_ref(x, q8k, N8K * QK_K);
    q8k[3].d = NAN;
    dequantize_row_q8_K(q8k, y, N8K * QK_K);
    save(dir, "Q8_K", "bin", q8k, sizeof q8k);
    save(dir, "Q8_K", "f32", y, sizeof(float) * N8K * QK_K);

    enum { N10 = 4 };
    block_q1_0 q10[N10];
    weights(x, N10 * QK1_0);
    quantize_row_q1_0_ref(x, q10, N10 * QK1_0);
    dequantize_row_q1_0(q10, y, N10 * QK1_0);
    save(dir, "Q1_0", "bin", q10, sizeof q10);
    save(dir, "Q1_0", "f32", y, sizeof(float) * N10 * QK1_0);

    char path[4096];
    snprintf(path, sizeof path, "%s/type_sizes.tsv", dir);
    FILE *f = fopen(path, "w");
    if (!f) { perror(path); return 1; }
    fprintf(f, "# id\tname\telements_per_block\tbytes_per_block (ggml_blck_size, ggml_type_size; removed ids left out)\n");
    for (int t = 0; t < GGML_TYPE_COUNT; t++) {
        if (ggml_type_size((enum ggml_type)t) == 0) continue;  // removed types (Q4_2, Q4_0_4_4, ...) have no traits
        fprintf(f, "%d\t%s\t%lld\t%zu\n", t, ggml_type_name((enum ggml_type)t),
                (long long)ggml_blck_size((enum ggml_type)t), ggml_type_size((enum ggml_type)t));
    }
    return fclose(f) == 0 ? 0 : 1;
}
