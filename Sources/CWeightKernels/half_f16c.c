// Half-precision to single-precision conversion with the x86 F16C instruction (VCVTPH2PS), selected at run
// time; the pure-Swift twin is in Sources/WeightCheck/Kernels/HalfConversion.swift and tests hold them equal.
#include "CWeightKernels.h"
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#include <immintrin.h>

int wc_cpu_has_f16c(void) {
    unsigned int eax = 0, ebx = 0, ecx = 0, edx = 0;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    const unsigned int osxsave = 1u << 27, avx = 1u << 28, f16c = 1u << 29;
    if ((ecx & (osxsave | avx | f16c)) != (osxsave | avx | f16c)) return 0;
    // The OS must save the YMM state (XCR0 bits 1 and 2) for 256-bit instructions to be usable.
    unsigned int xcr0_lo = 0, xcr0_hi = 0;
    __asm__ volatile("xgetbv" : "=a"(xcr0_lo), "=d"(xcr0_hi) : "c"(0));
    (void)xcr0_hi;
    return (xcr0_lo & 6u) == 6u;
}

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

int wc_cpu_has_f16c(void) { return 0; }

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
