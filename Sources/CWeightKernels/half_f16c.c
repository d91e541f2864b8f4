// Half-precision to single-precision conversion with the x86 F16C instruction (VCVTPH2PS), selected at run
// time; the pure-Swift twin is in Sources/WeightCheck/Kernels/HalfConversion.swift and tests hold them equal.
#include "CWeightKernels.h"
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

__attribute__((target("f16c,avx")))
void wc_f16_to_f32_f16c(const void *src, float *dst, size_t count) {
    const unsigned char *bytes = (const unsigned char *)src;
    size_t i = 0;
    for (; i + 16 <= count; i += 16) {
        __m128i h0 = _mm_loadu_si128((const __m128i *)(bytes + 2 * i));
        __m128i h1 = _mm_loadu_si128((const __m128i *)(bytes + 2 * i + 16));
        _mm256_storeu_ps(dst + i, _mm256_cvtph_ps(h0));
        _mm256_storeu_ps(dst + i + 8, _mm256_cvtph_ps(h1));
    }
    for (; i < count; i++) {
        uint16_t h;
        memcpy(&h, bytes + 2 * i, 2);
        dst[i] = _mm_cvtss_f32(_mm_cvtph_ps(_mm_cvtsi32_si128(h)));
    }
}

#else

void wc_f16_to_f32_f16c(const void *src, float *dst, size_t count) {
    // Not reachable where wc_cpu_has_f16c() is 0; kept portable so the symbol exists on every target.
    const unsigned char *bytes = (const unsigned char *)src;
    for (size_t i = 0; i < count; i++) {
        uint16_t h;
        memcpy(&h, bytes + 2 * i, 2);
        uint32_t sign = (uint32_t)(h & 0x8000u) << 16, exp = (h >> 10) & 0x1Fu, man = h & 0x3FFu, bits;
        if (exp == 0x1F) bits = sign | 0x7F800000u | (man << 13) | (man ? 0x00400000u : 0);
        else if (exp != 0) bits = sign | ((exp + 112u) << 23) | (man << 13);
        else {
            float f = (float)man * (1.0f / 16777216.0f);
            memcpy(&bits, &f, 4);
            bits |= sign;
        }
        memcpy(dst + i, &bits, 4);
    }
}

#endif
