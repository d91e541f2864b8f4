// SHA-256 block functions on the CPU's SHA instructions (x86-64 SHA-NI, ARMv8 SHA2), with runtime detection.
// The pure-Swift twin is Sources/WeightCheck/Kernels/SHA256+Compress.swift; tests hold them equal.
#ifndef WC_SHA256_H
#define WC_SHA256_H

#include <stddef.h>
#include <stdint.h>

#include "wc_cpu_features.h"  // wc_sha256_hw_available(): detection lives in cpu_features.c

/// Compresses `nblocks` whole 64-byte blocks at `data` into `state` (H0..H7, native integers) with the
/// hardware path for this architecture. Call only when wc_sha256_hw_available() returned 1.
void wc_sha256_blocks_hw(uint32_t state[8], const uint8_t *data, size_t nblocks);

#if defined(__x86_64__) || defined(_M_X64)
/// The x86-64 SHA-NI block function (needs SHA, SSE4.1, SSSE3).
void wc_sha256_blocks_shani(uint32_t state[8], const uint8_t *data, size_t nblocks);
#endif

#if defined(__aarch64__) || defined(_M_ARM64)
/// The ARMv8 SHA2 block function.
void wc_sha256_blocks_armv8(uint32_t state[8], const uint8_t *data, size_t nblocks);
#endif

#endif
