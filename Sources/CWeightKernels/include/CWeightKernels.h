// CWeightKernels: the few kernels that need CPU instructions Swift cannot select at run time.
// Each is behind runtime CPU detection and has a pure-Swift twin in Sources/WeightCheck/Kernels.
#ifndef CWEIGHTKERNELS_H
#define CWEIGHTKERNELS_H

#include <stddef.h>
#include <stdint.h>

#include "wc_prefetch.h"
#include "wc_sha256.h"

// ---- half-precision conversion (half_f16c.c) ----
/// 1 when this CPU and OS support F16C with AVX state (x86 only); 0 elsewhere.
int wc_cpu_has_f16c(void);
/// Converts `count` little-endian IEEE half-precision values at `src` (any alignment) to floats at `dst`.
/// Call only when wc_cpu_has_f16c() returned 1. NaNs come back quiet (the quiet bit set), as F16C does.
void wc_f16_to_f32_f16c(const void *src, float *dst, size_t count);
// ---- end half-precision conversion ----

#endif
