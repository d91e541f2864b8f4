// Statistics from codes on AVX2 for the IQ, FP4 and ternary types (stats_codes_iq.c, stats_codes_nibbles.c,
// stats_codes_ternary.c). Each kernel is its Swift twin in Sources/WeightCheck/Kernels/Statistics/CodeStatistics+IQ1/
// +IQ2/+Nibbles/+Ternary, adding the same values in the same order, so the two leave the same bits; the tables come
// from the Swift side.
#ifndef WC_CODE_STATS_H
#define WC_CODE_STATS_H

#include <stddef.h>
#include <stdint.h>

/// The state of a CodeMoments accumulator (Swift's CodeMoments), handed to a kernel and back.
typedef struct {
    double low, high;          ///< running extremes (the kernels only read them, except TQ1_0/TQ2_0)
    double shift, sum, squares; ///< the open batch: its shift, Σ(x − shift), Σ(x − shift)²
    int64_t n;                 ///< values in the open batch
    int64_t count;             ///< values summarized (added to)
    int64_t zeroCount;         ///< values equal to ±0 (added to)
    int64_t batch;             ///< a kernel returns once n reaches this, for the caller to flush
    int32_t pending;           ///< set on return: 0 none, 1 block `returned` needs the value-by-value path,
                               ///< 2 block `returned − 1` was summarized and needs its extremes scanned
} wc_code_moments;

/// The kernels: each summarizes whole blocks of its type from `src` (any alignment; `blocks` × the block size
/// readable) and returns how many it consumed: all of them, or fewer when `m->pending` is set or the batch is
/// full. Call only when wc_cpu_has_avx2() returned 1.

/// IQ1_S (50 bytes), IQ1_M (56): `rows` is CodeTables.iq1SignedRows (4096 entries: grid index | negative
/// delta << 11 gives A + B · 2^16 with A = 8Σg + 8s, B = 64Σg² + 16sΣg + 8 for the row's 8 values).
size_t wc_codes_iq1_s(const void *src, size_t blocks, const int32_t *rows, wc_code_moments *m);
size_t wc_codes_iq1_m(const void *src, size_t blocks, const int32_t *rows, wc_code_moments *m);

/// IQ2_XXS (kind 0, 66 bytes), IQ2_XS (1, 74), IQ2_S (2, 82), IQ3_XXS (3, 98), IQ3_S (4, 110): `table` holds
/// int32 entries Σ(±g) + Σg² · 2^16 of a grid row under a sign pattern (CodeTables.SignedGrid.packed: IQ2_XXS
/// by row | 7-bit sign index << 8, IQ2_XS by the stored u16, IQ3 by 16 × row + 4-bit pattern), except for
/// IQ2_S, where it is the grid itself (1024 rows of 8 bytes); `maxValue` is the grid's largest value.
size_t wc_codes_iq_grid(int kind, const void *src, size_t blocks, const void *table, int32_t maxValue,
                        wc_code_moments *m);

/// IQ4_NL (kind 0, 18 bytes), IQ4_XS (1, 136), MXFP4 (2, 17), NVFP4 (3, 36): `levels` the 16 signed levels of
/// a nibble (IQ4 levels; E2M1 doubled), `units` the float unit per scale byte (MXFP4: e8m0Half, NVFP4:
/// ue4m3Half; unused otherwise).
size_t wc_codes_nibbles(int kind, const void *src, size_t blocks, const int8_t *levels, const float *units,
                        wc_code_moments *m);

/// TQ1_0 (kind 0, 54 bytes) and TQ2_0 (kind 1, 66 bytes).
size_t wc_codes_ternary(int kind, const void *src, size_t blocks, wc_code_moments *m);

/// Q1_0 (18 bytes: f16 d, 128 sign bits).
size_t wc_codes_q1_0(const void *src, size_t blocks, wc_code_moments *m);

#endif
