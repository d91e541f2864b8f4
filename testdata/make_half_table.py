#!/usr/bin/env python3
"""Writes testdata/half/f16_to_f32.bin: every IEEE half bit pattern 0...65535, in order, converted to float32 by
numpy (`astype(np.float32)`), as 65536 little-endian uint32 bit patterns (256 KiB). HalfConversionTests holds the
Swift and F16C conversions to it. numpy keeps a signalling NaN's payload without setting the quiet bit; the
package's conversions (like F16C) return NaNs quiet, so the test compares NaNs with the quiet bit set on both sides.
"""
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
halves = np.arange(65536, dtype=np.uint16)
bits = halves.view(np.float16).astype(np.float32).view(np.uint32)
os.makedirs(os.path.join(HERE, "half"), exist_ok=True)
bits.astype("<u4").tofile(os.path.join(HERE, "half", "f16_to_f32.bin"))
print(f"numpy {np.__version__}: wrote {bits.size} conversions")
