// Exact integer moments of I32/U32 values on AVX2, selected at run time; the pure-Swift twin is
// Int32Moments.swiftTwin (TensorStatistics+Int32.swift). Integer sums: any order gives the same result.
#include "CWeightKernels.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

// Adds the 64-bit products in p (each < 2^64) to the 32-bit-half sums lo and hi.
#define WC_ADD_SQUARES(p) do { \
        lo = _mm256_add_epi64(lo, _mm256_and_si256((p), mask32)); \
        hi = _mm256_add_epi64(hi, _mm256_srli_epi64((p), 32)); \
    } while (0)

static inline __attribute__((always_inline, target("avx2")))
void wc_int32_loop(const unsigned char *p, size_t count, int isUnsigned, wc_int32_moments *out) {
    const __m256i zero = _mm256_setzero_si256(), mask32 = _mm256_set1_epi64x(0xFFFFFFFFLL);
    int32_t firstValue;
    __builtin_memcpy(&firstValue, p, 4);  // count ≥ 1
    __m256i first = _mm256_set1_epi32(firstValue);
    __m256i low = first, high = first, zeros = zero, sum = zero, lo = zero, hi = zero;
    size_t i = 0;
    for (; i + 8 <= count; i += 8) {
        _mm_prefetch((const char *)(p + 4 * i + 2048), _MM_HINT_T0);  // a hint: never faults
        __m256i x = _mm256_loadu_si256((const __m256i *)(const void *)(p + 4 * i));
        zeros = _mm256_sub_epi32(zeros, _mm256_cmpeq_epi32(x, zero));
        __m256i odd = _mm256_srli_epi64(x, 32);
        if (isUnsigned) {
            low = _mm256_min_epu32(low, x); high = _mm256_max_epu32(high, x);
            sum = _mm256_add_epi64(sum, _mm256_add_epi64(_mm256_and_si256(x, mask32), odd));
            WC_ADD_SQUARES(_mm256_mul_epu32(x, x));
            WC_ADD_SQUARES(_mm256_mul_epu32(odd, odd));
        } else {
            low = _mm256_min_epi32(low, x); high = _mm256_max_epi32(high, x);
            sum = _mm256_add_epi64(sum, _mm256_add_epi64(_mm256_cvtepi32_epi64(_mm256_castsi256_si128(x)),
                                                         _mm256_cvtepi32_epi64(_mm256_extracti128_si256(x, 1))));
            WC_ADD_SQUARES(_mm256_mul_epi32(x, x));      // x² ≤ 2^62: the bits are the unsigned value
            WC_ADD_SQUARES(_mm256_mul_epi32(odd, odd));  // mul_epi32 reads the low 32 bits as signed
        }
    }
    int32_t l[8], h[8], z[8];
    int64_t s[4];
    uint64_t a[4], b[4];
    _mm256_storeu_si256((__m256i *)(void *)l, low);
    _mm256_storeu_si256((__m256i *)(void *)h, high);
    _mm256_storeu_si256((__m256i *)(void *)z, zeros);
    _mm256_storeu_si256((__m256i *)(void *)s, sum);
    _mm256_storeu_si256((__m256i *)(void *)a, lo);
    _mm256_storeu_si256((__m256i *)(void *)b, hi);
    int64_t lowest = isUnsigned ? (int64_t)(uint32_t)l[0] : l[0], highest = isUnsigned ? (int64_t)(uint32_t)h[0] : h[0];
    uint64_t zeroCount = 0, squaresLow = a[0] + a[1] + a[2] + a[3], squaresHigh = b[0] + b[1] + b[2] + b[3];
    int64_t total = s[0] + s[1] + s[2] + s[3];
    for (int k = 0; k < 8; k++) {
        int64_t vl = isUnsigned ? (int64_t)(uint32_t)l[k] : l[k], vh = isUnsigned ? (int64_t)(uint32_t)h[k] : h[k];
        if (vl < lowest) lowest = vl;
        if (vh > highest) highest = vh;
        zeroCount += (uint32_t)z[k];
    }
    for (; i < count; i++) {
        uint32_t w;
        __builtin_memcpy(&w, p + 4 * i, 4);
        int64_t v = isUnsigned ? (int64_t)w : (int64_t)(int32_t)w;
        if (v < lowest) lowest = v;
        if (v > highest) highest = v;
        if (v == 0) zeroCount++;
        total += v;
        uint64_t q = (uint64_t)(v < 0 ? -v : v);
        q *= q;  // |v| ≤ 2^32 − 1: fits
        squaresLow += q & 0xFFFFFFFFu;
        squaresHigh += q >> 32;
    }
    out->low = lowest; out->high = highest; out->sum = total;
    out->squaresLow = squaresLow; out->squaresHigh = squaresHigh; out->zeros = zeroCount;
}

__attribute__((target("avx2")))
void wc_stats_int32_avx2(const void *src, size_t count, int isUnsigned, wc_int32_moments *out) {
    if (count == 0) return;
    if (isUnsigned) wc_int32_loop((const unsigned char *)src, count, 1, out);
    else wc_int32_loop((const unsigned char *)src, count, 0, out);
}

#else

void wc_stats_int32_avx2(const void *src, size_t count, int isUnsigned, wc_int32_moments *out) {
    (void)src; (void)count; (void)isUnsigned; (void)out;  // not reachable where wc_cpu_has_avx2() is 0
}

#endif
