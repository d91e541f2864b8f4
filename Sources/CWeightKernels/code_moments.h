// The arithmetic of Swift's CodeMoments (CodeMoments.swift, CodeStatistics+Legacy.swift's mayWiden), for the
// code-statistics kernels (stats_codes_*.c): the same operations in the same order, so the same bits. The
// target has no FMA, so no product is fused into a sum. Private to CWeightKernels.
#ifndef WC_CODE_MOMENTS_H
#define WC_CODE_MOMENTS_H

#include <stdint.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#include "wc_code_stats.h"

#define WC_CODES static inline __attribute__((always_inline, target("avx2,f16c,popcnt")))
#define WC_CODES_ENTRY __attribute__((target("avx2,f16c,popcnt")))

WC_CODES uint16_t wc_u16(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return v; }
WC_CODES uint32_t wc_u32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
WC_CODES uint64_t wc_u64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }

/// Whether a float is neither NaN nor ±Inf.
WC_CODES int wc_finite(float x) {
    uint32_t bits; memcpy(&bits, &x, 4);
    return (bits & 0x7F800000u) != 0x7F800000u;
}

/// CodeMoments.add(count:unit:k1:spread:), then add(count:mean:m2:).
WC_CODES void wc_add_block(wc_code_moments *s, int64_t values, double unit, int64_t k1, int64_t spread) {
    double nd = (double)values;
    double mean = unit * (double)k1 / nd;
    double m2 = unit * unit * (double)spread / nd;
    if (s->n == 0) s->shift = mean;
    double delta = mean - s->shift;
    s->sum += nd * delta;
    s->squares += m2 + nd * delta * delta;
    s->n += values;
    s->count += values;
}

/// CodeMoments.mayWiden(unit:_:_:): whether unit × kLow … unit × kHigh could pass the running extremes.
WC_CODES int wc_may_widen(const wc_code_moments *s, double unit, int64_t kLow, int64_t kHigh) {
    double a = unit * (double)kLow, b = unit * (double)kHigh;
    double lo = b < a ? b : a, hi = b > a ? b : a;  // Swift.min / Swift.max of finite values
    return lo < s->low || hi > s->high;
}

/// CodeMoments.extremes(unit:_:_:): widens the extremes with unit × kLow … unit × kHigh.
WC_CODES void wc_extremes(wc_code_moments *s, double unit, int64_t kLow, int64_t kHigh) {
    double a = unit * (double)kLow, b = unit * (double)kHigh;
    double lo = unit >= 0 ? a : b, hi = unit >= 0 ? b : a;
    if (lo < s->low) s->low = lo;
    if (hi > s->high) s->high = hi;
}

/// Summarized groups waiting to be added in order (wc_commit): per group its unit, Σk, n·Σk² − (Σk)², the bounds
/// of k, n and 1/n (n a power of two), zeros when the unit is not 0, and whether it ends its block.
#define WC_RECORDS 32
typedef struct {
    double unit[WC_RECORDS], k1[WC_RECORDS], spread[WC_RECORDS], kLow[WC_RECORDS], kHigh[WC_RECORDS];
    double n[WC_RECORDS], inv[WC_RECORDS];
    int64_t zeros[WC_RECORDS];
    uint8_t blockEnd[WC_RECORDS];
    int count;
} wc_records;

/// Appends a group (all integers below 2^53: exact as doubles).
WC_CODES void wc_record(wc_records *r, double unit, int64_t n, int64_t k1, int64_t k2, int64_t kLow, int64_t kHigh,
                        int64_t zeros, int blockEnd) {
    int i = r->count++;
    r->unit[i] = unit; r->k1[i] = (double)k1; r->spread[i] = (double)(n * k2 - k1 * k1);
    r->kLow[i] = (double)kLow; r->kHigh[i] = (double)kHigh; r->n[i] = (double)n; r->inv[i] = 1.0 / (double)n;
    r->zeros[i] = zeros; r->blockEnd[i] = (uint8_t)blockEnd;
}

/// Adds the records in order as CodeMoments.add(count:unit:k1:spread:) and addGroup/mayWiden do, four at a
/// time where the operations are independent (each lane the same IEEE operations as the Swift twin; x / n =
/// x × (1/n) exactly for n a power of two), the running sums one by one. Stops after a block whose bounds
/// could widen the extremes (pending = 2) or that fills the batch; returns the blocks added.
WC_CODES size_t wc_commit(wc_code_moments *s, wc_records *r) {
    int count = r->count;
    for (int i = count; i < ((count + 3) & ~3); i++) wc_record(r, 0, 1, 0, 0, 0, 0, 0, 0);  // padding, never added
    double t1[WC_RECORDS], t2[WC_RECORDS];
    int widen[WC_RECORDS];
    double shift = s->shift;
    const __m256d low = _mm256_set1_pd(s->low), high = _mm256_set1_pd(s->high);
    for (int i = 0; i < count; i += 4) {
        __m256d unit = _mm256_loadu_pd(r->unit + i), nd = _mm256_loadu_pd(r->n + i), inv = _mm256_loadu_pd(r->inv + i);
        __m256d mean = _mm256_mul_pd(_mm256_mul_pd(unit, _mm256_loadu_pd(r->k1 + i)), inv);
        __m256d m2 = _mm256_mul_pd(_mm256_mul_pd(_mm256_mul_pd(unit, unit), _mm256_loadu_pd(r->spread + i)), inv);
        if (i == 0 && s->n == 0) shift = _mm256_cvtsd_f64(mean);  // the first block of a batch sets the shift
        __m256d delta = _mm256_sub_pd(mean, _mm256_set1_pd(shift));
        __m256d a = _mm256_mul_pd(nd, delta);
        _mm256_storeu_pd(t1 + i, a);
        _mm256_storeu_pd(t2 + i, _mm256_add_pd(m2, _mm256_mul_pd(a, delta)));
        __m256d lo = _mm256_mul_pd(unit, _mm256_loadu_pd(r->kLow + i)), hi = _mm256_mul_pd(unit, _mm256_loadu_pd(r->kHigh + i));
        __m256d w = _mm256_or_pd(_mm256_cmp_pd(_mm256_min_pd(lo, hi), low, _CMP_LT_OQ),
                                 _mm256_cmp_pd(_mm256_max_pd(lo, hi), high, _CMP_GT_OQ));
        int mask = _mm256_movemask_pd(w);
        for (int j = 0; j < 4; j++) widen[i + j] = (mask >> j) & 1;
    }
    s->shift = shift;
    size_t blocks = 0;
    int scan = 0;
    for (int i = 0; i < count; i++) {
        s->sum += t1[i];
        s->squares += t2[i];
        int64_t n = (int64_t)r->n[i];
        s->n += n;
        s->count += n;
        s->zeroCount += r->unit[i] == 0 ? n : r->zeros[i];
        scan |= widen[i];
        if (r->blockEnd[i]) {
            blocks++;
            if (scan) { s->pending = 2; break; }
            if (s->n >= s->batch) break;
        }
    }
    return blocks;
}

/// Hints for four blocks of `size` bytes from p, 2 KiB ahead (hints never fault, even past the end), as WC_DRIVE
/// gives its eights.
WC_CODES void wc_prefetch_four(const uint8_t *p, size_t size) {
    for (size_t pf = 0; pf < 4 * size; pf += 64) _mm_prefetch((const char *)p + 2048 + pf, _MM_HINT_T0);
}

/// Whether any of the f16 scales in the low four lanes of h is NaN or ±Inf (its exponent all ones).
WC_CODES int wc_four_halves_bad(__m128i h) {
    const __m128i exponent = _mm_set1_epi16(0x7C00);
    return (_mm_movemask_epi8(_mm_cmpeq_epi16(_mm_and_si128(h, exponent), exponent)) & 0xFF) != 0;
}

/// Adds four records of n values each, each ending a block (lanes in order: units, Σk, n·Σk² − (Σk)², bounds of k,
/// zero codes as int64), exactly as wc_record and wc_commit would; or returns 0 and changes nothing where
/// wc_commit would stop inside them: a record whose bounds could widen the extremes, or the batch filling
/// before the fourth. (Four groups of one block may come here too: declining is always safe.)
WC_CODES int wc_commit_four(wc_code_moments *s, int64_t n, __m256d unit, __m256d k1, __m256d spread,
                            __m256d kLow, __m256d kHigh, __m256i zeros) {
    if (s->n + 3 * n >= s->batch) return 0;
    __m256d lo = _mm256_mul_pd(unit, kLow), hi = _mm256_mul_pd(unit, kHigh);
    __m256d w = _mm256_or_pd(_mm256_cmp_pd(_mm256_min_pd(lo, hi), _mm256_set1_pd(s->low), _CMP_LT_OQ),
                             _mm256_cmp_pd(_mm256_max_pd(lo, hi), _mm256_set1_pd(s->high), _CMP_GT_OQ));
    if (_mm256_movemask_pd(w)) return 0;
    const __m256d nd = _mm256_set1_pd((double)n), inv = _mm256_set1_pd(1.0 / (double)n);
    __m256d mean = _mm256_mul_pd(_mm256_mul_pd(unit, k1), inv);
    __m256d m2 = _mm256_mul_pd(_mm256_mul_pd(_mm256_mul_pd(unit, unit), spread), inv);
    if (s->n == 0) s->shift = _mm256_cvtsd_f64(mean);
    __m256d delta = _mm256_sub_pd(mean, _mm256_set1_pd(s->shift));
    __m256d a = _mm256_mul_pd(nd, delta);
    double t1[4], t2[4];
    _mm256_storeu_pd(t1, a);
    _mm256_storeu_pd(t2, _mm256_add_pd(m2, _mm256_mul_pd(a, delta)));
    for (int i = 0; i < 4; i++) {
        s->sum += t1[i];
        s->squares += t2[i];
    }
    s->n += 4 * n;
    s->count += 4 * n;
    __m256i unitZero = _mm256_castpd_si256(_mm256_cmp_pd(unit, _mm256_setzero_pd(), _CMP_EQ_OQ));
    __m256i z = _mm256_blendv_epi8(zeros, _mm256_set1_epi64x(n), unitZero);  // all n where the unit is 0
    __m128i z2 = _mm_add_epi64(_mm256_castsi256_si128(z), _mm256_extracti128_si256(z, 1));
    s->zeroCount += _mm_cvtsi128_si64(z2) + _mm_extract_epi64(z2, 1);
    return 1;
}

/// The loop of every kernel: `fill(p, &records)` appends block p's groups, or returns 0 for a block it cannot
/// summarize (then `pending` = 1 once the blocks before it are added); up to 8 blocks at a time are committed,
/// each eight's lines 2 KiB ahead prefetched.
#define WC_DRIVE(size, fill) do { s.pending = 0; WC_DRIVE_TO(size, fill, blocks); } while (0)

/// WC_DRIVE's loop up to block `end` (the caller clears `pending` first): it stopped early when b < end, or when
/// `pending` is set or the batch is full.
#define WC_DRIVE_TO(size, fill, end) do { \
        while (b < (end)) { \
            wc_records r_; r_.count = 0; \
            size_t k_ = 0, chunk_ = (end) - b < 8 ? (end) - b : 8; int bad_ = 0; \
            /* Hints 2 KiB ahead (never fault, even past the end): from memory the hardware prefetcher \
               alone leaves these kernels waiting on their first load of each line. */ \
            for (size_t pf_ = 0; pf_ < 8 * (size_t)(size); pf_ += 64) \
                _mm_prefetch((const char *)src + (size) * b + 2048 + pf_, _MM_HINT_T0); \
            for (; k_ < chunk_; k_++) { \
                const uint8_t *p_ = (const uint8_t *)src + (size) * (b + k_); \
                if (!(fill)) { bad_ = 1; break; } \
            } \
            size_t c_ = r_.count ? wc_commit(&s, &r_) : 0; \
            b += c_; \
            if (c_ < k_ || s.pending == 2 || s.n >= s.batch) break; \
            if (bad_) { s.pending = 1; break; } \
        } \
    } while (0)

/// WC_DRIVE for kernels with a four-block path: `four`, an expression over the four blocks at `q_`, adds the
/// first 0…4 of them (through wc_commit_four) and gives how many; unless it took all four, WC_DRIVE's loop takes
/// the next four blocks at most.
#define WC_DRIVE_FOURS(size, four, fill) do { \
        s.pending = 0; \
        while (b < blocks) { \
            const uint8_t *q_ = (const uint8_t *)src + (size) * b; \
            size_t took_ = b + 4 <= blocks ? (size_t)(four) : 0; \
            b += took_; \
            if (s.n >= s.batch) break; \
            if (took_ == 4) continue; \
            size_t end_ = b + 4 < blocks ? b + 4 : blocks; \
            WC_DRIVE_TO(size, fill, end_); \
            if (b < end_ || s.pending || s.n >= s.batch) break; \
        } \
    } while (0)

#endif  // x86

#endif
