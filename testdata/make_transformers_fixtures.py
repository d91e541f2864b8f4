#!/usr/bin/env python3
# Writes the transformers loadability fixtures (testdata/loadability/hf/<name>/) with transformers itself: a tiny
# random model per model_type saved by save_pretrained, mutants of some, and transformers' verdict on each.
"""Make the transformers-contract fixtures and record what transformers says when loading them.

  pip install torch transformers safetensors tokenizers
  python3 testdata/make_transformers_fixtures.py

Each fixture is a folder with config.json, model.safetensors and (unless a mutant removes it) tokenizer.json.
hf/expected.json: {"transformers": version, "fixtures": {name: {"model_type", "tensors": {name: shape} of the
healthy save, "missing": [...], "unexpected": [...], "mismatched": [...], "error": str or null}}}, from
AutoModel(ForCausalLM).from_pretrained(folder, output_loading_info=True).
"""
import json
import os
import shutil
import sys
import tempfile
import warnings

warnings.filterwarnings("ignore")
import torch
import transformers
from transformers import AutoConfig, AutoModel, AutoModelForCausalLM
from safetensors import safe_open
from safetensors.torch import save_file

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "loadability", "hf")
BASE = dict(vocab_size=32, hidden_size=16, intermediate_size=32, num_hidden_layers=2, num_attention_heads=4,
            num_key_value_heads=2, max_position_embeddings=128)
CONFIGS = {
    "llama": dict(BASE),
    "mistral": dict(BASE),
    "qwen2": dict(BASE),
    "qwen3": dict(BASE, head_dim=4),
    "qwen2_moe": dict(BASE, moe_intermediate_size=8, shared_expert_intermediate_size=32, num_experts=4,
                      num_experts_per_tok=2),
    "qwen3_moe": dict(BASE, head_dim=4, moe_intermediate_size=8, num_experts=4, num_experts_per_tok=2),
    "gemma": dict(BASE, head_dim=4),
    "gemma2": dict(BASE, head_dim=4),
    "gemma3_text": dict(BASE, head_dim=4),
    "phi3": dict(BASE, pad_token_id=0, bos_token_id=1, eos_token_id=2),
    "deepseek_v3": dict(BASE, moe_intermediate_size=8, n_routed_experts=4, num_experts_per_tok=2, n_shared_experts=1,
                        first_k_dense_replace=1, q_lora_rank=8, kv_lora_rank=8, qk_rope_head_dim=4,
                        qk_nope_head_dim=8, v_head_dim=8, n_group=1, topk_group=1),
    "bert": dict(vocab_size=32, hidden_size=16, intermediate_size=32, num_hidden_layers=2, num_attention_heads=4,
                 max_position_embeddings=128, type_vocab_size=2),
}


def model_class(model_type):
    return AutoModel if model_type == "bert" else AutoModelForCausalLM


def tokenizer_json(n):
    vocab = {"<unk>": 0, "<s>": 1, "</s>": 2}
    for i in range(3, n):
        vocab["t%d" % i] = i
    return {"version": "1.0", "truncation": None, "padding": None, "added_tokens": [], "normalizer": None,
            "pre_tokenizer": {"type": "Whitespace"}, "post_processor": None, "decoder": None,
            "model": {"type": "WordLevel", "vocab": vocab, "unk_token": "<unk>"}}


def tensors_of(folder):
    out = {}
    for f in sorted(os.listdir(folder)):
        if f.endswith(".safetensors"):
            with safe_open(os.path.join(folder, f), "pt") as s:
                for k in s.keys():
                    out[k] = s.get_tensor(k)
    return out


def save_healthy(model_type, folder):
    config = AutoConfig.for_model(model_type, **CONFIGS[model_type])
    torch.manual_seed(0)
    model = model_class(model_type).from_config(config)
    model.save_pretrained(folder)
    with open(os.path.join(folder, "tokenizer.json"), "w") as f:
        json.dump(tokenizer_json(CONFIGS[model_type]["vocab_size"]), f)
    for extra in ("generation_config.json",):
        if os.path.exists(os.path.join(folder, extra)):
            os.remove(os.path.join(folder, extra))


def mutate(folder, name):
    """Applies mutant `name` to the saved model in `folder`."""
    t = tensors_of(folder)
    cfg_path = os.path.join(folder, "config.json")
    cfg = json.load(open(cfg_path))
    prefix = "model." if any(k.startswith("model.") for k in t) else ""
    if name == "weight_missing":
        t.pop(prefix + "layers.1.self_attn.q_proj.weight")
    elif name == "norm_missing":
        t.pop(prefix + "norm.weight")
    elif name == "weight_extra":
        t[prefix + "layers.0.self_attn.extra.weight"] = torch.zeros(4)
    elif name == "weight_transposed":
        k = prefix + "layers.1.self_attn.k_proj.weight"
        t[k] = t[k].t().contiguous()
    elif name == "lm_head_missing":
        t.pop("lm_head.weight")
    elif name == "layers_plus1":
        cfg["num_hidden_layers"] += 1
    elif name == "vocab_size_changed":
        cfg["vocab_size"] += 8
    elif name == "tokenizer_missing":
        os.remove(os.path.join(folder, "tokenizer.json"))
    elif name == "tokenizer_too_big":
        with open(os.path.join(folder, "tokenizer.json"), "w") as f:
            json.dump(tokenizer_json(cfg["vocab_size"] + 5), f)
    elif name == "base_prefix":
        t = {k[len("model."):] if k.startswith("model.") else k: v for k, v in t.items() if k != "lm_head.weight"}
    else:
        raise SystemExit("unknown mutant " + name)
    for f in os.listdir(folder):
        if f.endswith(".safetensors"):
            os.remove(os.path.join(folder, f))
    save_file({k: v.contiguous() for k, v in t.items()}, os.path.join(folder, "model.safetensors"),
              metadata={"format": "pt"})
    json.dump(cfg, open(cfg_path, "w"), indent=1)


MUTANTS = {
    "llama": ["weight_missing", "norm_missing", "weight_extra", "weight_transposed", "lm_head_missing",
              "layers_plus1", "vocab_size_changed", "tokenizer_missing", "tokenizer_too_big", "base_prefix"],
    "gemma3_text": ["weight_missing", "weight_extra", "weight_transposed"],
    "qwen3_moe": ["weight_missing", "weight_extra", "layers_plus1"],
}


def loading_info(model_type, folder):
    try:
        _, info = model_class(model_type).from_pretrained(folder, output_loading_info=True)
        return {"missing": sorted(info.get("missing_keys", [])), "unexpected": sorted(info.get("unexpected_keys", [])),
                "mismatched": sorted(str(m[0]) if isinstance(m, (list, tuple)) else str(m)
                                     for m in info.get("mismatched_keys", [])), "error": None}
    except Exception as e:   # transformers refuses (a mismatched shape raises): ask again for the names
        error = str(e).splitlines()[0][:300]
    _, info = model_class(model_type).from_pretrained(folder, output_loading_info=True, ignore_mismatched_sizes=True)
    return {"missing": sorted(info.get("missing_keys", [])), "unexpected": sorted(info.get("unexpected_keys", [])),
            "mismatched": sorted(str(m[0]) if isinstance(m, (list, tuple)) else str(m)
                                 for m in info.get("mismatched_keys", [])), "error": error}


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    results = {}
    for model_type in CONFIGS:
        for mutant in [None] + MUTANTS.get(model_type, []):
            name = model_type if mutant is None else model_type + "." + mutant
            folder = os.path.join(OUT, name)
            save_healthy(model_type, folder)
            healthy = {k: list(v.shape) for k, v in tensors_of(folder).items()}
            if mutant:
                mutate(folder, mutant)
            r = {"model_type": model_type, **loading_info(model_type, folder)}
            if mutant is None:
                r["tensors"] = healthy
            results[name] = r
            print(name, {k: v for k, v in r.items() if k != "tensors"})
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump({"transformers": transformers.__version__, "torch": torch.__version__, "fixtures": results},
                  f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
