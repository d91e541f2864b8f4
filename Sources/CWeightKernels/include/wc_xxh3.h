// XXH3's long-input stripe loop on AVX2 (xxh3_avx2.c): the accumulate and scramble steps shared by XXH3-64 and
// XXH3-128. The pure-Swift twin is XXH3.consumeStripesSwift (Sources/WeightCheck/Kernels/Hash/XXH3+Long.swift).
#ifndef WC_XXH3_H
#define WC_XXH3_H

#include <stddef.h>
#include <stdint.h>

#include "wc_cpu_features.h"  // wc_cpu_has_avx2(): detection lives in cpu_features.c

/// Accumulates `stripes` whole 64-byte stripes at `input` into the eight lanes `acc`, starting at stripe
/// `stripe_in_block` (0...15) of the current 16-stripe block and scrambling at each block's end, keyed by the
/// 192-byte default secret `secret` (`XXH3_accumulate` + `XXH3_scrambleAcc` of xxHash 0.8). Returns the next
/// stripe's position in its block. `input` needs `64 * stripes` readable bytes (any alignment).
/// Call only when wc_cpu_has_avx2() returned 1.
size_t wc_xxh3_stripes_avx2(uint64_t acc[8], const uint8_t *input, size_t stripes, size_t stripe_in_block,
                            const uint8_t *secret);

#endif
