// XXH3's accumulate (64-byte stripes into eight u64 lanes) and scramble steps on AVX2, as xxHash's
// XXH3_accumulate_512_avx2 / XXH3_scrambleAcc_avx2 do them; selected at run time by wc_cpu_has_avx2().
#include "include/wc_xxh3.h"

#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>

/// Stripes per block with the 192-byte default secret: (192 - 64) / 8.
#define WC_XXH3_STRIPES_PER_BLOCK 16
/// How far ahead of the stripe being hashed the loop asks for data (bytes), as xxHash does.
#define WC_XXH3_PREFETCH_DISTANCE 384
#define WC_XXH3_PRIME32_1 0x9E3779B1U

/// One stripe: acc += swap_adjacent_lanes(data) + lo32(data ^ key) * hi32(data ^ key), lane by lane.
__attribute__((target("avx2"), always_inline))
static inline void wc_xxh3_accumulate_512(__m256i acc[2], const uint8_t *input, const uint8_t *key) {
    for (int i = 0; i < 2; i++) {
        __m256i data = _mm256_loadu_si256((const __m256i *)(input + 32 * i));
        __m256i keyed = _mm256_xor_si256(data, _mm256_loadu_si256((const __m256i *)(key + 32 * i)));
        // The high 32 bits of each lane moved down, so mul_epu32 forms lo32 * hi32.
        __m256i keyedHigh = _mm256_shuffle_epi32(keyed, _MM_SHUFFLE(0, 3, 0, 1));
        __m256i product = _mm256_mul_epu32(keyed, keyedHigh);
        // Adjacent 64-bit lanes swapped: lane j gets data[j ^ 1].
        __m256i swapped = _mm256_shuffle_epi32(data, _MM_SHUFFLE(1, 0, 3, 2));
        acc[i] = _mm256_add_epi64(product, _mm256_add_epi64(acc[i], swapped));
    }
}

/// acc = ((acc ^ (acc >> 47)) ^ key) * PRIME32_1, the 64-bit product formed from two 32x32 multiplies.
__attribute__((target("avx2"), always_inline))
static inline void wc_xxh3_scramble(__m256i acc[2], const uint8_t *key) {
    const __m256i prime = _mm256_set1_epi32((int)WC_XXH3_PRIME32_1);
    for (int i = 0; i < 2; i++) {
        __m256i mixed = _mm256_xor_si256(acc[i], _mm256_srli_epi64(acc[i], 47));
        __m256i keyed = _mm256_xor_si256(mixed, _mm256_loadu_si256((const __m256i *)(key + 32 * i)));
        __m256i keyedHigh = _mm256_shuffle_epi32(keyed, _MM_SHUFFLE(0, 3, 0, 1));
        __m256i low = _mm256_mul_epu32(keyed, prime);
        __m256i high = _mm256_mul_epu32(keyedHigh, prime);
        acc[i] = _mm256_add_epi64(low, _mm256_slli_epi64(high, 32));
    }
}

__attribute__((target("avx2")))
size_t wc_xxh3_stripes_avx2(uint64_t acc[8], const uint8_t *input, size_t stripes, size_t stripe_in_block,
                            const uint8_t *secret) {
    __m256i lanes[2] = {_mm256_loadu_si256((const __m256i *)acc), _mm256_loadu_si256((const __m256i *)(acc + 4))};
    const uint8_t *scrambleKey = secret + 192 - 64;
    size_t s = stripe_in_block;
    while (stripes > 0) {
        size_t n = WC_XXH3_STRIPES_PER_BLOCK - s;
        if (n > stripes) n = stripes;
        // s + n <= 16, so the key at 8 * (s + i) reads secret bytes below 8 * 15 + 64 = 184 <= 192.
        for (size_t i = 0; i < n; i++) {
            // A hint only: prefetching past the end of the input never faults.
            _mm_prefetch((const char *)(input + 64 * i + WC_XXH3_PREFETCH_DISTANCE), _MM_HINT_T0);
            wc_xxh3_accumulate_512(lanes, input + 64 * i, secret + 8 * (s + i));
        }
        input += 64 * n;
        stripes -= n;
        s += n;
        if (s == WC_XXH3_STRIPES_PER_BLOCK) {
            wc_xxh3_scramble(lanes, scrambleKey);
            s = 0;
        }
    }
    _mm256_storeu_si256((__m256i *)acc, lanes[0]);
    _mm256_storeu_si256((__m256i *)(acc + 4), lanes[1]);
    return s;
}

#else

size_t wc_xxh3_stripes_avx2(uint64_t acc[8], const uint8_t *input, size_t stripes, size_t stripe_in_block,
                            const uint8_t *secret) {
    // Never called: wc_cpu_has_avx2() is 0 off x86.
    (void)acc; (void)input; (void)stripes; (void)secret;
    return stripe_in_block;
}

#endif
