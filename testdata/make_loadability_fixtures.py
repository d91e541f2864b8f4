#!/usr/bin/env python3
# Writes the loadability fixtures (testdata/loadability/*.gguf) with gguf-py: one tiny real-shaped model per
# llama.cpp architecture the contract covers, plus mutants of them, and records llama.cpp's own verdict for each.
"""Make the loadability fixtures and record llama.cpp's verdicts.

  python3 testdata/make_loadability_fixtures.py                       # write testdata/loadability/*.gguf
  python3 testdata/make_loadability_fixtures.py --oracle BUILD/llama_load
                                                                      # also run llama.cpp's loader on each
                                                                      # and write loadability/expected.json

The oracle is testdata/loadability/llama_load.c (llama_model_load_from_file, vocab_only=false, CPU) linked
against the llama.cpp vendored by the llama-cpp-python source package (LLAMA_CPP_VERSION below):

  pip download --no-deps --no-binary :all: llama-cpp-python==0.3.36 && tar xzf llama_cpp_python-0.3.36.tar.gz
  cd llama_cpp_python-0.3.36/vendor/llama.cpp
  cmake -B build -DGGML_NATIVE=OFF -DLLAMA_CURL=OFF -DBUILD_SHARED_LIBS=ON -DLLAMA_BUILD_TESTS=OFF \
        -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_TOOLS=OFF -DLLAMA_BUILD_SERVER=OFF && cmake --build build --target llama -j2
  cc -O1 -o llama_load testdata/loadability/llama_load.c -Iinclude -Iggml/include -Lbuild/bin -lllama -lggml -lggml-base \
        -Wl,-rpath,$PWD/build/bin

expected.json: {"llama_cpp": version, "fixtures": {name: {"loads": bool, "error": llama.cpp's message or null,
"warnings": [...]}}}.
"""
import json
import os
import re
import subprocess
import sys

import numpy as np
import gguf

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "loadability")
LLAMA_CPP_VERSION = "llama-cpp-python 0.3.36 (vendored llama.cpp 0c1e57098bba43ac29e6e3b677cdceebdd22334f)"

E, L, H, HKV, HD, FF, CTX = 16, 2, 4, 2, 4, 32, 128   # width, layers, heads, kv heads, head size, ffn, context
X, XU, FFX = 4, 2, 8                                   # experts, experts used, expert ffn


def vocab_bpe(n=32):
    """A byte-level BPE vocabulary of n tokens (the gpt2 tokenizer) and its merges."""
    tokens = ["<s>", "</s>", "<unk>", "<|endoftext|>", "Ċ", "Ġ"] + [chr(ord("a") + i) for i in range(26)]
    tokens += ["ab"] + ["<x%d>" % i for i in range(n)]
    return tokens[:n], ["a b"]


def vocab_wpm(n=32):
    tokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + [chr(ord("a") + i) for i in range(26)] + ["##s"]
    return tokens[:n]


def llama_like(arch, qk_norm=False, qkv_bias=False, output=True, post_norms=False, moe=None):
    """Tensors (name → ggml dims) of the llama family, in llama.cpp's creation order."""
    V = 32
    t = {"token_embd.weight": [E, V], "output_norm.weight": [E]}
    if output:
        t["output.weight"] = [E, V]
    for i in range(L):
        b = "blk.%d." % i
        t[b + "attn_norm.weight"] = [E]
        t[b + "attn_q.weight"] = [E, HD * H]
        t[b + "attn_k.weight"] = [E, HD * HKV]
        t[b + "attn_v.weight"] = [E, HD * HKV]
        if qkv_bias:
            t[b + "attn_q.bias"] = [HD * H]
            t[b + "attn_k.bias"] = [HD * HKV]
            t[b + "attn_v.bias"] = [HD * HKV]
        t[b + "attn_output.weight"] = [HD * H, E]
        if post_norms:
            t[b + "post_attention_norm.weight"] = [E]
        if qk_norm:
            t[b + "attn_k_norm.weight"] = [HD]
            t[b + "attn_q_norm.weight"] = [HD]
        t[b + "ffn_norm.weight"] = [E]
        if moe is None:
            t[b + "ffn_gate.weight"] = [E, FF]
            t[b + "ffn_down.weight"] = [FF, E]
            t[b + "ffn_up.weight"] = [E, FF]
        else:
            t[b + "ffn_gate_inp.weight"] = [E, X]
            t[b + "ffn_gate_exps.weight"] = [E, FFX, X]
            t[b + "ffn_down_exps.weight"] = [FFX, E, X]
            t[b + "ffn_up_exps.weight"] = [E, FFX, X]
            if moe == "shared":
                t[b + "ffn_gate_inp_shexp.weight"] = [E]
                t[b + "ffn_gate_shexp.weight"] = [E, FF]
                t[b + "ffn_down_shexp.weight"] = [FF, E]
                t[b + "ffn_up_shexp.weight"] = [E, FF]
        if post_norms:
            t[b + "post_ffw_norm.weight"] = [E]
    return t


def base_keys(arch, head_kv=HKV):
    return {
        arch + ".context_length": ("u32", CTX), arch + ".embedding_length": ("u32", E),
        arch + ".block_count": ("u32", L), arch + ".feed_forward_length": ("u32", FF),
        arch + ".attention.head_count": ("u32", H), arch + ".attention.head_count_kv": ("u32", head_kv),
        arch + ".attention.layer_norm_rms_epsilon": ("f32", 1e-6), arch + ".rope.freq_base": ("f32", 10000.0),
    }


def moe_keys(arch, shared=False):
    k = {arch + ".expert_count": ("u32", X), arch + ".expert_used_count": ("u32", XU),
         arch + ".expert_feed_forward_length": ("u32", FFX)}
    if shared:
        k[arch + ".expert_shared_feed_forward_length"] = ("u32", FF)
    return k


def model(arch):
    """(keys, tensors, tokenizer) of a healthy tiny model of `arch`."""
    tok = "gpt2"
    if arch in ("llama", "mistral3"):
        keys, t = base_keys(arch), llama_like(arch)
    elif arch == "qwen2":
        keys, t = base_keys(arch), llama_like(arch, qkv_bias=True)
    elif arch == "qwen3":
        keys, t = base_keys(arch), llama_like(arch, qk_norm=True, output=False)
    elif arch == "qwen2moe":
        keys = {**base_keys(arch), **moe_keys(arch, shared=True)}
        t = llama_like(arch, qkv_bias=True, moe="shared")
    elif arch == "qwen3moe":
        keys = {**base_keys(arch), **moe_keys(arch)}
        t = llama_like(arch, qk_norm=True, moe="plain")
    elif arch == "gemma":
        keys, t = base_keys(arch), llama_like(arch, output=False)
    elif arch == "gemma2":
        keys = {**base_keys(arch), arch + ".attention.sliding_window": ("u32", 64)}
        t = llama_like(arch, output=False, post_norms=True)
    elif arch == "gemma3":
        keys = {**base_keys(arch), arch + ".attention.sliding_window": ("u32", 64)}
        t = llama_like(arch, output=False, post_norms=True, qk_norm=True)
    elif arch == "phi3":
        keys, t = base_keys(arch, head_kv=H), phi3_tensors()
    elif arch == "gpt-oss":
        keys = {**base_keys(arch), **moe_keys(arch), arch + ".attention.sliding_window": ("u32", 64)}
        t = gpt_oss_tensors()
    elif arch == "deepseek2":
        keys, t = deepseek2_model(arch)
    elif arch in ("bert", "nomic-bert"):
        tok = "bert"
        keys = base_keys(arch, head_kv=H)
        del keys[arch + ".attention.layer_norm_rms_epsilon"]
        keys[arch + ".attention.layer_norm_epsilon"] = ("f32", 1e-12)
        keys[arch + ".attention.causal"] = ("bool", False)
        keys[arch + ".pooling_type"] = ("u32", 1)
        t = bert_tensors(nomic=arch == "nomic-bert")
    else:
        raise SystemExit("no model for " + arch)
    return keys, t, tok


def phi3_tensors():
    t = {"token_embd.weight": [E, 32], "output_norm.weight": [E], "output.weight": [E, 32]}
    for i in range(L):
        b = "blk.%d." % i
        t[b + "attn_norm.weight"] = [E]
        t[b + "attn_qkv.weight"] = [E, E + 2 * E]
        t[b + "attn_output.weight"] = [E, E]
        t[b + "ffn_norm.weight"] = [E]
        t[b + "ffn_down.weight"] = [FF, E]
        t[b + "ffn_up.weight"] = [E, 2 * FF]
    return t


def gpt_oss_tensors():
    t = {"token_embd.weight": [E, 32], "output_norm.weight": [E], "output.weight": [E, 32]}
    for i in range(L):
        b = "blk.%d." % i
        t[b + "attn_norm.weight"] = [E]
        t[b + "post_attention_norm.weight"] = [E]
        t[b + "attn_q.weight"] = [E, H * HD]
        t[b + "attn_k.weight"] = [E, HKV * HD]
        t[b + "attn_v.weight"] = [E, HKV * HD]
        t[b + "attn_q.bias"] = [H * HD]
        t[b + "attn_k.bias"] = [HKV * HD]
        t[b + "attn_v.bias"] = [HKV * HD]
        t[b + "attn_output.weight"] = [H * HD, E]
        t[b + "attn_sinks.weight"] = [H]
        t[b + "ffn_gate_inp.weight"] = [E, X]
        t[b + "ffn_gate_exps.weight"] = [E, FFX, X]
        t[b + "ffn_down_exps.weight"] = [FFX, E, X]
        t[b + "ffn_up_exps.weight"] = [E, FFX, X]
        t[b + "attn_output.bias"] = [E]
        t[b + "ffn_gate_inp.bias"] = [X]
        t[b + "ffn_gate_exps.bias"] = [FFX, X]
        t[b + "ffn_down_exps.bias"] = [E, X]
        t[b + "ffn_up_exps.bias"] = [FFX, X]
    return t


def deepseek2_model(arch):
    QL, KVL, ROPE, KMLA, VMLA, SH = 8, 8, 4, 12, 8, 1
    keys = {**base_keys(arch, head_kv=1), **moe_keys(arch)}
    keys.update({arch + ".attention.q_lora_rank": ("u32", QL), arch + ".attention.kv_lora_rank": ("u32", KVL),
                 arch + ".attention.key_length": ("u32", KVL + ROPE), arch + ".attention.value_length": ("u32", KVL),
                 arch + ".attention.key_length_mla": ("u32", KMLA), arch + ".attention.value_length_mla": ("u32", VMLA),
                 arch + ".rope.dimension_count": ("u32", ROPE), arch + ".leading_dense_block_count": ("u32", 1),
                 arch + ".expert_shared_count": ("u32", SH)})
    t = {"token_embd.weight": [E, 32], "output_norm.weight": [E], "output.weight": [E, 32]}
    for i in range(L):
        b = "blk.%d." % i
        t[b + "attn_norm.weight"] = [E]
        t[b + "attn_q_a_norm.weight"] = [QL]
        t[b + "attn_kv_a_norm.weight"] = [KVL]
        t[b + "attn_q_a.weight"] = [E, QL]
        t[b + "attn_q_b.weight"] = [QL, H * KMLA]
        t[b + "attn_kv_a_mqa.weight"] = [E, KVL + ROPE]
        t[b + "attn_k_b.weight"] = [KMLA - ROPE, KVL, H]
        t[b + "attn_v_b.weight"] = [KVL, VMLA, H]
        t[b + "attn_output.weight"] = [H * VMLA, E]
        t[b + "ffn_norm.weight"] = [E]
        if i < 1:
            t[b + "ffn_gate.weight"] = [E, FF]
            t[b + "ffn_down.weight"] = [FF, E]
            t[b + "ffn_up.weight"] = [E, FF]
        else:
            t[b + "ffn_gate_inp.weight"] = [E, X]
            t[b + "exp_probs_b.bias"] = [X]
            t[b + "ffn_down_exps.weight"] = [FFX, E, X]
            t[b + "ffn_gate_exps.weight"] = [E, FFX, X]
            t[b + "ffn_up_exps.weight"] = [E, FFX, X]
            t[b + "ffn_gate_shexp.weight"] = [E, FFX * SH]
            t[b + "ffn_down_shexp.weight"] = [FFX * SH, E]
            t[b + "ffn_up_shexp.weight"] = [E, FFX * SH]
    return keys, t


def bert_tensors(nomic):
    t = {"token_embd.weight": [E, 32], "token_types.weight": [E, 2]}
    if not nomic:
        t["position_embd.weight"] = [E, CTX]
    t["token_embd_norm.weight"] = [E]
    t["token_embd_norm.bias"] = [E]
    for i in range(L):
        b = "blk.%d." % i
        if nomic:
            t[b + "attn_qkv.weight"] = [E, 3 * E]
        else:
            for n in ("q", "k", "v"):
                t[b + "attn_%s.weight" % n] = [E, E]
                t[b + "attn_%s.bias" % n] = [E]
        t[b + "attn_output.weight"] = [E, E]
        if not nomic:
            t[b + "attn_output.bias"] = [E]
        t[b + "attn_output_norm.weight"] = [E]
        t[b + "attn_output_norm.bias"] = [E]
        t[b + "ffn_up.weight"] = [E, FF]
        if not nomic:
            t[b + "ffn_up.bias"] = [FF]
        t[b + "ffn_down.weight"] = [FF, E]
        if not nomic:
            t[b + "ffn_down.bias"] = [E]
        if nomic:
            t[b + "ffn_gate.weight"] = [E, FF]
        t[b + "layer_output_norm.weight"] = [E]
        t[b + "layer_output_norm.bias"] = [E]
    return t


def tokenizer_keys(kind, n=32):
    if kind == "bert":
        tokens = vocab_wpm(n)
        return {"tokenizer.ggml.model": ("str", "bert"), "tokenizer.ggml.tokens": ("strs", tokens),
                "tokenizer.ggml.token_type": ("i32s", [1] * len(tokens)),
                "tokenizer.ggml.token_type_count": ("u32", 2),
                "tokenizer.ggml.padding_token_id": ("u32", 0), "tokenizer.ggml.unknown_token_id": ("u32", 1),
                "tokenizer.ggml.cls_token_id": ("u32", 2), "tokenizer.ggml.seperator_token_id": ("u32", 3),
                "tokenizer.ggml.mask_token_id": ("u32", 4)}
    tokens, merges = vocab_bpe(n)
    return {"tokenizer.ggml.model": ("str", "gpt2"), "tokenizer.ggml.pre": ("str", "default"),
            "tokenizer.ggml.tokens": ("strs", tokens), "tokenizer.ggml.token_type": ("i32s", [1] * len(tokens)),
            "tokenizer.ggml.merges": ("strs", merges),
            "tokenizer.ggml.bos_token_id": ("u32", 0), "tokenizer.ggml.eos_token_id": ("u32", 1)}


def write(path, arch_name, keys, tensors):
    w = gguf.GGUFWriter(path, arch=arch_name)
    scalar = {"u32": w.add_uint32, "f32": w.add_float32, "bool": w.add_bool, "str": w.add_string}
    for k, (kind, v) in keys.items():
        if kind in scalar:
            scalar[kind](k, v)
        elif kind == "strs":
            w.add_array(k, v)
        elif kind == "i32s":
            w.add_key_value(k, v, gguf.GGUFValueType.ARRAY, sub_type=gguf.GGUFValueType.INT32)
    rng = np.random.default_rng(len(path))
    for name, dims in tensors.items():
        shape = tuple(reversed(dims))
        dtype = np.float32 if len(dims) == 1 else np.float16
        w.add_tensor(name, (rng.standard_normal(shape) * 0.02).astype(dtype))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


ARCHS = ["llama", "mistral3", "qwen2", "qwen2moe", "qwen3", "qwen3moe", "gemma", "gemma2", "gemma3", "phi3",
         "deepseek2", "gpt-oss", "bert", "nomic-bert"]


def mutants(arch):
    """(name, mutate(keys, tensors) → arch name) for the broken variants of `arch`."""
    a = arch

    def drop(name):
        return lambda k, t: t.pop(name) and a

    def remove_key(key):
        return lambda k, t: k.pop(key) and a

    def set_key(key, kind, value):
        def f(k, t):
            k[key] = (kind, value)
            return a
        return f

    def shorten_vocab(k, t):
        k["tokenizer.ggml.tokens"] = ("strs", k["tokenizer.ggml.tokens"][1][:-1])
        k["tokenizer.ggml.token_type"] = ("i32s", k["tokenizer.ggml.token_type"][1][:-1])
        return a

    def extra(k, t):
        t["blk.0.attn_extra.weight"] = [E]
        return a

    def transpose(k, t):
        t["blk.1.attn_k.weight"] = list(reversed(t["blk.1.attn_k.weight"]))
        return a

    def output_dropped(k, t):
        t.pop("output.weight", None)
        return a

    return [
        ("tensor_dropped", drop("blk.1.attn_q.weight")),
        ("norm_dropped", drop("blk.1.ffn_norm.weight")),
        ("head_count_removed", remove_key(a + ".attention.head_count")),
        ("head_count_doubled", set_key(a + ".attention.head_count", "u32", 2 * H)),
        ("vocab_shortened", shorten_vocab),
        ("vocab_removed", remove_key("tokenizer.ggml.tokens")),
        ("extra_tensor", extra),
        ("unknown_arch", lambda k, t: a + "x"),
        ("block_count_plus1", set_key(a + ".block_count", "u32", L + 1)),
        ("transposed", transpose),
        ("merges_removed", remove_key("tokenizer.ggml.merges")),
        ("tokenizer_model_removed", remove_key("tokenizer.ggml.model")),
        ("rms_eps_removed", remove_key(a + ".attention.layer_norm_rms_epsilon")),
        ("context_length_removed", remove_key(a + ".context_length")),
        ("token_types_short", lambda k, t: k.update({"tokenizer.ggml.token_type": ("i32s", [1] * 5)}) or a),
        ("bos_out_of_range", set_key("tokenizer.ggml.bos_token_id", "u32", 999)),
        ("unknown_tokenizer", set_key("tokenizer.ggml.model", "str", "sentencepiece9")),
        ("output_dropped", output_dropped),
        ("output_norm_dropped", drop("output_norm.weight")),
        ("block_count_minus1", set_key(a + ".block_count", "u32", L - 1)),
        ("ffn_length_changed", set_key(a + ".feed_forward_length", "u32", FF * 2)),
        ("phi3_token_missing", lambda k, t: k.update({"tokenizer.ggml.tokens": ("strs", [
            "<eot>" if x == "<|endoftext|>" else x for x in k["tokenizer.ggml.tokens"][1]])}) or a),
    ]


MUTATED = ["gemma3", "qwen3moe", "llama"]   # every mutant of these; plus a few for the others
FEW = ["tensor_dropped", "extra_tensor", "head_count_doubled", "vocab_shortened", "output_dropped"]
ONLY = {"phi3_token_missing": ["phi3"]}   # mutants that make sense for one architecture only


def fixtures():
    out = []
    for arch in ARCHS:
        keys, tensors, tok = model(arch)
        keys = {**keys, "general.name": ("str", "tiny " + arch), **tokenizer_keys(tok)}
        out.append((arch, arch, keys, tensors))
        for name, mutate in mutants(arch):
            if arch not in ONLY.get(name, [arch]) or (name not in ONLY and arch not in MUTATED and name not in FEW):
                continue
            k, t = dict(keys), dict(tensors)
            try:
                arch_name = mutate(k, t)
            except KeyError:
                continue   # this model has no such key or tensor
            if (k, t) == (keys, tensors) and arch_name == arch:
                continue
            out.append((arch + "." + name, arch_name, k, t))
    return out


def oracle(loader, path):
    p = subprocess.run([loader, path], capture_output=True, text=True, timeout=120)
    text = p.stdout + p.stderr
    loads = p.returncode == 0 and "LOADED" in text
    error = None
    m = re.search(r"error loading model: (.*)", text)
    if m:
        error = m.group(1).strip()
    elif not loads:
        m = re.search(r"(GGML_ASSERT\(.*\) failed|terminate called.*|what\(\):.*)", text)
        error = m.group(1).strip() if m else "exit %d" % p.returncode
    warnings = sorted(set(re.findall(r"(bad special token: '[^']*' = \d+|missing pre-tokenizer type)", text)))
    return {"loads": loads, "error": error, "warnings": warnings}


def main():
    os.makedirs(OUT, exist_ok=True)
    loader = sys.argv[sys.argv.index("--oracle") + 1] if "--oracle" in sys.argv else None
    results = {}
    for name, arch_name, keys, tensors in fixtures():
        path = os.path.join(OUT, name + ".gguf")
        write(path, arch_name, keys, tensors)
        if loader:
            results[name] = oracle(loader, path)
            print(name, results[name])
    if loader:
        with open(os.path.join(OUT, "expected.json"), "w") as f:
            json.dump({"llama_cpp": LLAMA_CPP_VERSION, "fixtures": results}, f, indent=1, sort_keys=True)
            f.write("\n")


if __name__ == "__main__":
    main()
