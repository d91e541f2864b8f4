// Runtime CPU feature detection for the kernels in this target: the only file that runs cpuid / xgetbv or reads
// AT_HWCAP. One detection, on first use, cached in one atomic word; the functions declared in wc_cpu_features.h
// read bits of it.
#include "include/wc_cpu_features.h"
#include <stdatomic.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#elif defined(__aarch64__) && defined(__linux__)
#include <sys/auxv.h>
#ifndef HWCAP_SHA2
#define HWCAP_SHA2 (1 << 6)
#endif
#endif

enum {
    WC_FEAT_DETECTED = 1 << 0,  // set once detection ran, so 0 means "not yet"
    WC_FEAT_F16C = 1 << 1,      // F16C + AVX + OSXSAVE, and the OS saves the YMM state
    WC_FEAT_AVX2 = 1 << 2,      // AVX2 and FMA on top of WC_FEAT_F16C
    WC_FEAT_SHA = 1 << 3,       // x86-64 SHA-NI (+SSSE3, SSE4.1) or ARMv8 SHA2
    WC_FEAT_AVX512 = 1 << 4,    // AVX-512 F, DQ, BW, VL, VBMI, VNNI and GFNI on top of WC_FEAT_AVX2, the ZMM state saved
};

static int wc_detect_features(void) {
    int bits = WC_FEAT_DETECTED;
#if defined(__x86_64__) || defined(__i386__)
    unsigned int eax = 0, ebx = 0, ecx = 0, edx = 0;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return bits;
    const unsigned int leaf1_ecx = ecx;
    const unsigned int fma = 1u << 12, ssse3 = 1u << 9, sse41 = 1u << 19, osxsave = 1u << 27, avx = 1u << 28, f16c = 1u << 29;
    int ymm_ok = 0, zmm_ok = 0;
    if ((leaf1_ecx & (osxsave | avx | f16c)) == (osxsave | avx | f16c)) {
        // The OS must save the YMM state (XCR0 bits 1 and 2) for 256-bit instructions to be usable, and the
        // opmask and ZMM state (bits 5, 6, 7) for AVX-512.
        unsigned int xcr0_lo = 0, xcr0_hi = 0;
        __asm__ volatile("xgetbv" : "=a"(xcr0_lo), "=d"(xcr0_hi) : "c"(0));
        (void)xcr0_hi;
        ymm_ok = (xcr0_lo & 6u) == 6u;
        zmm_ok = (xcr0_lo & 0xE6u) == 0xE6u;
    }
    if (ymm_ok) bits |= WC_FEAT_F16C;
    if (__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) {
        if (ymm_ok && (leaf1_ecx & fma) && ((ebx >> 5) & 1u)) bits |= WC_FEAT_AVX2;
        // F (ebx 16), DQ (17), BW (30), VL (31); VBMI (ecx 1), GFNI (ecx 8), VNNI (ecx 11). Every CPU with VBMI
        // and VNNI so far has GFNI too (Ice Lake and later, Zen 4 and later).
        const unsigned int f_dq_bw_vl = (1u << 16) | (1u << 17) | (1u << 30) | (1u << 31);
        const unsigned int vbmi_vnni = (1u << 1) | (1u << 8) | (1u << 11);
        if ((bits & WC_FEAT_AVX2) && zmm_ok && (ebx & f_dq_bw_vl) == f_dq_bw_vl && (ecx & vbmi_vnni) == vbmi_vnni)
            bits |= WC_FEAT_AVX512;
#if defined(__x86_64__)
        if ((leaf1_ecx & ssse3) && (leaf1_ecx & sse41) && ((ebx >> 29) & 1u)) bits |= WC_FEAT_SHA;
#endif
    }
    (void)ssse3; (void)sse41;
#elif defined(__aarch64__)
#if defined(__APPLE__)
    bits |= WC_FEAT_SHA;  // every Apple arm64 CPU has the SHA2 instructions
#elif defined(__linux__)
    if (getauxval(AT_HWCAP) & HWCAP_SHA2) bits |= WC_FEAT_SHA;
#endif
#endif
    return bits;
}

// 0: not yet detected. Detection is idempotent, so threads that race here only repeat the same store; the
// accesses are atomic (relaxed) so that race is defined behaviour (`volatile` is not; TSan reported it).
static _Atomic int wc_features_cached = 0;

static int wc_features(void) {
    int v = atomic_load_explicit(&wc_features_cached, memory_order_relaxed);
    if (v == 0) {
        v = wc_detect_features();
        atomic_store_explicit(&wc_features_cached, v, memory_order_relaxed);
    }
    return v;
}

int wc_cpu_has_f16c(void) { return (wc_features() & WC_FEAT_F16C) != 0; }

int wc_cpu_has_avx2(void) { return (wc_features() & WC_FEAT_AVX2) != 0; }

int wc_cpu_has_avx512(void) { return (wc_features() & WC_FEAT_AVX512) != 0; }

int wc_sha256_hw_available(void) { return (wc_features() & WC_FEAT_SHA) != 0; }
