#!/usr/bin/env python3
# Writes a real-sized reference/candidate pair for timing `weightcheck compare` against benchmarks/compare_peer.py:
# a llama-shaped BF16 safetensors model and its gguf-py quantization, into benchmarks/work/ (not committed).
"""Make a real-sized compare pair.

  python3 benchmarks/make_compare_pair.py [--layers 16] [--hidden 2048] [--ff 5632] [--vocab 32000] [--type Q8_0]

Defaults give a TinyLlama-1.1B-shaped model (~1.1 G parameters: 2.2 GB BF16 reference, 1.2 GB Q8_0 candidate).
Output: benchmarks/work/pair/reference/{model.safetensors,config.json}, benchmarks/work/pair/candidate-<type>.gguf.
Then:
  python3 benchmarks/compare_peer.py benchmarks/work/pair/reference benchmarks/work/pair/candidate-q8_0.gguf
"""
import argparse
import json
import os

import ml_dtypes
import numpy as np
import gguf
from gguf import GGMLQuantizationType as QT
from gguf import quants
from safetensors.numpy import save_file


def permute(w: np.ndarray, n_head: int) -> np.ndarray:
    return w.reshape(n_head, 2, w.shape[0] // n_head // 2, *w.shape[1:]).swapaxes(1, 2).reshape(w.shape)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--layers", type=int, default=22)
    ap.add_argument("--hidden", type=int, default=2048)
    ap.add_argument("--heads", type=int, default=32)
    ap.add_argument("--kv-heads", type=int, default=4)
    ap.add_argument("--ff", type=int, default=5632)
    ap.add_argument("--vocab", type=int, default=32000)
    ap.add_argument("--type", default="Q8_0")
    a = ap.parse_args()
    qtype = QT[a.type]
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "work", "pair")
    os.makedirs(os.path.join(out, "reference"), exist_ok=True)
    rng = np.random.default_rng(1)
    hd = a.hidden // a.heads

    def mat(r: int, c: int) -> np.ndarray:
        return (rng.standard_normal((r, c), dtype=np.float32) * 0.02).astype(ml_dtypes.bfloat16)

    ref: dict[str, np.ndarray] = {"model.embed_tokens.weight": mat(a.vocab, a.hidden)}
    for i in range(a.layers):
        p = f"model.layers.{i}."
        ref[p + "input_layernorm.weight"] = np.ones(a.hidden, dtype=ml_dtypes.bfloat16)
        ref[p + "self_attn.q_proj.weight"] = mat(a.heads * hd, a.hidden)
        ref[p + "self_attn.k_proj.weight"] = mat(a.kv_heads * hd, a.hidden)
        ref[p + "self_attn.v_proj.weight"] = mat(a.kv_heads * hd, a.hidden)
        ref[p + "self_attn.o_proj.weight"] = mat(a.hidden, a.heads * hd)
        ref[p + "post_attention_layernorm.weight"] = np.ones(a.hidden, dtype=ml_dtypes.bfloat16)
        ref[p + "mlp.gate_proj.weight"] = mat(a.ff, a.hidden)
        ref[p + "mlp.up_proj.weight"] = mat(a.ff, a.hidden)
        ref[p + "mlp.down_proj.weight"] = mat(a.hidden, a.ff)
    ref["model.norm.weight"] = np.ones(a.hidden, dtype=ml_dtypes.bfloat16)
    ref["lm_head.weight"] = mat(a.vocab, a.hidden)
    save_file(ref, os.path.join(out, "reference", "model.safetensors"))
    with open(os.path.join(out, "reference", "config.json"), "w") as f:
        json.dump({"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": a.hidden,
                   "intermediate_size": a.ff, "num_attention_heads": a.heads, "num_key_value_heads": a.kv_heads,
                   "num_hidden_layers": a.layers, "vocab_size": a.vocab, "torch_dtype": "bfloat16"}, f, indent=2)

    tmap = gguf.get_tensor_name_map(gguf.MODEL_ARCH.LLAMA, a.layers)
    w = gguf.GGUFWriter(os.path.join(out, f"candidate-{a.type.lower()}.gguf"), "llama")
    w.add_block_count(a.layers)
    w.add_context_length(2048)
    w.add_embedding_length(a.hidden)
    w.add_feed_forward_length(a.ff)
    w.add_head_count(a.heads)
    w.add_head_count_kv(a.kv_heads)
    w.add_layer_norm_rms_eps(1e-5)
    for hf, values in ref.items():
        name = tmap.get_name(hf, try_suffixes=(".weight", ".bias"))
        x = values.astype(np.float32)
        if hf.endswith("q_proj.weight"):
            x = permute(x, a.heads)
        elif hf.endswith("k_proj.weight"):
            x = permute(x, a.kv_heads)
        if x.ndim == 1:
            w.add_tensor(name, x)
        elif qtype == QT.F16:
            w.add_tensor(name, x.astype(np.float16))
        else:
            w.add_tensor(name, quants.quantize(x, qtype), raw_dtype=qtype)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
