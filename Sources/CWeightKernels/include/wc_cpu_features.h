// Runtime CPU feature detection for the kernels in this target: the one place that asks the CPU (cpuid/xgetbv
// on x86, AT_HWCAP on Linux arm64). Detected once, on first call, and cached; every function is thread-safe.
// New kernels call these; they never run cpuid themselves. Bodies in cpu_features.c.
#ifndef WC_CPU_FEATURES_H
#define WC_CPU_FEATURES_H

/// 1 when this CPU and OS support F16C with AVX state (x86 only); 0 elsewhere.
int wc_cpu_has_f16c(void);

/// 1 when this CPU and OS support AVX2, FMA and F16C with the YMM state saved (x86 only); 0 elsewhere.
int wc_cpu_has_avx2(void);

/// 1 when this CPU and OS support, on top of wc_cpu_has_avx2, AVX-512 F, DQ, BW, VL, VBMI, VNNI and GFNI with the
/// opmask and ZMM state saved (x86 only); 0 elsewhere.
int wc_cpu_has_avx512(void);

/// 1 when this CPU has the SHA-256 instructions wc_sha256_blocks_hw needs (x86-64: SHA-NI with SSSE3 and
/// SSE4.1; arm64: the ARMv8 SHA2 extension), else 0.
int wc_sha256_hw_available(void);

#endif
