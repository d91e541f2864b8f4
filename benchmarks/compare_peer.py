#!/usr/bin/env python3
# The peer of `weightcheck compare`: the same per-tensor comparison written the way people do it today, with
# gguf-py + safetensors + numpy. Benchmarks time it against the Swift command on the same pair of files.
"""Compare a Hugging Face safetensors reference with a GGUF candidate, tensor by tensor.

  python3 benchmarks/compare_peer.py REFERENCE CANDIDATE.gguf [--json]

REFERENCE: a .safetensors file, or a folder holding model.safetensors or model-0000k-of-0000n.safetensors shards
(and config.json, unused: the architecture and head counts come from the GGUF metadata).

Per matched tensor: rmse, max_abs, cosine, snr_db in float64 (snr_db null when the error is exactly zero), the
Q/K permutation undone for the llama family, Gemma norm weights compared as stored (+1), experts sliced out of
the stacked GGUF tensors. Prints one line per tensor, unmatched names, and the total time on stderr.
"""
import json
import os
import re
import sys
import time

import numpy as np
try:
    import ml_dtypes  # noqa: F401  (registers numpy's bfloat16, which safetensors' numpy loader needs for BF16)
except ImportError:
    pass
import gguf
from gguf import GGUFReader
from gguf.quants import dequantize
from safetensors import safe_open

SKIPPED_SUFFIXES = (".attention.masked_bias", ".attention.bias", ".rotary_emb.inv_freq")


def reference_files(path: str) -> list[str]:
    if os.path.isfile(path):
        return [path]
    names = sorted(n for n in os.listdir(path) if n.endswith(".safetensors"))
    return [os.path.join(path, n) for n in names]


def field_int(reader: GGUFReader, key: str) -> int | None:
    f = reader.fields.get(key)
    if f is None:
        return None
    return int(f.parts[f.data[0]][0])


def field_str(reader: GGUFReader, key: str) -> str | None:
    f = reader.fields.get(key)
    if f is None:
        return None
    return bytes(f.parts[f.data[0]]).decode("utf-8")


def unpermute(w: np.ndarray, n_head: int) -> np.ndarray:
    """Inverse of convert_hf_to_gguf.py LlamaModel.permute (n_head: head_count for Q, head_count_kv for K)."""
    return (w.reshape(n_head, w.shape[0] // n_head // 2, 2, *w.shape[1:])
            .swapaxes(1, 2)
            .reshape(w.shape))


def map_name(arch: str, tmap, hf: str, n_head: int | None, n_head_kv: int | None):
    """HF name -> (GGUF name, expert index or None, reference transform, candidate transform), or None."""
    if hf.endswith(SKIPPED_SUFFIXES):
        return None
    name = hf
    if arch == "bert" and name.startswith("bert."):
        name = name[5:]
    if arch in ("gemma3", "qwen2moe", "qwen3moe"):
        name = name.replace("language_model.", "")
    if arch in ("gemma", "gemma2") and name == "lm_head.weight":
        return None
    ref_fn = cand_fn = None
    if arch in ("gemma", "gemma2", "gemma3") and name.endswith("norm.weight"):
        ref_fn = lambda x: x + 1  # noqa: E731  (stored plus one)
    if arch == "llama" and name.endswith(("q_proj.weight", "q_proj.bias")) and n_head:
        cand_fn = lambda x: unpermute(x, n_head)  # noqa: E731
    if arch == "llama" and name.endswith(("k_proj.weight", "k_proj.bias")) and (n_head_kv or n_head):
        cand_fn = lambda x: unpermute(x, n_head_kv or n_head)  # noqa: E731
    expert = None
    m = re.match(r"^(model\.layers\.\d+\.(?:mlp|block_sparse_moe)\.experts)\.(\d+)\.(.*)$", name)
    if m:
        name, expert = f"{m.group(1)}.{m.group(3)}", int(m.group(2))
    g = tmap.get_name(name, try_suffixes=(".weight", ".bias"))
    return None if g is None else (g, expert, ref_fn, cand_fn)


def figures(ref: np.ndarray, cand: np.ndarray) -> dict:
    r = ref.astype(np.float64).ravel()
    c = cand.astype(np.float64).ravel()
    e = c - r
    sse, rr, cc, dot = float(e @ e), float(r @ r), float(c @ c), float(r @ c)
    cos = 1.0 if rr == 0 and cc == 0 else (0.0 if rr == 0 or cc == 0 else dot / np.sqrt(rr * cc))
    return {
        "rmse": float(np.sqrt(sse / max(1, r.size))),
        "max_abs": float(np.max(np.abs(e))) if e.size else 0.0,
        "cosine": float(cos),
        "snr_db": None if sse == 0 or rr == 0 else float(10 * np.log10(rr / sse)),
    }


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 64
    as_json = "--json" in sys.argv
    start = time.perf_counter()

    reader = GGUFReader(args[1])
    arch = field_str(reader, "general.architecture") or ""
    n_head = field_int(reader, f"{arch}.attention.head_count")
    n_head_kv = field_int(reader, f"{arch}.attention.head_count_kv")
    n_blocks = field_int(reader, f"{arch}.block_count") or 256
    arch_enum = next((k for k, v in gguf.MODEL_ARCH_NAMES.items() if v == arch), None)
    tmap = gguf.get_tensor_name_map(arch_enum, n_blocks) if arch_enum is not None else None
    cand = {t.name: t for t in reader.tensors}

    rows, unmatched_ref, used = [], [], set()
    for path in reference_files(args[0]):
        with safe_open(path, framework="np") as f:
            for hf in f.keys():
                if hf in cand:
                    target = (hf, None, None, None)
                elif tmap is not None:
                    target = map_name(arch, tmap, hf, n_head, n_head_kv)
                else:
                    target = None
                if target is None or target[0] not in cand:
                    unmatched_ref.append(hf)
                    continue
                name, expert, ref_fn, cand_fn = target
                t = cand[name]
                used.add(name)
                ref = f.get_tensor(hf).astype(np.float32)
                if ref_fn is not None:
                    ref = ref_fn(ref)
                values = dequantize(t.data, t.tensor_type)
                shape = tuple(int(x) for x in reversed(t.shape))
                values = values.reshape(shape)
                if expert is not None:
                    values = values[expert]
                if cand_fn is not None and values.size == ref.size:
                    values = cand_fn(values.reshape(ref.shape))
                if values.size != ref.size:
                    rows.append({"reference": hf, "candidate": name, "type": t.tensor_type.name,
                                 "problem": f"shape {list(ref.shape)} vs {list(values.shape)}"})
                    continue
                rows.append({"reference": hf, "candidate": name, "type": t.tensor_type.name,
                             **figures(ref.reshape(values.shape), values)})
    elapsed = time.perf_counter() - start
    unmatched_cand = [n for n in cand if n not in used]
    if as_json:
        json.dump({"reference": args[0], "candidate": args[1], "tensors": rows,
                   "unmatched_reference": unmatched_ref, "unmatched_candidate": unmatched_cand,
                   "seconds": elapsed}, sys.stdout, indent=1)
        print()
    else:
        for r in rows:
            if "problem" in r:
                print(f"{r['candidate']:32} {r['type']:6} {r['problem']}")
                continue
            snr = "inf" if r["snr_db"] is None else f"{r['snr_db']:.2f}"
            print(f"{r['candidate']:32} {r['type']:6} rmse {r['rmse']:.6g}  max_abs {r['max_abs']:.6g}  "
                  f"cosine {r['cosine']:.7f}  snr_db {snr}")
        print(f"unmatched reference: {unmatched_ref}")
        print(f"unmatched candidate: {unmatched_cand}")
    print(f"compare_peer: {len(rows)} tensors in {elapsed:.3f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
