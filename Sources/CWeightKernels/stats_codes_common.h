// Helpers shared by the AVX2 and AVX-512 code-statistics kernels (stats_codes_legacy.c, stats_codes_kquants_*.c):
// byte-code sums, the block moments one block at a time as the Swift CodeMoments writes them, the running extremes
// as float bounds, and the two-unit block of the K-quants. (The legacy quants' eight-block lanes: stats_codes_legacy_lanes.h.)
#ifndef WC_STATS_CODES_COMMON_H
#define WC_STATS_CODES_COMMON_H

#include "CWeightKernels.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#include <math.h>
#include <string.h>

// No contraction of a·b + c into one FMA where the code does not ask for it: the K-quant kernels keep the Swift
// twins' roundings bit for bit (the target has FMA for the one-unit lanes, wc_add_four, which fuse on purpose).
#pragma clang fp contract(off)

#define WC_AVX2_FEATURES "avx2,f16c,popcnt,bmi,fma"
#define WC_AVX512_FEATURES WC_AVX2_FEATURES ",avx512f,avx512dq,avx512bw,avx512vl,avx512vbmi,avx512vnni,gfni"
#define WC_AVX2 __attribute__((always_inline, target(WC_AVX2_FEATURES))) static inline
/// Helpers that only the AVX-512 variants call (on CPUs where wc_cpu_has_avx512() returned 1).
#define WC_AVX512 __attribute__((always_inline, target(WC_AVX512_FEATURES))) static inline

/// The high nibble of each byte, as a byte (x >> 4): one GF2P8AFFINEQB, whose matrix takes bits 4–7 of a byte to
/// bits 0–3 (row i, the matrix's byte 7 − i, selects the bit that lands at bit i), where a shift and a mask took two.
WC_AVX512 __m512i wc_high_nibbles(__m512i x) {
    return _mm512_gf2p8affine_epi64_epi8(x, _mm512_set1_epi64(0x1020408000000000ll), 0);
}

/// Adjacent lanes added within each 128-bit lane (VSHUFPS, cheaper than a cross-lane permute): lanes 4k, 4k + 1
/// are a[4k] + a[4k + 1], a[4k + 2] + a[4k + 3]; lanes 4k + 2, 4k + 3 the same of b.
WC_AVX512 __m512i wc_pairs_within(__m512i a, __m512i b) {
    __m512 x = _mm512_castsi512_ps(a), y = _mm512_castsi512_ps(b);
    return _mm512_add_epi32(_mm512_castps_si512(_mm512_shuffle_ps(x, y, 0x88)), _mm512_castps_si512(_mm512_shuffle_ps(x, y, 0xDD)));
}

/// Defines the exported kernel `name` over an always-inline body `body(p, blocks, acc)` compiled for `features`,
/// run on a local copy of the sums: the block bytes are chars, which may alias `*acc`, so the compiler would keep
/// it in memory.
#define WC_CODES_KERNEL_FOR(name, body, features)                                          \
    __attribute__((target(features)))                                                     \
    size_t name(const void *src, size_t blocks, wc_code_sums *acc) {                       \
        wc_code_sums local = *acc;                                                         \
        size_t done = body((const unsigned char *)src, blocks, &local);                    \
        *acc = local;                                                                      \
        return done;                                                                       \
    }

/// The AVX2 kernel `name` over `name##_body`.
#define WC_CODES_KERNEL(name) WC_CODES_KERNEL_FOR(name, name##_body, WC_AVX2_FEATURES)

/// A kernel with an AVX-512 variant that leaves the same bits: `name##_avx2` over `name##_body`, `name##_avx512`
/// over `name##_body_avx512`, and `name`, which runs the second where wc_cpu_has_avx512() says it may.
#define WC_CODES_KERNEL_WIDE(name)                                                         \
    WC_CODES_KERNEL_FOR(name##_avx2, name##_body, WC_AVX2_FEATURES)                        \
    WC_CODES_KERNEL_FOR(name##_avx512, name##_body_avx512, WC_AVX512_FEATURES)             \
    size_t name(const void *src, size_t blocks, wc_code_sums *acc) {                       \
        return wc_cpu_has_avx512() ? name##_avx512(src, blocks, acc) : name##_avx2(src, blocks, acc); \
    }

/// The f16 at p as a float (exact; NaN/Inf stay so).
WC_AVX2 float wc_half(const unsigned char *p) {
    uint16_t h;
    memcpy(&h, p, 2);
    return _cvtsh_ss(h);
}

WC_AVX2 uint16_t wc_u16le(const unsigned char *p) {
    uint16_t h;
    memcpy(&h, p, 2);
    return h;
}

WC_AVX2 __m256i wc_load32(const unsigned char *p) { return _mm256_loadu_si256((const __m256i *)p); }
WC_AVX2 __m128i wc_load16(const unsigned char *p) { return _mm_loadu_si128((const __m128i *)p); }

/// Σq² and Σq of the 16 byte codes (< 128) in each 128-bit half of q: out[0] Σq² low, [1] Σq low, [2] Σq² high, [3] Σq high.
WC_AVX2 void wc_sums_2x16(__m256i q, int out[4]) {
    const __m256i ones8 = _mm256_set1_epi8(1), ones16 = _mm256_set1_epi16(1);
    __m256i squares = _mm256_madd_epi16(_mm256_maddubs_epi16(q, q), ones16);  // pairs ≤ 2·127²: no saturation
    __m256i sums = _mm256_madd_epi16(_mm256_maddubs_epi16(q, ones8), ones16);
    __m256i h = _mm256_hadd_epi32(squares, sums);
    h = _mm256_hadd_epi32(h, h);
    out[0] = _mm256_extract_epi32(h, 0);
    out[1] = _mm256_extract_epi32(h, 1);
    out[2] = _mm256_extract_epi32(h, 4);
    out[3] = _mm256_extract_epi32(h, 5);
}

/// How many of the 32 byte codes of q equal c.
WC_AVX2 int wc_count32(__m256i q, int c) {
    return __builtin_popcount((unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(q, _mm256_set1_epi8((char)c))));
}

/// The fifth bits of 32 values (bit j of x for byte j), as 16 or 0 per byte (ggml's bytes_from_bits_32).
WC_AVX2 __m256i wc_bits32(uint32_t x) {
    const __m256i shuffle = _mm256_set_epi64x(0x0303030303030303, 0x0202020202020202, 0x0101010101010101, 0);
    __m256i r = _mm256_shuffle_epi8(_mm256_set1_epi32((int)x), shuffle);
    r = _mm256_or_si256(r, _mm256_set1_epi64x(0x7fbfdfeff7fbfdfe));
    return _mm256_and_si256(_mm256_cmpeq_epi8(r, _mm256_set1_epi64x(-1)), _mm256_set1_epi8(16));
}

/// Adds a block of `n` finite values with mean `mean` and M2 `m2` (CodeMoments.add(count:mean:m2:)).
WC_AVX2 void wc_add_block(wc_code_sums *acc, int n, double mean, double m2) {
    if (acc->values == 0) acc->shift = mean;
    double delta = mean - acc->shift, nd = (double)n;
    acc->sum += nd * delta;
    acc->squares += m2 + nd * delta * delta;
    acc->values += (uint64_t)n;
}

/// wc_add_block for four blocks of n values each, means and M2s a block per lane: the shift, deltas and terms
/// computed four at a time (the same operations per lane), the running sums added in block order.
WC_AVX2 void wc_add_blocks4(wc_code_sums *acc, int n, __m256d mean, __m256d m2) {
    const __m256d nd = _mm256_set1_pd((double)n);
    if (acc->values == 0) acc->shift = _mm256_cvtsd_f64(mean);
    __m256d delta = _mm256_sub_pd(mean, _mm256_set1_pd(acc->shift));
    __m256d t1 = _mm256_mul_pd(nd, delta);
    __m256d t2 = _mm256_add_pd(m2, _mm256_mul_pd(t1, delta));  // m2 + nd·delta·delta
    double u1[4], u2[4];
    _mm256_storeu_pd(u1, t1);
    _mm256_storeu_pd(u2, t2);
    for (int i = 0; i < 4; i++) {
        acc->sum += u1[i];
        acc->squares += u2[i];
    }
    acc->values += 4 * (uint64_t)n;
}

/// Whether unit·kLow … unit·kHigh could pass the running extremes (CodeMoments.mayWiden).
WC_AVX2 int wc_may_widen(const wc_code_sums *acc, double unit, int kLow, int kHigh) {
    double a = unit * (double)kLow, b = unit * (double)kHigh;
    return (a < b ? a : b) < acc->low || (a > b ? a : b) > acc->high;
}

/// Adds a one-unit block of `n` values unit·k with Σk = k1, Σk² = k2 and `zeros` codes k = 0
/// (CodeMoments.add(count:unit:k1:spread:) and addGroup).
WC_AVX2 void wc_add_one_unit(wc_code_sums *acc, int n, double unit, int64_t k1, int64_t k2, int zeros) {
    double nd = (double)n;
    int64_t spread = (int64_t)n * k2 - k1 * k1;
    wc_add_block(acc, n, unit * (double)k1 / nd, unit * unit * (double)spread / nd);
    acc->zeros += unit == 0 ? (uint64_t)n : (uint64_t)zeros;
}

/// The sums of eight vectors of 8 × i32, in order: lane j is the sum of v[j]'s lanes (a hadd tree).
WC_AVX2 __m256i wc_hsum8x8(const __m256i v[8]) {
    __m256i a = _mm256_hadd_epi32(_mm256_hadd_epi32(v[0], v[1]), _mm256_hadd_epi32(v[2], v[3]));
    __m256i b = _mm256_hadd_epi32(_mm256_hadd_epi32(v[4], v[5]), _mm256_hadd_epi32(v[6], v[7]));
    return _mm256_add_epi32(_mm256_permute2x128_si256(a, b, 0x20), _mm256_permute2x128_si256(a, b, 0x31));
}

/// The running extremes as floats for comparing float bounds: low rounded up, high rounded down, so that for any
/// float x, x < low ⟺ x < bounds.low and x > high ⟺ x > bounds.high (no float lies strictly between).
typedef struct { float low, high; } wc_bounds;

WC_AVX2 wc_bounds wc_bounds_of(const wc_code_sums *acc) {
    wc_bounds b = {(float)acc->low, (float)acc->high};
    if ((double)b.low < acc->low) b.low = nextafterf(b.low, INFINITY);
    if ((double)b.high > acc->high) b.high = nextafterf(b.high, -INFINITY);
    return b;
}

/// Adds a block of n finite floats value by value: extremes (widening acc's), ±0 count, and a two-pass mean and M2,
/// each sum over eight lanes of doubles (four per register, two registers) added up at the end.
WC_AVX2 void wc_add_values(wc_code_sums *acc, const float *x, int n) {
    __m256d s0 = _mm256_setzero_pd(), s1 = _mm256_setzero_pd();
    __m256 lo = _mm256_set1_ps(INFINITY), hi = _mm256_set1_ps(-INFINITY);
    int zeros = 0, i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256 v = _mm256_loadu_ps(x + i);
        lo = _mm256_min_ps(v, lo);
        hi = _mm256_max_ps(v, hi);
        zeros += __builtin_popcount((unsigned)_mm256_movemask_ps(_mm256_cmp_ps(v, _mm256_setzero_ps(), _CMP_EQ_OQ)));
        s0 = _mm256_add_pd(s0, _mm256_cvtps_pd(_mm256_castps256_ps128(v)));
        s1 = _mm256_add_pd(s1, _mm256_cvtps_pd(_mm256_extractf128_ps(v, 1)));
    }
    double lanes[4];
    _mm256_storeu_pd(lanes, _mm256_add_pd(s0, s1));
    double sum = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
    float l[8], h[8];
    _mm256_storeu_ps(l, lo);
    _mm256_storeu_ps(h, hi);
    float low = l[0], high = h[0];
    for (int k = 1; k < 8; k++) {
        low = l[k] < low ? l[k] : low;
        high = h[k] > high ? h[k] : high;
    }
    for (int j = i; j < n; j++) {
        sum += (double)x[j];
        low = x[j] < low ? x[j] : low;
        high = x[j] > high ? x[j] : high;
        zeros += x[j] == 0;
    }
    double mean = sum / n, m2 = 0;
    const __m256d mv = _mm256_set1_pd(mean);
    s0 = s1 = _mm256_setzero_pd();
    for (int j = 0; j + 8 <= n; j += 8) {
        __m256 v = _mm256_loadu_ps(x + j);
        __m256d a = _mm256_sub_pd(_mm256_cvtps_pd(_mm256_castps256_ps128(v)), mv);
        __m256d b = _mm256_sub_pd(_mm256_cvtps_pd(_mm256_extractf128_ps(v, 1)), mv);
        s0 = _mm256_add_pd(s0, _mm256_mul_pd(a, a));
        s1 = _mm256_add_pd(s1, _mm256_mul_pd(b, b));
    }
    _mm256_storeu_pd(lanes, _mm256_add_pd(s0, s1));
    m2 = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
    for (int j = i; j < n; j++) {
        double dx = (double)x[j] - mean;
        m2 += dx * dx;
    }
    wc_add_block(acc, n, mean, m2);
    acc->zeros += (uint64_t)zeros;
    if ((double)low < acc->low) acc->low = (double)low;
    if ((double)high > acc->high) acc->high = (double)high;
}

/// A two-unit block: x = d·A − dmin·M (CodeMoments.TwoUnitBlock, the same checks in the same order).
typedef struct {
    int64_t sA, sA2, sAM, sM, sM2;
    int zeros, zeroCheck, scMax, mMax;
    double low, high;
} wc_two_unit;

WC_AVX2 void wc_two_unit_init(wc_two_unit *t) {
    memset(t, 0, sizeof *t);
    t->low = INFINITY;
    t->high = -INFINITY;
}

/// Adds a group of n values (scale code sc, min code m, Σq, Σq², q ≤ qmax); dl = d·sc, ml = dmin·m in float;
/// `zeroCodes` is the count of q = 0 (used only when ml = 0).
WC_AVX2 void wc_two_unit_add(wc_two_unit *t, int n, int sc, int m, int sq, int sq2, float dl, float ml, int qmax,
                             int zeroCodes) {
    t->sA += (int64_t)sc * sq;
    t->sA2 += (int64_t)sc * sc * sq2;
    t->sAM += (int64_t)sc * m * sq;
    t->sM += (int64_t)m * n;
    t->sM2 += (int64_t)m * m * n;
    if (sc > t->scMax) t->scMax = sc;
    if (m > t->mMax) t->mMax = m;
    double a = -(double)ml, b = (double)dl * (double)qmax - (double)ml;
    double lo = a < b ? a : b, hi = a > b ? a : b;  // finite: d and dmin are
    if (lo < t->low) t->low = lo;
    if (hi > t->high) t->high = hi;
    if (dl == 0) {
        if (ml == 0) t->zeros += n;
    } else if (ml == 0) {
        t->zeros += zeroCodes;
    } else {
        double r = (double)ml / (double)dl;
        if (r >= 0 && r <= (double)qmax && (double)(int64_t)r == r) t->zeroCheck = 1;
    }
}

/// The exponent of the lowest set bit of a finite non-zero float.
WC_AVX2 int wc_lowest_bit(float f) {
    uint32_t bits;
    memcpy(&bits, &f, 4);
    bits &= 0x7FFFFFFFu;
    int e = (int)(bits >> 23);
    uint32_t m = bits & 0x7FFFFFu;
    return e == 0 ? -149 + __builtin_ctz(m) : e - 150 + __builtin_ctz(m | 0x800000u);
}

/// The exponent of the lowest set bit of each of eight finite non-zero floats (lanes of zeros: anything).
WC_AVX2 __m256i wc_lowest_bits8(__m256 f) {
    const __m256i zero = _mm256_setzero_si256();
    __m256i bits = _mm256_and_si256(_mm256_castps_si256(f), _mm256_set1_epi32(0x7FFFFFFF));
    __m256i e = _mm256_srli_epi32(bits, 23), mantissa = _mm256_and_si256(bits, _mm256_set1_epi32(0x7FFFFF));
    __m256i normal = _mm256_cmpgt_epi32(e, zero);
    __m256i full = _mm256_or_si256(mantissa, _mm256_and_si256(normal, _mm256_set1_epi32(0x800000)));
    __m256i lowest = _mm256_and_si256(full, _mm256_sub_epi32(zero, full));  // a power of two ≤ 2^23: exact as a float
    __m256i zerosBelow = _mm256_sub_epi32(_mm256_srli_epi32(_mm256_castps_si256(_mm256_cvtepi32_ps(lowest)), 23),
                                          _mm256_set1_epi32(127));
    // Subnormals: the exponent field 0 stands for 1 (−149 = 1 − 150).
    return _mm256_add_epi32(_mm256_sub_epi32(_mm256_max_epi32(e, _mm256_set1_epi32(1)), _mm256_set1_epi32(150)), zerosBelow);
}

/// Whether every value of the block is exact in float (TwoUnitBlock.isExact).
WC_AVX2 int wc_two_unit_exact(const wc_two_unit *t, float d, float dmin, int qmax) {
    double bound = fabs((double)d) * (double)(t->scMax * qmax) + fabs((double)dmin) * (double)t->mMax;
    if (!(bound > 0)) return 1;
    int lsb = 1 << 30;
    if (d != 0 && t->scMax > 0) { int b = wc_lowest_bit(d); if (b < lsb) lsb = b; }
    if (dmin != 0 && t->mMax > 0) { int b = wc_lowest_bit(dmin); if (b < lsb) lsb = b; }
    // 2^(lsb + 24) from its bits: lsb ≥ −149, and lsb + 24 ≤ 127, within the normal doubles.
    uint64_t bits = (uint64_t)(lsb + 24 + 1023) << 52;
    double limit;
    memcpy(&limit, &bits, 8);
    return bound < limit;
}

/// Adds a checked two-unit block when the kernel may (no zero check, bounds within the extremes): 1 if added,
/// 0 if the Swift kernel must take it (CodeMoments.addTwoUnit's scan cases).
WC_AVX2 int wc_two_unit_finish(wc_code_sums *acc, const wc_two_unit *t, int n, float d, float dmin) {
    if (t->zeroCheck || t->low < acc->low || t->high > acc->high) return 0;
    double nd = (double)n, dd = (double)d, dm = (double)dmin;
    int64_t cAA = (int64_t)n * t->sA2 - t->sA * t->sA, cAM = (int64_t)n * t->sAM - t->sA * t->sM;
    int64_t cMM = (int64_t)n * t->sM2 - t->sM * t->sM;
    double m2 = (dd * dd * (double)cAA - 2 * dd * dm * (double)cAM + dm * dm * (double)cMM) / nd;
    wc_add_block(acc, n, (dd * (double)t->sA - dm * (double)t->sM) / nd, m2 > 0 ? m2 : 0);
    acc->zeros += (uint64_t)t->zeros;
    return 1;
}

#endif
#endif
