#!/usr/bin/env python3
# Writes the realistic inputs benchmarks/run.sh times the tools on, into benchmarks/work/ (gitignored):
# a ~230 MB GGUF (F32, Q4_K, Q5_0, Q6_K, Q8_0; 262,144-token vocabulary) and a ~230 MB sharded BF16 safetensors folder.
"""Make the benchmark inputs (skipped when they already exist with the same recipe).

  python3 benchmarks/make_inputs.py [--out benchmarks/work]

model.gguf: llama-shaped, hidden 1024, 8 layers, ff 4096, tied embeddings, written with gguf-py's GGUFWriter.
Quantized tensors are random blocks with sane f16 scales (d in [2^-9, 2^-5), dmin likewise): they cost a reader
exactly what real blocks cost, and are written in milliseconds instead of quantizing floats.
  token_embd Q4_K · attn_q/attn_output Q4_K · attn_k Q5_0 · attn_v Q8_0 · ffn_gate/ffn_up Q4_K · ffn_down Q6_K ·
  norms F32; the tokenizer holds 262,144 tokens with scores and types (what makes gguf-dump slow).
safetensors/: model-0000k-of-00003.safetensors (BF16, HF llama names), model.safetensors.index.json, config.json.
"""
import argparse
import json
import os
import struct

import numpy as np
import gguf
from gguf import GGMLQuantizationType as QT

RECIPE = "v1"  # bump when the inputs change, so old ones are rewritten

# (bytes per block, elements per block, byte offsets of f16 scale fields)
BLOCKS = {
    QT.Q4_K: (144, 256, (0, 2)),
    QT.Q6_K: (210, 256, (208,)),
    QT.Q5_0: (22, 32, (0,)),
    QT.Q8_0: (34, 32, (0,)),
}


def random_blocks(rng: np.random.Generator, qtype: QT, rows: int, cols: int) -> np.ndarray:
    """Random blocks of `qtype` for a [rows, cols] tensor (cols = ne[0]) as uint8 [rows, bytes per row]."""
    size, per, scales = BLOCKS[qtype]
    assert cols % per == 0
    n = rows * cols // per
    b = rng.integers(0, 256, size=(n, size), dtype=np.uint8)
    for off in scales:
        bits = (0x1800 | rng.integers(0, 0x1000, size=n, dtype=np.uint16)).astype("<u2")
        b[:, off:off + 2] = bits.view(np.uint8).reshape(n, 2)
    return b.reshape(rows, cols // per * size)


def make_gguf(path: str, rng: np.random.Generator) -> None:
    hidden, layers, ff, heads, kv_heads, vocab = 1024, 8, 4096, 8, 2, 262_144
    head_dim = hidden // heads
    w = gguf.GGUFWriter(path, "llama")
    w.add_name("weightcheck benchmark model")
    w.add_block_count(layers)
    w.add_context_length(8192)
    w.add_embedding_length(hidden)
    w.add_feed_forward_length(ff)
    w.add_head_count(heads)
    w.add_head_count_kv(kv_heads)
    w.add_layer_norm_rms_eps(1e-6)
    w.add_file_type(15)  # MOSTLY_Q4_K_M
    w.add_tokenizer_model("llama")
    w.add_token_list([f"<tok_{i}>".encode() for i in range(vocab)])
    w.add_token_scores(np.linspace(0, -1, vocab, dtype=np.float32).tolist())
    w.add_token_types([1] * vocab)
    w.add_bos_token_id(1)
    w.add_eos_token_id(2)

    def quant(name: str, qtype: QT, rows: int, cols: int) -> None:
        w.add_tensor(name, random_blocks(rng, qtype, rows, cols), raw_dtype=qtype)

    def norm(name: str, n: int) -> None:
        w.add_tensor(name, (1 + 0.05 * rng.standard_normal(n)).astype(np.float32))

    quant("token_embd.weight", QT.Q4_K, vocab, hidden)
    for i in range(layers):
        p = f"blk.{i}."
        norm(p + "attn_norm.weight", hidden)
        quant(p + "attn_q.weight", QT.Q4_K, heads * head_dim, hidden)
        quant(p + "attn_k.weight", QT.Q5_0, kv_heads * head_dim, hidden)
        quant(p + "attn_v.weight", QT.Q8_0, kv_heads * head_dim, hidden)
        quant(p + "attn_output.weight", QT.Q4_K, hidden, heads * head_dim)
        norm(p + "ffn_norm.weight", hidden)
        quant(p + "ffn_gate.weight", QT.Q4_K, ff, hidden)
        quant(p + "ffn_up.weight", QT.Q4_K, ff, hidden)
        quant(p + "ffn_down.weight", QT.Q6_K, hidden, ff)
    norm("output_norm.weight", hidden)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


def bf16_bytes(rng: np.random.Generator, shape: tuple[int, ...]) -> bytes:
    x = (rng.standard_normal(shape, dtype=np.float32) * 0.02).view(np.uint32)
    return ((x + 0x7FFF + ((x >> 16) & 1)) >> 16).astype("<u2").tobytes()  # round to nearest even


def write_safetensors(path: str, tensors: list[tuple[str, tuple[int, ...], bytes]]) -> None:
    header, offset = {}, 0
    for name, shape, data in tensors:
        header[name] = {"dtype": "BF16", "shape": list(shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
    header["__metadata__"] = {"format": "pt"}
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for _, _, data in tensors:
            f.write(data)


def make_safetensors(folder: str, rng: np.random.Generator) -> None:
    hidden, layers, ff, vocab, shards = 1024, 4, 2816, 32_000, 3
    os.makedirs(folder, exist_ok=True)
    shapes: list[tuple[str, tuple[int, ...]]] = [("model.embed_tokens.weight", (vocab, hidden))]
    for i in range(layers):
        p = f"model.layers.{i}."
        shapes += [(p + "input_layernorm.weight", (hidden,)),
                   (p + "self_attn.q_proj.weight", (hidden, hidden)), (p + "self_attn.k_proj.weight", (hidden, hidden)),
                   (p + "self_attn.v_proj.weight", (hidden, hidden)), (p + "self_attn.o_proj.weight", (hidden, hidden)),
                   (p + "post_attention_layernorm.weight", (hidden,)),
                   (p + "mlp.gate_proj.weight", (ff, hidden)), (p + "mlp.up_proj.weight", (ff, hidden)),
                   (p + "mlp.down_proj.weight", (hidden, ff))]
    shapes += [("model.norm.weight", (hidden,)), ("lm_head.weight", (vocab, hidden))]
    total = sum(int(np.prod(s)) * 2 for _, s in shapes)
    per_shard = total / shards
    groups: list[list[tuple[str, tuple[int, ...]]]] = [[] for _ in range(shards)]
    running = 0
    for name, shape in shapes:
        groups[min(shards - 1, int(running // per_shard))].append((name, shape))
        running += int(np.prod(shape)) * 2
    weight_map = {}
    for k, group in enumerate(groups):
        fname = f"model-{k + 1:05d}-of-{shards:05d}.safetensors"
        write_safetensors(os.path.join(folder, fname), [(n, s, bf16_bytes(rng, s)) for n, s in group])
        weight_map.update({n: fname for n, _ in group})
    with open(os.path.join(folder, "model.safetensors.index.json"), "w") as f:
        json.dump({"metadata": {"total_size": total}, "weight_map": weight_map}, f, indent=2)
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump({"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": hidden,
                   "intermediate_size": ff, "num_hidden_layers": layers, "num_attention_heads": 8,
                   "num_key_value_heads": 8, "vocab_size": vocab, "torch_dtype": "bfloat16"}, f, indent=2)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "work"))
    out = ap.parse_args().out
    os.makedirs(out, exist_ok=True)
    stamp = os.path.join(out, "inputs." + RECIPE)
    if os.path.exists(stamp):
        print(f"inputs in {out} are current ({RECIPE})")
        return
    rng = np.random.default_rng(20261129)
    make_gguf(os.path.join(out, "model.gguf"), rng)
    make_safetensors(os.path.join(out, "safetensors"), rng)
    open(stamp, "w").close()
    for name in ("model.gguf",):
        print(f"{name}: {os.path.getsize(os.path.join(out, name)) / 1e6:.0f} MB")
    folder = os.path.join(out, "safetensors")
    print(f"safetensors/: {sum(os.path.getsize(os.path.join(folder, n)) for n in os.listdir(folder)) / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
