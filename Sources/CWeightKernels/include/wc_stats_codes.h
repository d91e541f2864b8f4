// Statistics from the codes of the legacy quants (Q4_0, Q4_1, Q5_0, Q5_1, Q8_0) and the K-quants (Q2_K..Q6_K)
// on AVX2 (stats_codes_legacy.c, stats_codes_kquants_*.c); the pure-Swift twins are CodeStatistics+Legacy/+KQuants/+Nibbles.
#ifndef WC_STATS_CODES_H
#define WC_STATS_CODES_H

#include <stddef.h>
#include <stdint.h>

/// The moments of the blocks a kernel summarized, as the Swift CodeMoments keeps a batch.
typedef struct {
    double low;       ///< in/out: the running minimum (widened by blocks the kernel summarizes value by value)
    double high;      ///< in/out: the running maximum, likewise
    double shift;     ///< out: the first summarized block's mean (set when `values` is 0)
    double sum;       ///< Σ over blocks of n·(mean − shift); start at 0
    double squares;   ///< Σ over blocks of M2 + n·(mean − shift)²; start at 0
    uint64_t values;  ///< values summarized (added to)
    uint64_t zeros;   ///< of them, values equal to ±0 (added to)
} wc_code_sums;

/// Each kernel summarizes whole blocks at `src` (any alignment) into `acc`, in order, and returns how many it
/// summarized: all `blocks`, or fewer when it stops before a block that needs the Swift kernel — a NaN/Inf
/// scale, or (Q3_K, Q6_K, Q4_1, Q5_1; Q4_0, Q5_0, Q8_0 and Q8_1 only where the scale is 0) a block whose code
/// bounds pass `acc->low`/`acc->high`, or one whose float arithmetic may round or that may hold a zero only a
/// per-value look can count. Q2_K, Q4_K and Q5_K take such blocks themselves, value by value; Q4_0, Q5_0, Q8_0 and
/// Q8_1 widen the extremes with a block's least and greatest code. Call only when wc_cpu_has_avx2() returned 1;
/// elsewhere they return 0.
size_t wc_codes_q4_0(const void *src, size_t blocks, wc_code_sums *acc);
size_t wc_codes_q4_1(const void *src, size_t blocks, wc_code_sums *acc);
size_t wc_codes_q5_0(const void *src, size_t blocks, wc_code_sums *acc);
size_t wc_codes_q5_1(const void *src, size_t blocks, wc_code_sums *acc);
size_t wc_codes_q8_0(const void *src, size_t blocks, wc_code_sums *acc);
size_t wc_codes_q8_1(const void *src, size_t blocks, wc_code_sums *acc);
size_t wc_codes_q2_k(const void *src, size_t blocks, wc_code_sums *acc);
size_t wc_codes_q3_k(const void *src, size_t blocks, wc_code_sums *acc);
size_t wc_codes_q4_k(const void *src, size_t blocks, wc_code_sums *acc);
size_t wc_codes_q5_k(const void *src, size_t blocks, wc_code_sums *acc);
size_t wc_codes_q6_k(const void *src, size_t blocks, wc_code_sums *acc);

/// The two variants behind a kernel that has an AVX-512 one, for the tests that hold them to each other (the
/// kernels above choose at run time): `_avx2` needs wc_cpu_has_avx2(), `_avx512` wc_cpu_has_avx512(). Both leave
/// the same bits.
size_t wc_codes_q4_0_avx2(const void *src, size_t blocks, wc_code_sums *acc);
size_t wc_codes_q4_0_avx512(const void *src, size_t blocks, wc_code_sums *acc);
size_t wc_codes_q8_0_avx2(const void *src, size_t blocks, wc_code_sums *acc);
size_t wc_codes_q8_0_avx512(const void *src, size_t blocks, wc_code_sums *acc);
size_t wc_codes_q8_1_avx2(const void *src, size_t blocks, wc_code_sums *acc);
size_t wc_codes_q8_1_avx512(const void *src, size_t blocks, wc_code_sums *acc);
size_t wc_codes_q4_k_avx2(const void *src, size_t blocks, wc_code_sums *acc);
size_t wc_codes_q4_k_avx512(const void *src, size_t blocks, wc_code_sums *acc);
size_t wc_codes_q5_k_avx2(const void *src, size_t blocks, wc_code_sums *acc);
size_t wc_codes_q5_k_avx512(const void *src, size_t blocks, wc_code_sums *acc);
size_t wc_codes_q6_k_avx2(const void *src, size_t blocks, wc_code_sums *acc);
size_t wc_codes_q6_k_avx512(const void *src, size_t blocks, wc_code_sums *acc);

#endif
