// Runtime CPU feature detection for the kernels in this target.
#include "CWeightKernels.h"
