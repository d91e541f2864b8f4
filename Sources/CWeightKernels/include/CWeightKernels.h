// CWeightKernels: the few kernels that need CPU instructions Swift cannot select at run time.
// Each is behind runtime CPU detection and has a pure-Swift twin in Sources/WeightCheck/Kernels.
#ifndef CWEIGHTKERNELS_H
#define CWEIGHTKERNELS_H

#include <stddef.h>
#include <stdint.h>

#include "wc_prefetch.h"
#include "wc_sha256.h"

#endif
