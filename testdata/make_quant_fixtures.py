#!/usr/bin/env python3
"""Writes the dequantization fixtures under testdata/quant/ (run from anywhere; deterministic):

  <TYPE>.bin   a few whole blocks of TYPE (raw bytes as a GGUF or safetensors file stores them)
  <TYPE>.f32   the reference dequantized values, little-endian float32
  stats.json   numpy float64 statistics of each reference, and the expected bad-scale block counts

Oracles: gguf-py (`gguf.quants.quantize` / `dequantize`) for every GGML type it handles; numpy `astype` for
plain types; ml_dtypes for the F8/F6/F4 dtypes. gguf-py has no Q8_1, Q8_K or Q1_0 class: their blocks and
references are made by ggml's own C code (testdata/ggml_oracle/gen.c, run by its make.sh) and copied here.
Quantizable types (Q4_0..Q8_0, TQ1_0, TQ2_0, MXFP4, BF16) are quantized from random normals; the other block
types are random bytes with their scale fields overwritten by sane values. Some blocks get NaN/Inf scales on
purpose (see BAD) so bad-scale counting and NaN handling are covered.

Packing conventions for safetensors' sub-byte dtypes (the format names them, not their order):
F4 holds two values per byte, the low nibble first; F6_* hold four values per three bytes as a little-endian
bit stream (value k in bits 6k..6k+5 of the 24-bit word).

Statistics (and "hist16", numpy.histogram with 16 bins over [min, max]): over the finite values (as float64) of the reference float32 output; for F64, I32, I64, U32, U64
over the stored values converted to float64 (no float32 rounding). nan/inf/zeros are counted over all values.
"""
import json
import os

import numpy as np
import gguf
from gguf import GGMLQuantizationType as T
import ml_dtypes

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "quant")
rng = np.random.default_rng(20240604)
F16_NAN, F16_INF = 0x7E00, 0x7C00

stats = {}


def f16_bytes(values):
    return np.asarray(values, dtype=np.float16).view(np.uint8)


def sane_f16(n, lo=1e-4, hi=2e-2):
    mag = np.exp(rng.uniform(np.log(lo), np.log(hi), n))
    return mag.astype(np.float16)


def describe(values64):
    v = np.asarray(values64, dtype=np.float64)
    finite = v[np.isfinite(v)]
    out = {
        "count": int(v.size),
        "nan": int(np.isnan(v).sum()),
        "inf": int(np.isinf(v).sum()),
        "zeros": int((v == 0).sum()),
        "finite": int(finite.size),
    }
    if finite.size:
        # Floats as repr strings: the shortest text that reads back to the same double in any correct parser.
        out.update(min=repr(float(finite.min())), max=repr(float(finite.max())), mean=repr(float(finite.mean())),
                   std=repr(float(finite.std())))
        counts, _ = np.histogram(finite, bins=16, range=(finite.min(), finite.max()))
        out["hist16"] = [int(c) for c in counts]
    else:
        out.update(min=None, max=None, mean=None, std=None)
    return out


def write(name, raw, ref32, stats_values=None, bad_scales=0):
    raw = np.ascontiguousarray(raw).view(np.uint8).ravel()
    ref32 = np.ascontiguousarray(ref32, dtype=np.float32).ravel()
    raw.tofile(os.path.join(OUT, f"{name}.bin"))
    ref32.astype("<f4").tofile(os.path.join(OUT, f"{name}.f32"))
    s = describe(ref32.astype(np.float64) if stats_values is None else stats_values)
    s["bad_scales"] = int(bad_scales)
    stats[name] = s


def weights(n):
    x = rng.normal(0, 0.02, n).astype(np.float32)
    x[rng.integers(0, n, max(1, n // 97))] *= 12  # a few outliers
    return x


# ---- types gguf-py quantizes -------------------------------------------------------------------------
QUANTIZED = {T.Q4_0: 8, T.Q4_1: 8, T.Q5_0: 8, T.Q5_1: 8, T.Q8_0: 8, T.TQ1_0: 4, T.TQ2_0: 4, T.MXFP4: 8}
# (type, byte offset of a scale to spoil, block, value) — f16 bit patterns unless noted
BAD = {
    T.Q4_0: [(0, 2, F16_NAN)],
    T.Q5_1: [(2, 3, F16_INF)],
    T.TQ2_0: [(64, 1, F16_INF)],
    T.Q4_K: [(0, 1, F16_NAN), (2, 3, F16_INF)],
    T.Q2_K: [(82, 2, F16_INF)],
    T.Q6_K: [(208, 2, F16_NAN)],
    T.IQ2_XS: [(0, 3, F16_INF)],
    T.IQ4_NL: [(0, 7, F16_NAN)],
}


def spoil(qtype, blocks_u8):
    count = 0
    for off, blk, bits in BAD.get(qtype, []):
        blocks_u8[blk, off:off + 2] = np.array([bits], dtype=np.uint16).view(np.uint8)
        count += 1
    return count


for qtype, nblocks in QUANTIZED.items():
    bs, ts = gguf.GGML_QUANT_SIZES[qtype]
    x = weights(nblocks * bs).reshape(1, -1)
    q = gguf.quants.quantize(x, qtype).reshape(nblocks, ts).copy()
    bad = spoil(qtype, q)
    if qtype == T.MXFP4:
        q[5, 0] = 0xFF  # E8M0 NaN scale (ggml decodes it as 2^127: finite values, still a bad scale)
        q[6, 0] = 0x00  # smallest scale, 2^-128 (subnormal half-scale)
        bad += 1
    ref = gguf.quants.dequantize(q.reshape(1, -1), qtype)
    write(qtype.name, q, ref, bad_scales=bad)

# ---- block types from random bytes with sane scales --------------------------------------------------
RANDOM = {
    T.Q2_K: [80, 82], T.Q3_K: [108], T.Q4_K: [0, 2], T.Q5_K: [0, 2], T.Q6_K: [208],
    T.IQ2_XXS: [0], T.IQ2_XS: [0], T.IQ2_S: [0], T.IQ3_XXS: [0], T.IQ3_S: [0], T.IQ1_S: [0],
    T.IQ4_NL: [0], T.IQ4_XS: [0], T.IQ1_M: [], T.NVFP4: [],
}
for qtype, scale_offsets in RANDOM.items():
    bs, ts = gguf.GGML_QUANT_SIZES[qtype]
    nblocks = 8 if bs <= 64 else 4
    q = rng.integers(0, 256, (nblocks, ts), dtype=np.uint8)
    for off in scale_offsets:
        q[:, off:off + 2] = f16_bytes(sane_f16(nblocks)).reshape(nblocks, 2)
    if qtype == T.IQ1_M:
        d = sane_f16(nblocks).view(np.uint16)
        sc = q[:, 48:56].copy().view(np.uint16) & np.uint16(0x0FFF)
        for k in range(4):
            sc[:, k] |= ((d >> np.uint16(4 * k)) & np.uint16(0xF)) << np.uint16(12)
        sc[3, :] = (sc[3, :] & np.uint16(0x0FFF)) | (((np.uint16(F16_INF) >> np.uint16(4 * np.arange(4, dtype=np.uint16))) & np.uint16(0xF)) << np.uint16(12))
        q[:, 48:56] = sc.view(np.uint8).reshape(nblocks, 8)
    if qtype == T.NVFP4:
        # UE4M3 scales with exponents 4..10 and any mantissa; one 0x7F (decoded as 0) to cover that case
        q[:, 0:4] = ((rng.integers(4, 11, (nblocks, 4)) << 3) | rng.integers(0, 8, (nblocks, 4))).astype(np.uint8)
        q[1, 2] = 0x7F
    bad = spoil(qtype, q) + (1 if qtype == T.IQ1_M else 0)
    ref = gguf.quants.dequantize(q.reshape(1, -1), qtype)
    write(qtype.name, q, ref, bad_scales=bad)

# These draws once made the hand-written Q8_1, Q8_K and Q1_0 blocks (now made by ggml, below); they stay so the
# random stream, and so every fixture after this line, is byte-for-byte what it was.
rng.integers(-128, 128, (8, 32)); sane_f16(8)
rng.integers(-128, 128, (4, 256)); rng.uniform(1e-4, 1e-2, 4)
rng.integers(0, 256, (4, 16), dtype=np.uint8); sane_f16(4)

# ---- plain types -------------------------------------------------------------------------------------
N = 256
x = weights(N)
x[[3, 77]] = np.nan
x[[5]] = np.inf
x[[9]] = -np.inf
x[[11, 12, 13]] = 0.0
x[14] = -0.0
x[15] = 1e-42  # subnormal
write("F32", x, x)

h = rng.integers(0, 65536, N, dtype=np.uint16)  # every kind of half: subnormals, NaNs, infinities
h[:8] = [0x0000, 0x8000, 0x0001, 0x83FF, 0x7C00, 0xFC00, 0x7E00, 0x7C01]
write("F16", h, h.view(np.float16).astype(np.float32))

bf = gguf.quants.quantize(x.reshape(1, -1), T.BF16)
write("BF16", bf, gguf.quants.dequantize(bf, T.BF16))

f64 = rng.normal(0, 1, N) * np.exp(rng.uniform(-30, 30, N))
f64[[1, 2]] = [1e100, -1e100]  # overflow float32 to +-Inf but are finite float64 values
f64[7] = np.nan
write("F64", f64, f64.astype(np.float32), stats_values=f64)

for name, dt in [("I8", np.int8), ("I16", np.int16), ("I32", np.int32), ("I64", np.int64),
                 ("U8", np.uint8), ("U16", np.uint16), ("U32", np.uint32), ("U64", np.uint64)]:
    info = np.iinfo(dt)
    v = rng.integers(info.min, info.max, N, dtype=dt, endpoint=True)
    v[:3] = [info.min, info.max, 0]
    wide = v.astype(np.float64) if name in ("I32", "I64", "U32", "U64") else None
    write(name, v.astype(v.dtype.newbyteorder("<")), v.astype(np.float32), stats_values=wide)

b = (rng.integers(0, 2, N) == 1)
write("BOOL", b.astype(np.uint8), b.astype(np.float32))

for name, dt in [("F8_E4M3", ml_dtypes.float8_e4m3fn), ("F8_E5M2", ml_dtypes.float8_e5m2),
                 ("F8_E8M0", ml_dtypes.float8_e8m0fnu), ("F8_E4M3FNUZ", ml_dtypes.float8_e4m3fnuz),
                 ("F8_E5M2FNUZ", ml_dtypes.float8_e5m2fnuz)]:
    codes = np.arange(256, dtype=np.uint8)  # every code once
    write(name, codes, codes.view(dt).astype(np.float32))

codes = np.arange(256, dtype=np.uint8)  # F4: every nibble pair once
nib = np.stack([codes & 0xF, codes >> 4], axis=1).ravel().astype(np.uint8)
write("F4", codes, nib.view(ml_dtypes.float4_e2m1fn).astype(np.float32))

for name, dt in [("F6_E2M3", ml_dtypes.float6_e2m3fn), ("F6_E3M2", ml_dtypes.float6_e3m2fn)]:
    vals = np.concatenate([np.arange(64), rng.integers(0, 64, 64)]).astype(np.uint32)  # every code, then random
    words = vals.reshape(-1, 4)
    w = words[:, 0] | (words[:, 1] << 6) | (words[:, 2] << 12) | (words[:, 3] << 18)
    packed = np.stack([w & 0xFF, (w >> 8) & 0xFF, (w >> 16) & 0xFF], axis=1).astype(np.uint8)
    write(name, packed, vals.astype(np.uint8).view(dt).astype(np.float32))

# ---- block types gguf-py cannot dequantize: blocks and expected floats made by ggml itself --------------------
# testdata/ggml_oracle/make.sh compiles gen.c against ggml (quantize_row_*_ref, dequantize_row_q8_K/q1_0; Q8_1 has
# no dequantize_row in ggml, see gen.c) and runs this script after it. Last, so the rng stream above is unchanged.
GGML = os.path.join(HERE, "ggml_oracle")
for name, bad in [("Q8_1", 1), ("Q8_K", 1), ("Q1_0", 0)]:  # gen.c spoils Q8_1 block 4's s and Q8_K block 3's d
    raw = np.fromfile(os.path.join(GGML, f"{name}.bin"), dtype=np.uint8)
    write(name, raw, np.fromfile(os.path.join(GGML, f"{name}.f32"), dtype="<f4"), bad_scales=bad)

with open(os.path.join(OUT, "stats.json"), "w") as f:
    json.dump(stats, f, indent=1, sort_keys=True)
    f.write("\n")
print(f"wrote {len(stats)} fixtures to {OUT}")
