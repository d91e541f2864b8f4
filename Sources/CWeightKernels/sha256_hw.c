// SHA-256 compression on the CPU's SHA instructions: x86-64 SHA-NI and ARMv8 SHA2, selected at run time by
// wc_sha256_hw_available() (cpu_features.c).
// Each function processes whole 64-byte blocks; padding and buffering stay in Swift (SHA256.swift).
#include "include/wc_sha256.h"

#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>
#elif defined(__aarch64__)
#include <arm_neon.h>
#endif

static const uint32_t wc_k256[64] __attribute__((aligned(16))) = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

// The 64 rounds on message groups m0..m3, as 16 groups of four: the order both instruction sets need. Each
// architecture below defines WC_QROUND (four rounds) and WC_SCHED (the next four message words) for it.
#define WC_ROUNDS_64()                                                     \
    do {                                                                   \
        WC_QROUND(0, m0); WC_QROUND(1, m1); WC_QROUND(2, m2); WC_QROUND(3, m3); \
        WC_SCHED(m0, m1, m2, m3); WC_QROUND(4, m0);                        \
        WC_SCHED(m1, m2, m3, m0); WC_QROUND(5, m1);                        \
        WC_SCHED(m2, m3, m0, m1); WC_QROUND(6, m2);                        \
        WC_SCHED(m3, m0, m1, m2); WC_QROUND(7, m3);                        \
        WC_SCHED(m0, m1, m2, m3); WC_QROUND(8, m0);                        \
        WC_SCHED(m1, m2, m3, m0); WC_QROUND(9, m1);                        \
        WC_SCHED(m2, m3, m0, m1); WC_QROUND(10, m2);                       \
        WC_SCHED(m3, m0, m1, m2); WC_QROUND(11, m3);                       \
        WC_SCHED(m0, m1, m2, m3); WC_QROUND(12, m0);                       \
        WC_SCHED(m1, m2, m3, m0); WC_QROUND(13, m1);                       \
        WC_SCHED(m2, m3, m0, m1); WC_QROUND(14, m2);                       \
        WC_SCHED(m3, m0, m1, m2); WC_QROUND(15, m3);                       \
    } while (0)

#if defined(__x86_64__) || defined(_M_X64)

// Four rounds: message words `m` (already byte-swapped) plus round constants K[4g..4g+3].
#define WC_QROUND(g, m)                                                          \
    do {                                                                         \
        __m128i wk = _mm_add_epi32((m), _mm_load_si128((const __m128i *)&wc_k256[4 * (g)])); \
        s1 = _mm_sha256rnds2_epu32(s1, s0, wk);                                  \
        wk = _mm_shuffle_epi32(wk, 0x0E);                                        \
        s0 = _mm_sha256rnds2_epu32(s0, s1, wk);                                  \
    } while (0)

// Message schedule: W[4g..4g+3] from the four previous groups, written over the oldest (m0).
#define WC_SCHED(m0, m1, m2, m3) \
    m0 = _mm_sha256msg2_epu32(_mm_add_epi32(_mm_sha256msg1_epu32(m0, m1), _mm_alignr_epi8(m3, m2, 4)), m3)

__attribute__((target("sha,sse4.1,ssse3")))
void wc_sha256_blocks_shani(uint32_t state[8], const uint8_t *data, size_t nblocks) {
    const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    // state[0..7] = A..H; the instructions want ABEF and CDGH.
    __m128i tmp = _mm_loadu_si128((const __m128i *)&state[0]);
    __m128i s1 = _mm_loadu_si128((const __m128i *)&state[4]);
    tmp = _mm_shuffle_epi32(tmp, 0xB1);          // CDAB
    s1 = _mm_shuffle_epi32(s1, 0x1B);            // EFGH
    __m128i s0 = _mm_alignr_epi8(tmp, s1, 8);    // ABEF
    s1 = _mm_blend_epi16(s1, tmp, 0xF0);         // CDGH

    while (nblocks--) {
        const __m128i abef = s0, cdgh = s1;
        __m128i m0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 0)), bswap);
        __m128i m1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 16)), bswap);
        __m128i m2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 32)), bswap);
        __m128i m3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 48)), bswap);
        WC_ROUNDS_64();
        s0 = _mm_add_epi32(s0, abef);
        s1 = _mm_add_epi32(s1, cdgh);
        data += 64;
    }

    tmp = _mm_shuffle_epi32(s0, 0x1B);           // FEBA
    s1 = _mm_shuffle_epi32(s1, 0xB1);            // DCHG
    s0 = _mm_blend_epi16(tmp, s1, 0xF0);         // DCBA
    s1 = _mm_alignr_epi8(s1, tmp, 8);            // ABEF
    _mm_storeu_si128((__m128i *)&state[0], s0);
    _mm_storeu_si128((__m128i *)&state[4], s1);
}

#undef WC_QROUND
#undef WC_SCHED

#elif defined(__aarch64__)

#define WC_QROUND(g, m)                                                   \
    do {                                                                  \
        uint32x4_t wk = vaddq_u32((m), vld1q_u32(&wc_k256[4 * (g)]));     \
        uint32x4_t prev = s0;                                             \
        s0 = vsha256hq_u32(s0, s1, wk);                                   \
        s1 = vsha256h2q_u32(s1, prev, wk);                                \
    } while (0)

#define WC_SCHED(m0, m1, m2, m3) m0 = vsha256su1q_u32(vsha256su0q_u32(m0, m1), m2, m3)

__attribute__((target("+sha2")))
void wc_sha256_blocks_armv8(uint32_t state[8], const uint8_t *data, size_t nblocks) {
    uint32x4_t s0 = vld1q_u32(&state[0]);  // ABCD
    uint32x4_t s1 = vld1q_u32(&state[4]);  // EFGH
    while (nblocks--) {
        const uint32x4_t abcd = s0, efgh = s1;
        uint32x4_t m0 = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(data + 0)));
        uint32x4_t m1 = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(data + 16)));
        uint32x4_t m2 = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(data + 32)));
        uint32x4_t m3 = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(data + 48)));
        WC_ROUNDS_64();
        s0 = vaddq_u32(s0, abcd);
        s1 = vaddq_u32(s1, efgh);
        data += 64;
    }
    vst1q_u32(&state[0], s0);
    vst1q_u32(&state[4], s1);
}

#undef WC_QROUND
#undef WC_SCHED

#endif

void wc_sha256_blocks_hw(uint32_t state[8], const uint8_t *data, size_t nblocks) {
#if defined(__x86_64__) || defined(_M_X64)
    wc_sha256_blocks_shani(state, data, nblocks);
#elif defined(__aarch64__)
    wc_sha256_blocks_armv8(state, data, nblocks);
#else
    (void)state; (void)data; (void)nblocks;
#endif
}
