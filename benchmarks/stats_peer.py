#!/usr/bin/env python3
# The peer of `weightcheck stats`: the same per-tensor statistics written the way people do it today — gguf-py's
# GGUFReader and gguf.quants.dequantize, then numpy — so benchmarks/run.sh can time both on the same file.
"""Per-tensor min, max, mean, std (population, float64), NaN, Inf and zero counts of every tensor of a GGUF file.

  python3 benchmarks/stats_peer.py FILE.gguf [--json]

Mean and std are over finite values, like weightcheck's. --json prints {"path", "tensors": [{name, type, count,
min, max, mean, std, nan, inf, zeros}]} with the same keys as `weightcheck stats --json`.
"""
import json
import sys
import time

import numpy as np
from gguf import GGUFReader
from gguf.quants import dequantize


def summarize(values: np.ndarray) -> dict:
    v = values.reshape(-1)
    finite = np.isfinite(v)
    nan = int(np.isnan(v).sum())
    inf = int(v.size - finite.sum() - nan)
    f = v[finite].astype(np.float64) if not finite.all() else v.astype(np.float64)
    out = {"count": int(v.size), "nan": nan, "inf": inf, "zeros": int((v == 0).sum())}
    if f.size:
        out.update({"min": float(f.min()), "max": float(f.max()), "mean": float(f.mean()), "std": float(f.std())})
    else:
        out.update({"min": None, "max": None, "mean": None, "std": None})
    return out


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    as_json = "--json" in sys.argv
    if len(args) != 1:
        sys.exit(__doc__)
    start = time.perf_counter()
    reader = GGUFReader(args[0])
    rows = []
    for t in reader.tensors:
        if t.tensor_type.name in ("I8", "I16", "I32", "I64", "F64"):
            values = np.asarray(t.data, dtype=np.float64)  # gguf-py leaves these to numpy
        else:
            values = dequantize(t.data, t.tensor_type)
        rows.append({"name": t.name, "type": t.tensor_type.name, **summarize(values)})
    if as_json:
        print(json.dumps({"path": args[0], "tensors": rows}, indent=1))
    else:
        for r in rows:
            print(f"{r['name']:40s} {r['type']:6s} n={r['count']} min={r['min']} max={r['max']} "
                  f"mean={r['mean']} std={r['std']} nan={r['nan']} inf={r['inf']} zeros={r['zeros']}")
    print(f"{len(rows)} tensors in {time.perf_counter() - start:.2f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
