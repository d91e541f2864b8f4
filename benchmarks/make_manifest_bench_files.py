#!/usr/bin/env python3
"""Writes ~1 GB of model files for the manifest benchmark into a folder (default /tmp/wc-manifest-bench):
a 0.9 GB safetensors file of 64 BF16/F32 tensors, a 100 MB GGUF (F16) and the small files beside them.
Random bytes (numpy, seeded), so no kernel can skip work. Not committed: run it, then manifest_vs_openssl.sh."""
import json, os, sys
import numpy as np

out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/wc-manifest-bench"
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(6)

from safetensors.numpy import save_file
tensors = {}
for i in range(64):
    # 64 × 14 MiB ≈ 0.94 GB; alternate dtypes as real checkpoints mix them.
    n = 14 << 20
    if i % 2:
        tensors[f"model.layers.{i}.weight"] = rng.integers(0, 2**32, size=n // 4, dtype=np.uint32).view(np.float32)
    else:
        tensors[f"model.layers.{i}.weight"] = rng.integers(0, 2**16, size=n // 2, dtype=np.uint16)
save_file(tensors, os.path.join(out, "model.safetensors"))
del tensors

import gguf
w = gguf.GGUFWriter(os.path.join(out, "small.gguf"), "llama")
for i in range(16):
    w.add_tensor(f"blk.{i}.ffn.weight", rng.standard_normal((1024, 3072), dtype=np.float32).astype(np.float16))
w.write_header_to_file(); w.write_kv_data_to_file(); w.write_tensors_to_file(); w.close()

json.dump({"architectures": ["LlamaForCausalLM"], "hidden_size": 4096}, open(os.path.join(out, "config.json"), "w"))
open(os.path.join(out, "LICENSE"), "w").write("Apache License 2.0\n" * 500)
open(os.path.join(out, "tokenizer.json"), "wb").write(rng.integers(32, 127, size=2 << 20, dtype=np.uint8).tobytes())
total = sum(os.path.getsize(os.path.join(out, f)) for f in os.listdir(out))
print(f"{out}: {total / 1e9:.3f} GB in {len(os.listdir(out))} files")
