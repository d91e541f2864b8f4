#!/usr/bin/env python3
# Writes the fixtures of `compare` into testdata/compare/ with the reference writers (numpy, safetensors, gguf-py):
# a small llama-shaped model, its GGUF quantizations, a broken variant, numpy's figures, and the name-map oracle.
"""Make the `compare` fixtures.

  python3 testdata/make_compare_fixtures.py            # write testdata/compare/*
  python3 testdata/make_compare_fixtures.py --calibrate # also print the calibration behind QuantErrorBands.swift

Outputs (all small):
  compare/llama_ref/model.safetensors, config.json   the reference, F32, Hugging Face names
  compare/llama_{f16,q8_0,q4_0,q5_1}.gguf            candidates, llama.cpp names, Q/K permuted as convert_hf_to_gguf does
  compare/llama_broken_q4_0.gguf                     blk.0.ffn_gate/ffn_up swapped, blk.1.attn_q permuted with n_head_kv
  compare/llama_swap2_q8_0.gguf                      blk.1.attn_k/attn_v swapped
  compare/llama_rotate3_q8_0.gguf                    blk.0.ffn_gate <- blk.0.ffn_up <- blk.1.ffn_gate <- (rotated)
  compare/expected_<candidate>.json                  per matched tensor: where its bytes lie, transform, numpy's figures
  compare/expected_f16_vs_q8_0.json                  GGUF against GGUF (same names, no transform): numpy's figures
  compare/name_map_expected.json                     gguf-py TensorNameMap output for real HF names per architecture

Figures (numpy float64, candidate order): e = cand - ref'  where ref' is the reference after the converter's
transform (the figures are invariant under a permutation applied to both sides, so comparing in the candidate's
order equals undoing the permutation on the candidate).
  rmse = sqrt(mean(e^2)), max_abs = max|e|, cosine = ref'.cand / sqrt(|ref'|^2 |cand|^2),
  snr_db = 10 log10(|ref'|^2 / |e|^2)  (null when |e|^2 == 0: infinite), rel_rmse = sqrt(|e|^2 / |ref'|^2).
"""
import json
import os
import sys

import numpy as np
import gguf
from gguf import GGMLQuantizationType as QT
from gguf import quants
from safetensors.numpy import save_file

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "compare")

# The model: llama layout with grouped-query attention, kept tiny so the fixtures stay small.
N_LAYER, N_EMBD, N_HEAD, N_HEAD_KV, N_FF, N_VOCAB = 2, 64, 4, 2, 96, 96
HEAD_DIM = N_EMBD // N_HEAD


def permute(w: np.ndarray, n_head: int, n_head_kv: int | None) -> np.ndarray:
    """convert_hf_to_gguf.py LlamaModel.permute: rows regrouped (n_head, 2, hd/2) -> (n_head, hd/2, 2)."""
    if n_head_kv is not None and n_head != n_head_kv:
        n_head = n_head_kv
    return (w.reshape(n_head, 2, w.shape[0] // n_head // 2, *w.shape[1:])
            .swapaxes(1, 2)
            .reshape(w.shape))


def make_reference(rng: np.random.Generator) -> dict[str, np.ndarray]:
    t: dict[str, np.ndarray] = {}

    def mat(rows: int, cols: int) -> np.ndarray:
        return (rng.standard_normal((rows, cols)) * 0.02).astype(np.float32)

    def norm(n: int) -> np.ndarray:
        return (1.0 + 0.05 * rng.standard_normal(n)).astype(np.float32)

    t["model.embed_tokens.weight"] = mat(N_VOCAB, N_EMBD)
    for i in range(N_LAYER):
        p = f"model.layers.{i}."
        t[p + "input_layernorm.weight"] = norm(N_EMBD)
        t[p + "self_attn.q_proj.weight"] = mat(N_HEAD * HEAD_DIM, N_EMBD)
        t[p + "self_attn.k_proj.weight"] = mat(N_HEAD_KV * HEAD_DIM, N_EMBD)
        t[p + "self_attn.v_proj.weight"] = mat(N_HEAD_KV * HEAD_DIM, N_EMBD)
        t[p + "self_attn.o_proj.weight"] = mat(N_EMBD, N_HEAD * HEAD_DIM)
        t[p + "post_attention_layernorm.weight"] = norm(N_EMBD)
        t[p + "mlp.gate_proj.weight"] = mat(N_FF, N_EMBD)
        t[p + "mlp.up_proj.weight"] = mat(N_FF, N_EMBD)
        t[p + "mlp.down_proj.weight"] = mat(N_EMBD, N_FF)
    t["model.norm.weight"] = norm(N_EMBD)
    t["lm_head.weight"] = mat(N_VOCAB, N_EMBD)
    # Saved by older transformers versions; the converter skips it: must come out as unmatched, not failed.
    t["model.layers.0.self_attn.rotary_emb.inv_freq"] = (
        1.0 / 10000 ** (np.arange(0, HEAD_DIM, 2, dtype=np.float32) / HEAD_DIM)).astype(np.float32)
    return t


# Tensors every converter skips (ModelBase: unused buffers), although TensorNameMap would map some of them.
SKIPPED_SUFFIXES = (".attention.masked_bias", ".attention.bias", ".rotary_emb.inv_freq")


# HF name -> (GGUF name, transform) as convert_hf_to_gguf does for LlamaForCausalLM.
def llama_name(hf: str) -> tuple[str, dict] | None:
    if hf.endswith(SKIPPED_SUFFIXES):
        return None
    tmap = gguf.get_tensor_name_map(gguf.MODEL_ARCH.LLAMA, N_LAYER)
    name = tmap.get_name(hf, try_suffixes=(".weight", ".bias"))
    if name is None:
        return None
    if hf.endswith(("q_proj.weight", "q_proj.bias")):
        return name, {"kind": "llama_permute", "heads": N_HEAD}
    if hf.endswith(("k_proj.weight", "k_proj.bias")):
        return name, {"kind": "llama_permute", "heads": N_HEAD_KV}
    return name, {"kind": "none"}


def apply_transform(ref: np.ndarray, tr: dict) -> np.ndarray:
    if tr["kind"] == "llama_permute":
        return permute(ref, tr["heads"], None)
    return ref


def write_gguf(path: str, tensors: list[tuple[str, np.ndarray, QT]]) -> None:
    """tensors: (GGUF name, values in row-major HF order after the converter's transform, storage type)."""
    w = gguf.GGUFWriter(path, "llama")
    w.add_name("compare fixture")
    w.add_block_count(N_LAYER)
    w.add_context_length(256)
    w.add_embedding_length(N_EMBD)
    w.add_feed_forward_length(N_FF)
    w.add_head_count(N_HEAD)
    w.add_head_count_kv(N_HEAD_KV)
    w.add_rope_dimension_count(HEAD_DIM)
    w.add_layer_norm_rms_eps(1e-5)
    w.add_vocab_size(N_VOCAB)
    for name, values, qtype in tensors:
        if qtype == QT.F32:
            w.add_tensor(name, values.astype(np.float32))
        elif qtype == QT.F16:
            w.add_tensor(name, values.astype(np.float16))
        else:
            w.add_tensor(name, quants.quantize(values, qtype), raw_dtype=qtype)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


def storage_type(gguf_name: str, values: np.ndarray, qtype: QT) -> QT:
    # As llama.cpp does: 1-D tensors (norms, rope factors) stay F32.
    return QT.F32 if values.ndim == 1 else qtype


def figures(ref: np.ndarray, cand: np.ndarray) -> dict:
    r = ref.astype(np.float64).ravel()
    c = cand.astype(np.float64).ravel()
    e = c - r
    sse, rr, cc, dot = float(e @ e), float(r @ r), float(c @ c), float(r @ c)
    if rr == 0 and cc == 0:
        cos = 1.0
    elif rr == 0 or cc == 0:
        cos = 0.0
    else:
        cos = dot / np.sqrt(rr * cc)
    return {
        "count": int(r.size),
        "rmse": float(np.sqrt(sse / r.size)),
        "max_abs": float(np.max(np.abs(e))),
        "cosine": float(cos),
        "snr_db": None if sse == 0 else (float(10 * np.log10(rr / sse)) if rr > 0 else None),
        "rel_rmse": float(np.sqrt(sse / rr)) if rr > 0 else (0.0 if sse == 0 else None),
        "sum_sq_err": sse, "sum_ref_sq": rr, "sum_cand_sq": cc, "dot": dot,
    }


def make_candidate(ref: dict[str, np.ndarray], qtype: QT, fname: str, broken: bool = False,
                   rotate: tuple[str, ...] = ()) -> None:
    """rotate: GGUF names whose values move round, name[i] getting the values written for name[i + 1] (two names: a
    swap), after the converter's transforms — what a converter bug that mixes up same-shaped tensors writes."""
    plan = []  # (hf name, gguf name, transform, values written)
    for hf, values in ref.items():
        m = llama_name(hf)
        if m is None:
            continue
        name, tr = m
        written = apply_transform(values, tr)
        if broken and hf == "model.layers.1.self_attn.q_proj.weight":
            written = permute(values, N_HEAD, N_HEAD_KV)  # the GQA bug: Q permuted with the K head count
        plan.append((hf, name, tr, written))
    if broken:
        # Swap the data of two same-shaped tensors under their names.
        gi = next(i for i, p in enumerate(plan) if p[1] == "blk.0.ffn_gate.weight")
        ui = next(i for i, p in enumerate(plan) if p[1] == "blk.0.ffn_up.weight")
        g, u = plan[gi], plan[ui]
        plan[gi], plan[ui] = (g[0], g[1], g[2], u[3]), (u[0], u[1], u[2], g[3])
    if rotate:
        idx = [next(i for i, p in enumerate(plan) if p[1] == n) for n in rotate]
        moved = [plan[idx[(k + 1) % len(idx)]][3] for k in range(len(idx))]
        for i, v in zip(idx, moved):
            plan[i] = (plan[i][0], plan[i][1], plan[i][2], v)
    # A tensor the reference does not have (llama3-style rope factors): must come out as unmatched candidate.
    extra = ("rope_freqs.weight", np.ones(HEAD_DIM // 2, dtype=np.float32))
    path = os.path.join(OUT, fname)
    write_gguf(path, [(n, v, storage_type(n, v, qtype)) for _, n, _, v in plan] + [(extra[0], extra[1], QT.F32)])

    reader = gguf.GGUFReader(path)
    by_name = {t.name: t for t in reader.tensors}
    st_offsets = safetensors_offsets(os.path.join(OUT, "llama_ref", "model.safetensors"))
    bad = {"blk.0.ffn_gate.weight", "blk.0.ffn_up.weight", "blk.1.attn_q.weight"} if broken else set(rotate)
    rows = []
    for hf, name, tr, _ in plan:
        t = by_name[name]
        cand = quants.dequantize(t.data, t.tensor_type).reshape(ref[hf].shape)
        fig = figures(apply_transform(ref[hf], tr), cand)
        rows.append({
            "reference": hf, "candidate": name, "type": t.tensor_type.name, "transform": tr,
            "reference_dtype": "F32", "reference_shape": list(ref[hf].shape),
            "reference_offset": st_offsets[hf][0], "reference_bytes": st_offsets[hf][1],
            "candidate_ne": [int(x) for x in t.shape], "candidate_offset": int(t.data_offset),
            "candidate_bytes": int(t.n_bytes), "expect_ok": name not in bad, **fig,
        })
    doc = {
        "reference": "llama_ref/model.safetensors", "candidate": fname, "architecture": "llama",
        "head_count": N_HEAD, "head_count_kv": N_HEAD_KV,
        "tensors": rows,
        "unmatched_reference": sorted(h for h in ref if llama_name(h) is None),
        "unmatched_candidate": [extra[0]],
    }
    if rotate:  # what `compare` must name: each rotated tensor holds the values of the next one's reference
        hf_of = {n: hf for hf, n, _, _ in plan}
        doc["expected_rotation"] = [{"candidate": n, "holds": hf_of[rotate[(k + 1) % len(rotate)]]}
                                    for k, n in enumerate(rotate)]
    stem = fname.removesuffix(".gguf")
    with open(os.path.join(OUT, f"expected_{stem}.json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")


def make_gguf_pair_expected(reference: str, candidate: str, out: str) -> None:
    """Figures of a GGUF candidate against a GGUF reference: tensors paired by name, both dequantized by gguf-py."""
    ref = {t.name: t for t in gguf.GGUFReader(os.path.join(OUT, reference)).tensors}
    cand = {t.name: t for t in gguf.GGUFReader(os.path.join(OUT, candidate)).tensors}
    rows = []
    for name, r in ref.items():
        if name not in cand:
            continue
        c = cand[name]
        rv = quants.dequantize(r.data, r.tensor_type)
        cv = quants.dequantize(c.data, c.tensor_type)
        rows.append({"reference": name, "candidate": name, "type": c.tensor_type.name,
                     "reference_type": r.tensor_type.name, "expect_ok": True, **figures(rv, cv)})
    doc = {"reference": reference, "candidate": candidate, "tensors": rows,
           "unmatched_reference": [n for n in ref if n not in cand], "unmatched_candidate": [n for n in cand if n not in ref]}
    with open(os.path.join(OUT, out), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")


def safetensors_offsets(path: str) -> dict[str, tuple[int, int]]:
    """name -> (absolute data offset, byte count), read from the header as the format defines it."""
    with open(path, "rb") as f:
        n = int.from_bytes(f.read(8), "little")
        header = json.loads(f.read(n))
    out = {}
    for k, v in header.items():
        if k == "__metadata__":
            continue
        b, e = v["data_offsets"]
        out[k] = (8 + n + b, e - b)
    return out


# ---------------------------------------------------------------------------------------------------------------
# Name-map oracle: real HF names per architecture -> gguf-py TensorNameMap output, after the pre-processing that
# convert_hf_to_gguf applies before it asks the map (each rule below names the converter class it comes from).

REAL_NAMES = {
    "llama": [  # LlamaForCausalLM / MistralForCausalLM / MixtralForCausalLM (all convert as MODEL_ARCH.LLAMA)
        "model.embed_tokens.weight", "model.norm.weight", "lm_head.weight",
        "model.layers.0.input_layernorm.weight", "model.layers.0.post_attention_layernorm.weight",
        "model.layers.0.self_attn.q_proj.weight", "model.layers.0.self_attn.k_proj.weight",
        "model.layers.0.self_attn.v_proj.weight", "model.layers.0.self_attn.o_proj.weight",
        "model.layers.31.mlp.gate_proj.weight", "model.layers.31.mlp.up_proj.weight",
        "model.layers.31.mlp.down_proj.weight", "model.layers.5.self_attn.q_proj.bias",
        "model.layers.5.self_attn.k_proj.bias",
        "model.layers.3.block_sparse_moe.gate.weight", "model.layers.3.block_sparse_moe.experts.7.w1.weight",
        "model.layers.3.block_sparse_moe.experts.0.w2.weight", "model.layers.3.block_sparse_moe.experts.5.w3.weight",
        "model.layers.0.self_attn.rotary_emb.inv_freq",
    ],
    "qwen2": [
        "model.embed_tokens.weight", "model.norm.weight", "lm_head.weight",
        "model.layers.0.input_layernorm.weight", "model.layers.0.post_attention_layernorm.weight",
        "model.layers.0.self_attn.q_proj.weight", "model.layers.0.self_attn.q_proj.bias",
        "model.layers.0.self_attn.k_proj.weight", "model.layers.0.self_attn.k_proj.bias",
        "model.layers.0.self_attn.v_proj.weight", "model.layers.0.self_attn.v_proj.bias",
        "model.layers.27.self_attn.o_proj.weight", "model.layers.27.mlp.gate_proj.weight",
        "model.layers.27.mlp.up_proj.weight", "model.layers.27.mlp.down_proj.weight",
    ],
    "qwen3": [
        "model.embed_tokens.weight", "model.norm.weight", "lm_head.weight",
        "model.layers.0.input_layernorm.weight", "model.layers.0.post_attention_layernorm.weight",
        "model.layers.0.self_attn.q_proj.weight", "model.layers.0.self_attn.k_proj.weight",
        "model.layers.0.self_attn.v_proj.weight", "model.layers.0.self_attn.o_proj.weight",
        "model.layers.0.self_attn.q_norm.weight", "model.layers.0.self_attn.k_norm.weight",
        "model.layers.35.mlp.gate_proj.weight", "model.layers.35.mlp.up_proj.weight",
        "model.layers.35.mlp.down_proj.weight",
    ],
    "qwen2moe": [
        "model.embed_tokens.weight", "model.norm.weight", "lm_head.weight",
        "model.layers.0.input_layernorm.weight", "model.layers.0.post_attention_layernorm.weight",
        "model.layers.0.self_attn.q_proj.weight", "model.layers.0.self_attn.q_proj.bias",
        "model.layers.0.self_attn.k_proj.weight", "model.layers.0.self_attn.v_proj.weight",
        "model.layers.0.self_attn.o_proj.weight", "model.layers.0.mlp.gate.weight",
        "model.layers.0.mlp.experts.0.gate_proj.weight", "model.layers.0.mlp.experts.59.up_proj.weight",
        "model.layers.23.mlp.experts.12.down_proj.weight",
        "model.layers.0.mlp.shared_expert.gate_proj.weight", "model.layers.0.mlp.shared_expert.up_proj.weight",
        "model.layers.0.mlp.shared_expert.down_proj.weight", "model.layers.0.mlp.shared_expert_gate.weight",
    ],
    "qwen3moe": [
        "model.embed_tokens.weight", "model.norm.weight", "lm_head.weight",
        "model.layers.0.input_layernorm.weight", "model.layers.0.post_attention_layernorm.weight",
        "model.layers.0.self_attn.q_proj.weight", "model.layers.0.self_attn.k_proj.weight",
        "model.layers.0.self_attn.v_proj.weight", "model.layers.0.self_attn.o_proj.weight",
        "model.layers.0.self_attn.q_norm.weight", "model.layers.0.self_attn.k_norm.weight",
        "model.layers.0.mlp.gate.weight", "model.layers.47.mlp.experts.127.gate_proj.weight",
        "model.layers.47.mlp.experts.0.up_proj.weight", "model.layers.47.mlp.experts.64.down_proj.weight",
    ],
    "gemma": [
        "model.embed_tokens.weight", "model.norm.weight", "lm_head.weight",
        "model.layers.0.input_layernorm.weight", "model.layers.0.post_attention_layernorm.weight",
        "model.layers.0.self_attn.q_proj.weight", "model.layers.0.self_attn.k_proj.weight",
        "model.layers.0.self_attn.v_proj.weight", "model.layers.0.self_attn.o_proj.weight",
        "model.layers.17.mlp.gate_proj.weight", "model.layers.17.mlp.up_proj.weight",
        "model.layers.17.mlp.down_proj.weight",
    ],
    "gemma2": [
        "model.embed_tokens.weight", "model.norm.weight", "lm_head.weight",
        "model.layers.0.input_layernorm.weight", "model.layers.0.post_attention_layernorm.weight",
        "model.layers.0.pre_feedforward_layernorm.weight", "model.layers.0.post_feedforward_layernorm.weight",
        "model.layers.0.self_attn.q_proj.weight", "model.layers.0.self_attn.k_proj.weight",
        "model.layers.0.self_attn.v_proj.weight", "model.layers.0.self_attn.o_proj.weight",
        "model.layers.25.mlp.gate_proj.weight", "model.layers.25.mlp.up_proj.weight",
        "model.layers.25.mlp.down_proj.weight",
    ],
    "gemma3": [
        "model.embed_tokens.weight", "model.norm.weight",
        "model.layers.0.input_layernorm.weight", "model.layers.0.post_attention_layernorm.weight",
        "model.layers.0.pre_feedforward_layernorm.weight", "model.layers.0.post_feedforward_layernorm.weight",
        "model.layers.0.self_attn.q_proj.weight", "model.layers.0.self_attn.k_proj.weight",
        "model.layers.0.self_attn.v_proj.weight", "model.layers.0.self_attn.o_proj.weight",
        "model.layers.0.self_attn.q_norm.weight", "model.layers.0.self_attn.k_norm.weight",
        "model.layers.33.mlp.gate_proj.weight", "model.layers.33.mlp.up_proj.weight",
        "model.layers.33.mlp.down_proj.weight",
        # Gemma3ForConditionalGeneration checkpoints (transformers < 4.52 and >= 4.52 spellings)
        "language_model.model.layers.2.self_attn.q_norm.weight", "model.language_model.layers.2.mlp.up_proj.weight",
        "model.language_model.embed_tokens.weight", "vision_tower.vision_model.embeddings.patch_embedding.weight",
    ],
    "phi3": [
        "model.embed_tokens.weight", "model.norm.weight", "lm_head.weight",
        "model.layers.0.input_layernorm.weight", "model.layers.0.post_attention_layernorm.weight",
        "model.layers.0.self_attn.qkv_proj.weight", "model.layers.0.self_attn.o_proj.weight",
        "model.layers.31.mlp.gate_up_proj.weight", "model.layers.31.mlp.down_proj.weight",
    ],
    "bert": [
        "embeddings.word_embeddings.weight", "embeddings.position_embeddings.weight",
        "embeddings.token_type_embeddings.weight", "embeddings.LayerNorm.weight", "embeddings.LayerNorm.bias",
        "encoder.layer.0.attention.self.query.weight", "encoder.layer.0.attention.self.query.bias",
        "encoder.layer.0.attention.self.key.weight", "encoder.layer.0.attention.self.value.weight",
        "encoder.layer.0.attention.output.dense.weight", "encoder.layer.0.attention.output.LayerNorm.weight",
        "encoder.layer.0.attention.output.LayerNorm.bias", "encoder.layer.11.intermediate.dense.weight",
        "encoder.layer.11.intermediate.dense.bias", "encoder.layer.11.output.dense.weight",
        "encoder.layer.11.output.LayerNorm.weight", "encoder.layer.11.output.LayerNorm.bias",
        "bert.embeddings.word_embeddings.weight", "bert.encoder.layer.3.attention.self.key.bias",
        "bert.pooler.dense.weight",
    ],
}

ARCHS = {
    "llama": gguf.MODEL_ARCH.LLAMA, "qwen2": gguf.MODEL_ARCH.QWEN2, "qwen3": gguf.MODEL_ARCH.QWEN3,
    "qwen2moe": gguf.MODEL_ARCH.QWEN2MOE, "qwen3moe": gguf.MODEL_ARCH.QWEN3MOE, "gemma": gguf.MODEL_ARCH.GEMMA,
    "gemma2": gguf.MODEL_ARCH.GEMMA2, "gemma3": gguf.MODEL_ARCH.GEMMA3, "phi3": gguf.MODEL_ARCH.PHI3,
    "bert": gguf.MODEL_ARCH.BERT,
}


def converter_name_and_transform(arch: str, hf: str) -> tuple[str | None, dict]:
    """What convert_hf_to_gguf asks TensorNameMap for, and the transform it applies to the values."""
    import re
    name, transform = hf, {"kind": "none"}
    if name.endswith(SKIPPED_SUFFIXES):
        return None, transform
    if arch == "bert":  # BertModel.filter_tensors
        if name.startswith("bert."):
            name = name[5:]
        if name.startswith(("pooler.", "cls.")) or name == "embeddings.position_ids":
            return None, transform
    if arch == "gemma3":  # base TextModel: "language_model." removed; vision tensors go to the mmproj file
        if name.startswith(("vision_tower.", "multi_modal_projector.")):
            return None, transform
        name = name.replace("language_model.", "")
    if arch in ("gemma", "gemma2") and name == "lm_head.weight":  # GemmaModel/Gemma2Model.filter_tensors
        return None, transform
    if arch in ("gemma", "gemma2", "gemma3") and name.endswith("norm.weight"):  # data_torch + 1
        transform = {"kind": "add_one"}
    if arch == "gemma3" and "embed_tokens.weight" in name:  # Gemma3Model: rows past the real vocabulary dropped
        transform = {"kind": "leading_rows"}
    if arch == "llama":  # LlamaModel.modify_tensors
        if name.endswith(("q_proj.weight", "q_proj.bias")):
            transform = {"kind": "llama_permute", "heads": "head_count"}
        if name.endswith(("k_proj.weight", "k_proj.bias")):
            transform = {"kind": "llama_permute", "heads": "head_count_kv"}
    m = re.match(r"^(model\.layers\.\d+\.(?:mlp|block_sparse_moe)\.experts)\.(\d+)\.(.*)$", name)
    if m:  # experts stacked into one 3-D tensor (Qwen2MoeModel / LlamaModel)
        name = f"{m.group(1)}.{m.group(3)}"
        transform = {"kind": "expert_slice", "index": int(m.group(2))}
    tmap = gguf.get_tensor_name_map(ARCHS[arch], 128)
    return tmap.get_name(name, try_suffixes=(".weight", ".bias")), transform


def make_name_map_expected() -> None:
    doc = {}
    for arch, names in REAL_NAMES.items():
        doc[arch] = {}
        for hf in names:
            name, tr = converter_name_and_transform(arch, hf)
            doc[arch][hf] = None if name is None else {"gguf": name, "transform": tr}
    with open(os.path.join(OUT, "name_map_expected.json"), "w") as f:
        json.dump({"gguf_version": getattr(gguf, "__version__", "unknown"), "map": doc}, f, indent=1, sort_keys=True)
        f.write("\n")


# ---------------------------------------------------------------------------------------------------------------
# Calibration of QuantErrorBands.swift: relative RMSE and cosine per type over a family of weight-like data.

def calibrate() -> None:
    rng = np.random.default_rng(7)
    rows, cols = 256, 1024

    def family():
        yield "gauss", rng.standard_normal((rows, cols)) * 0.02
        yield "laplace", rng.laplace(size=(rows, cols)) * 0.02
        for nu in (2, 3, 4):
            yield f"student-t{nu}", rng.standard_t(nu, size=(rows, cols)) * 0.02
        yield "uniform", rng.uniform(-0.05, 0.05, (rows, cols))
        yield "norm-like", 1 + 0.1 * rng.standard_normal((rows, cols))
        for frac in (1 / 256, 1 / 64, 1 / 32, 1 / 16):
            for mag in (5, 10, 20, 50):
                g = rng.standard_normal((rows, cols)) * 0.02
                g[:, rng.choice(cols, max(1, int(cols * frac)), replace=False)] *= mag
                yield f"outlier-cols {frac:.4f}x{mag}", g

    types = [QT.F16, QT.BF16, QT.Q8_0, QT.Q5_1, QT.Q5_0, QT.Q4_1, QT.Q4_0, QT.MXFP4]
    worst = {t: (0.0, 1.0, "") for t in types}
    print(f"{'type':6} {'data':26} {'rel_rmse':>9} {'cosine':>10} {'snr_db':>7}")
    for label, x in family():
        x = x.astype(np.float32)
        for t in types:
            if t == QT.F16:
                y = x.astype(np.float16).astype(np.float32)
            else:
                y = quants.dequantize(quants.quantize(x, t), t)
            f = figures(x, y)
            if f["rel_rmse"] > worst[t][0]:
                worst[t] = (f["rel_rmse"], min(worst[t][1], f["cosine"]), label)
            else:
                worst[t] = (worst[t][0], min(worst[t][1], f["cosine"]), worst[t][2])
            if not label.startswith("outlier") or label.endswith("x20"):
                print(f"{t.name:6} {label:26} {f['rel_rmse']:9.5f} {f['cosine']:10.7f} {f['snr_db']:7.2f}")
    print("\nworst over the family (rel_rmse, its data; lowest cosine):")
    for t in types:
        r, c, label = worst[t]
        print(f"  {t.name:6} rel_rmse {r:.5f} ({label})  cosine {c:.7f}  bits/weight "
              f"{8 * gguf.GGML_QUANT_SIZES[t][1] / gguf.GGML_QUANT_SIZES[t][0]:.4f}")


def main() -> None:
    os.makedirs(os.path.join(OUT, "llama_ref"), exist_ok=True)
    rng = np.random.default_rng(20240607)
    ref = make_reference(rng)
    save_file(ref, os.path.join(OUT, "llama_ref", "model.safetensors"))
    with open(os.path.join(OUT, "llama_ref", "config.json"), "w") as f:
        json.dump({
            "architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": N_EMBD,
            "intermediate_size": N_FF, "num_attention_heads": N_HEAD, "num_key_value_heads": N_HEAD_KV,
            "num_hidden_layers": N_LAYER, "vocab_size": N_VOCAB, "rms_norm_eps": 1e-5,
            "max_position_embeddings": 256, "tie_word_embeddings": False, "torch_dtype": "float32",
        }, f, indent=2)
        f.write("\n")
    for qtype, fname in ((QT.F16, "llama_f16.gguf"), (QT.Q8_0, "llama_q8_0.gguf"),
                         (QT.Q4_0, "llama_q4_0.gguf"), (QT.Q5_1, "llama_q5_1.gguf")):
        make_candidate(ref, qtype, fname)
    make_candidate(ref, QT.Q4_0, "llama_broken_q4_0.gguf", broken=True)
    # Two tensors swapped (attn_k and attn_v, same shape, K permuted by the converter), and three rotated.
    make_candidate(ref, QT.Q8_0, "llama_swap2_q8_0.gguf", rotate=("blk.1.attn_k.weight", "blk.1.attn_v.weight"))
    make_candidate(ref, QT.Q8_0, "llama_rotate3_q8_0.gguf",
                   rotate=("blk.0.ffn_gate.weight", "blk.0.ffn_up.weight", "blk.1.ffn_gate.weight"))
    make_gguf_pair_expected("llama_f16.gguf", "llama_q8_0.gguf", "expected_f16_vs_q8_0.json")
    make_name_map_expected()
    if "--calibrate" in sys.argv:
        calibrate()


if __name__ == "__main__":
    main()
