#!/usr/bin/env python3
"""Real llama.cpp quantizations as oracles: testdata/llamacpp/*.gguf and their numpy statistics.

  python3 testdata/make_llamacpp_quant_fixtures.py --llama-cpp DIR             # rebuild the committed fixtures
  python3 testdata/make_llamacpp_quant_fixtures.py --llama-cpp DIR --expect-only   # only redo expected.json
  python3 testdata/make_llamacpp_quant_fixtures.py --llama-cpp DIR --wide --tile 10 --out /tmp/wide \\
          --types Q2_K,TQ1_0,IQ1_S,IQ2_XXS,IQ3_XXS,Q4_K_M --no-expect          # the benchmark's wide model
  python3 testdata/make_llamacpp_quant_fixtures.py --llama-cpp DIR --wide --layers 1 --seed 7 --out /tmp/heldout \
          --check .build/release/weightcheck                                 # a held-out set, checked

DIR is llama.cpp as vendored by llama-cpp-python 0.3.36 (vendor/llama.cpp) with libllama built in DIR/build/bin
(as llama-cpp-python's build leaves it). With the tools also built, they are used instead (--via tools):

  cmake -S DIR -B DIR/build -DLLAMA_BUILD_TOOLS=ON -DLLAMA_CURL=OFF -DGGML_NATIVE=OFF
  cmake --build DIR/build --target llama-quantize llama-imatrix -j2

The committed files were made with --via libllama (the tools' `common` library did not build in time on the
loaded 2-core machine): llama_model_quantize, the function llama-quantize calls, with a numpy importance matrix.

Steps (deterministic up to llama.cpp's own threading, which does not change quantized bytes):
 1. gguf-py writes an F32 llama model (source.gguf, not committed): byte-level GPT-2 tokenizer over all 256 bytes,
    every matrix 256 wide (K- and IQ-blocks apply to every tensor), random normal weights with a per-row scale
    (a realistic ~0.02 spread, a few outliers), tied embeddings.
 2. llama-imatrix collects an importance matrix over README.md (any text will do).
 3. llama-quantize makes each type of TYPES; `--pure` (every matrix in the type) except for the named mixes
    (Q3_K_S/M, Q4_K_M, Q5_K_M, IQ2_M), which keep llama.cpp's own per-tensor choices; --imatrix for all but F16/BF16;
   IQ1_S/IQ2_XXS/IQ2_XS/IQ2_S put token_embd in Q2_K (ggml needs an importance matrix for them, and llama-imatrix
   has none for token_embd). Without the tools built (they need llama.cpp's `common`, slow to build), --via
   libllama makes the same llama_model_quantize call through ctypes, with a numpy importance matrix.
 4. expected.json: per file and tensor, gguf-py's dequantize of the stored bytes, then numpy in float64:
    {"llama_cpp": version, "files": {name: {"file_type": ..., "tensors": [{name, type, count, nan, inf, zeros,
    finite, min, max, mean, std}]}}}. Floats are repr strings; std is the population std (ddof 0) over the finite
    values, as `weightcheck stats` prints it; nan/inf/zeros are counted over all values. Every tensor's gguf-py
    output is first held bit-equal to ggml's own dequantizer (type_traits.to_float in build/bin/libggml-base.so).
 5. --check WEIGHTCHECK: `WEIGHTCHECK stats --json` of each file held to expected.json as LlamaCppQuantOracleTests
    holds the committed ones (counts, min and max exact; mean and std to --tolerance relative, the mean with that
    much of the std as slack), the largest deviations printed; exit 1 on any difference. With --seed, a model
    of other random weights: files no test has seen.
"""
import argparse
import ctypes
import json
import os
import subprocess
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
LLAMA_CPP_VERSION = "llama-cpp-python 0.3.36 (vendored llama.cpp 0c1e57098bba43ac29e6e3b677cdceebdd22334f)"

# The committed set: every file type llama-quantize offers for a dense model, but F16 (a plain type the other
# fixtures cover; left out to keep the set under 6 MB) and IQ2_S (that file type is IQ2_XS tensors, as the IQ2_XS
# file; IQ2_M has the IQ2_S tensors). NVFP4: llama_model_quantize has no such file type in this llama.cpp.
# Q1_0/Q2_0: gguf-py cannot dequantize them. `--types F16,IQ2_S` makes the others.
TYPES = ["BF16", "Q8_0", "Q6_K", "Q5_K_M", "Q5_1", "Q5_0", "Q4_K_M", "Q4_1", "Q4_0", "Q3_K_M", "Q3_K_S", "Q2_K",
         "IQ4_XS", "IQ4_NL", "IQ3_S", "IQ3_XXS", "IQ2_M", "IQ2_XS", "IQ2_XXS", "IQ1_M", "IQ1_S", "TQ2_0", "TQ1_0",
         "MXFP4_MOE"]
MIXES = {"Q3_K_S", "Q3_K_M", "Q4_K_M", "Q5_K_M", "IQ2_M"}
NO_IMATRIX = {"F16", "BF16"}
# ggml cannot make these without an importance matrix, which llama-imatrix never has for token_embd (a lookup,
# not a product): under --pure their token_embd takes Q2_K, as llama.cpp's own mixes for these types do.
EMBD_Q2_K = {"IQ1_S", "IQ2_XXS", "IQ2_XS", "IQ2_S"}  # the IQ2_S file type is mostly IQ2_XS


def gguf_module(llama_cpp):
    """gguf-py from the same llama.cpp tree (its dequantizers match that ggml)."""
    sys.path.insert(0, os.path.join(llama_cpp, "gguf-py"))
    import gguf
    return gguf


def byte_level_vocab():
    """GPT-2's bytes_to_unicode: one token per byte, plus one merge and the special tokens."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    tokens = [chr(c) for _, c in sorted(zip(bs, cs))]
    tokens += ["Ġt", "<s>", "</s>"]
    return tokens, ["Ġ t"]


def write_source(gguf, path, hidden, ffn, layers, heads, kv_heads, seed, dtype=np.float32):
    tokens, merges = byte_level_vocab()
    V, hd = len(tokens), hidden // heads
    w = gguf.GGUFWriter(path, arch="llama")
    w.add_name("weightcheck-oracle")
    w.add_context_length(512)
    w.add_embedding_length(hidden)
    w.add_block_count(layers)
    w.add_feed_forward_length(ffn)
    w.add_head_count(heads)
    w.add_head_count_kv(kv_heads)
    w.add_layer_norm_rms_eps(1e-5)
    w.add_rope_freq_base(10000.0)
    w.add_rope_dimension_count(hd)
    w.add_file_type(gguf.LlamaFileType.ALL_F32 if dtype == np.float32 else gguf.LlamaFileType.MOSTLY_F16)
    w.add_tokenizer_model("gpt2")
    w.add_tokenizer_pre("gpt-2")
    w.add_token_list(tokens)
    w.add_token_types([gguf.TokenType.NORMAL] * (V - 2) + [gguf.TokenType.CONTROL] * 2)
    w.add_token_merges(merges)
    w.add_bos_token_id(V - 2)
    w.add_eos_token_id(V - 1)
    rng = np.random.default_rng(seed)

    def matrix(rows, cols):  # ggml dims [cols, rows]; numpy shape (rows, cols)
        scale = 0.02 * np.exp(rng.normal(0, 0.25, (rows, 1)))
        x = rng.standard_normal((rows, cols)).astype(np.float32) * scale.astype(np.float32)
        k = max(1, x.size // 2000)
        x.flat[rng.integers(0, x.size, k)] *= 8  # a few outliers, as trained weights have
        return x.astype(dtype)

    def norm(n):
        return (1 + 0.1 * rng.standard_normal(n)).astype(np.float32)

    w.add_tensor("token_embd.weight", matrix(V, hidden))
    w.add_tensor("output_norm.weight", norm(hidden))
    for i in range(layers):
        b = "blk.%d." % i
        w.add_tensor(b + "attn_norm.weight", norm(hidden))
        w.add_tensor(b + "attn_q.weight", matrix(hidden, hidden))
        w.add_tensor(b + "attn_k.weight", matrix(hd * kv_heads, hidden))
        w.add_tensor(b + "attn_v.weight", matrix(hd * kv_heads, hidden))
        w.add_tensor(b + "attn_output.weight", matrix(hidden, hidden))
        w.add_tensor(b + "ffn_norm.weight", norm(hidden))
        w.add_tensor(b + "ffn_gate.weight", matrix(ffn, hidden))
        w.add_tensor(b + "ffn_down.weight", matrix(hidden, ffn))
        w.add_tensor(b + "ffn_up.weight", matrix(ffn, hidden))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


def run(cmd, log):
    with open(log, "a") as f:
        f.write("$ " + " ".join(cmd) + "\n")
        f.flush()
        r = subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT)
    if r.returncode != 0:
        sys.exit("failed (%d): %s; see %s" % (r.returncode, " ".join(cmd), log))


FTYPES = {"F16": 1, "Q4_0": 2, "Q4_1": 3, "Q8_0": 7, "Q5_0": 8, "Q5_1": 9, "Q2_K": 10, "Q3_K_S": 11, "Q3_K_M": 12,
          "Q4_K_M": 15, "Q5_K_M": 17, "Q6_K": 18, "IQ2_XXS": 19, "IQ2_XS": 20, "IQ3_XXS": 23, "IQ1_S": 24,
          "IQ4_NL": 25, "IQ3_S": 26, "IQ2_S": 28, "IQ2_M": 29, "IQ4_XS": 30, "IQ1_M": 31, "BF16": 32, "TQ1_0": 36,
          "TQ2_0": 37, "MXFP4_MOE": 38, "NVFP4": 39}  # llama.h's llama_ftype


class QuantizeParams(ctypes.Structure):  # llama.h's llama_model_quantize_params
    _fields_ = [("nthread", ctypes.c_int32), ("ftype", ctypes.c_int), ("output_tensor_type", ctypes.c_int),
                ("token_embedding_type", ctypes.c_int), ("allow_requantize", ctypes.c_bool),
                ("quantize_output_tensor", ctypes.c_bool), ("only_copy", ctypes.c_bool), ("pure", ctypes.c_bool),
                ("keep_split", ctypes.c_bool), ("dry_run", ctypes.c_bool), ("imatrix", ctypes.c_void_p),
                ("kv_overrides", ctypes.c_void_p), ("tt_overrides", ctypes.c_void_p),
                ("prune_layers", ctypes.c_void_p), ("max_buf_size", ctypes.c_size_t)]


class ImatrixData(ctypes.Structure):  # llama.h's llama_model_imatrix_data; the array ends with a null name
    _fields_ = [("name", ctypes.c_char_p), ("data", ctypes.POINTER(ctypes.c_float)), ("size", ctypes.c_size_t)]


def quantize_with_libllama(bin_dir, source, imatrix, out, qtype, threads):
    """llama-quantize's own call, llama_model_quantize in libllama, made through ctypes (for a llama.cpp build
    with the library but without the tools). `imatrix` maps tensor name → float32 vector."""
    lib = ctypes.CDLL(os.path.join(bin_dir, "libllama.so"))
    lib.llama_backend_init()
    lib.llama_model_quantize_default_params.restype = QuantizeParams
    lib.llama_model_quantize.restype = ctypes.c_uint32
    lib.llama_model_quantize.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.POINTER(QuantizeParams)]
    p = lib.llama_model_quantize_default_params()
    p.nthread, p.ftype, p.pure = threads, FTYPES[qtype], qtype not in MIXES
    if qtype in EMBD_Q2_K:
        p.token_embedding_type = 10  # GGML_TYPE_Q2_K
    keep = []
    if qtype not in NO_IMATRIX:
        entries = (ImatrixData * (len(imatrix) + 1))()
        for i, (name, v) in enumerate(sorted(imatrix.items())):
            v = np.ascontiguousarray(v, dtype=np.float32)
            keep.append(v)
            entries[i] = ImatrixData(name.encode(), v.ctypes.data_as(ctypes.POINTER(ctypes.c_float)), v.size)
        entries[len(imatrix)] = ImatrixData(None, None, 0)
        p.imatrix = ctypes.cast(entries, ctypes.c_void_p)
    if lib.llama_model_quantize(source.encode(), out.encode(), ctypes.byref(p)) != 0:
        sys.exit("llama_model_quantize failed for " + qtype)


def numpy_imatrix(gguf, source, text, chunks, ctx=128):
    """What llama-imatrix collects, computed with numpy: for each blk.* matrix, the mean over tokens of the
    squared input activations (per input column), from a forward pass of the model over `text` (byte tokens;
    causal attention without RoPE, which only the q·k products would see). Used when llama-imatrix is not built."""
    r = gguf.GGUFReader(source)
    W = {t.name: np.asarray(t.data, dtype=np.float32).reshape([int(d) for d in reversed(t.shape)]) for t in r.tensors}
    heads = int(r.fields["llama.attention.head_count"].parts[-1][0])
    kvh = int(r.fields["llama.attention.head_count_kv"].parts[-1][0])
    layers = int(r.fields["llama.block_count"].parts[-1][0])
    data = np.frombuffer(text, dtype=np.uint8)
    sums, count = {}, 0

    def rms(x, w):
        return x / np.sqrt((x * x).mean(-1, keepdims=True) + 1e-5) * w

    def record(name, x):
        sums[name] = sums.get(name, 0) + (x.astype(np.float64) ** 2).sum(0)

    for c in range(chunks):
        tok = data[c * ctx:(c + 1) * ctx].astype(np.int64)
        h = W["token_embd.weight"][tok]
        n = len(tok)
        count += n
        for i in range(layers):
            b = "blk.%d." % i
            x = rms(h, W[b + "attn_norm.weight"])
            for m in ("attn_q", "attn_k", "attn_v"):
                record(b + m + ".weight", x)
            q, k, v = (x @ W[b + m + ".weight"].T for m in ("attn_q", "attn_k", "attn_v"))
            hd = q.shape[1] // heads
            q = q.reshape(n, heads, hd)
            k = np.repeat(k.reshape(n, kvh, hd), heads // kvh, axis=1)
            v = np.repeat(v.reshape(n, kvh, hd), heads // kvh, axis=1)
            s = np.einsum("qhd,khd->hqk", q, k) / np.sqrt(hd) + np.triu(np.full((n, n), -np.inf), 1)
            s = np.exp(s - s.max(-1, keepdims=True))
            o = np.einsum("hqk,khd->qhd", s / s.sum(-1, keepdims=True), v).reshape(n, -1)
            record(b + "attn_output.weight", o)
            h = h + o @ W[b + "attn_output.weight"].T
            x = rms(h, W[b + "ffn_norm.weight"])
            record(b + "ffn_gate.weight", x)
            record(b + "ffn_up.weight", x)
            g, u = x @ W[b + "ffn_gate.weight"].T, x @ W[b + "ffn_up.weight"].T
            a = g / (1 + np.exp(-g)) * u
            record(b + "ffn_down.weight", a)
            h = h + a @ W[b + "ffn_down.weight"].T
    return {k: (v / count).astype(np.float32) for k, v in sums.items()}


def quantize(bin_dir, source, imatrix, out, qtype, threads, log):
    cmd = [os.path.join(bin_dir, "llama-quantize")]
    if qtype not in MIXES:
        cmd.append("--pure")
    if qtype in EMBD_Q2_K:
        cmd += ["--token-embedding-type", "q2_K"]
    if qtype not in NO_IMATRIX:
        cmd += ["--imatrix", imatrix]
    cmd += [source, out, qtype, str(threads)]
    run(cmd, log)


def tile(gguf, src, dst, layers):
    """Copies the quantized model at `src` (one layer) into `dst` with `layers` layers, each a byte copy of
    blk.0 (llama.cpp's blocks, as stored), block_count set to match. Quantizing a wide model layer by layer
    takes hours on a loaded 2-core machine; the blocks, and so the statistics work per byte, are the same."""
    r = gguf.GGUFReader(src)
    w = gguf.GGUFWriter(dst, arch=str(r.fields["general.architecture"].contents()))
    for name, f in r.fields.items():
        if name.startswith("GGUF.") or name == "general.architecture":
            continue
        value = layers if name.endswith(".block_count") else f.contents()
        sub = f.types[-1] if f.types[0] == gguf.GGUFValueType.ARRAY else None
        w.add_key_value(name, value, f.types[0], sub_type=sub)
    tensors = {t.name: t for t in r.tensors}
    for t in r.tensors:
        names = [t.name.replace("blk.0.", "blk.%d." % i) for i in range(layers)] if t.name.startswith("blk.0.") else [t.name]
        for n in names:
            w.add_tensor(n, np.asarray(tensors[t.name].data), raw_dtype=t.tensor_type)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


class TypeTraits(ctypes.Structure):  # ggml.h's ggml_type_traits
    _fields_ = [("type_name", ctypes.c_char_p), ("blck_size", ctypes.c_int64), ("blck_size_interleave", ctypes.c_int64),
                ("type_size", ctypes.c_size_t), ("is_quantized", ctypes.c_bool), ("to_float", ctypes.c_void_p),
                ("from_float_ref", ctypes.c_void_p)]


def ggml_to_float(bin_dir):
    """ggml's own dequantizer (type_traits.to_float in libggml-base), to hold gguf-py's output to."""
    lib = ctypes.CDLL(os.path.join(bin_dir, "libggml-base.so"))
    lib.ggml_get_type_traits.restype = ctypes.POINTER(TypeTraits)
    fn = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.POINTER(ctypes.c_float), ctypes.c_int64)

    def to_float(raw, qtype, n):
        if qtype == 0:
            return np.frombuffer(raw.tobytes(), dtype="<f4").copy()
        out = np.empty(n, dtype=np.float32)
        src = np.ascontiguousarray(raw).view(np.uint8)
        fn(lib.ggml_get_type_traits(int(qtype)).contents.to_float)(
            src.ctypes.data, out.ctypes.data_as(ctypes.POINTER(ctypes.c_float)), n)
        return out
    return to_float


def describe(gguf, path, to_float=None):
    r = gguf.GGUFReader(path)
    ft = r.fields.get("general.file_type")
    out = {"file_type": int(ft.parts[ft.data[0]][0]) if ft else None, "tensors": []}
    for t in r.tensors:
        v32 = gguf.quants.dequantize(t.data, t.tensor_type).astype(np.float32).ravel()
        if to_float is not None:  # gguf-py and ggml must agree bit for bit (NaN payloads aside)
            c = to_float(t.data, t.tensor_type, v32.size)
            same = np.array_equal(v32.view(np.uint32), c.view(np.uint32)) or np.array_equal(v32, c, equal_nan=True)
            if not same:
                bad = np.flatnonzero(~((v32 == c) | (np.isnan(v32) & np.isnan(c))))
                sys.exit("%s %s: gguf-py and ggml disagree at %d values, first at %d: %r vs %r"
                         % (path, t.name, bad.size, bad[0], v32[bad[0]], c[bad[0]]))
        v = v32.astype(np.float64)
        finite = v[np.isfinite(v)]
        e = {"name": t.name, "type": t.tensor_type.name, "count": int(v.size), "nan": int(np.isnan(v).sum()),
             "inf": int(np.isinf(v).sum()), "zeros": int((v == 0).sum()), "finite": int(finite.size)}
        if finite.size:
            e.update(min=repr(float(finite.min())), max=repr(float(finite.max())), mean=repr(float(finite.mean())),
                     std=repr(float(finite.std())))
        out["tensors"].append(e)
    return out


def check(weightcheck, out, files, tolerance):
    """`weightcheck stats --json` of each file against its expected entry (see step 5); the number of differences."""
    bad, worst = 0, {"mean": 0.0, "std": 0.0}
    for name, want in sorted(files.items()):
        doc = json.loads(subprocess.run([weightcheck, "stats", "--json", os.path.join(out, name)],
                                        capture_output=True, text=True).stdout)
        got = doc["files"][0].get("tensors", [])
        if len(got) != len(want["tensors"]):
            print("%s: %d tensors, expected %d" % (name, len(got), len(want["tensors"])))
            bad += 1
            continue
        for g, e in zip(got, want["tensors"]):
            where = "%s %s (%s)" % (name, e["name"], e["type"])
            for k in ("name", "type", "count", "nan", "inf", "zeros"):
                if g[k] != e[k]:
                    print("%s: %s %r, expected %r" % (where, k, g[k], e[k]))
                    bad += 1
            if g.get("bad_scales", 0):
                print("%s: %d bad scales" % (where, g["bad_scales"]))
                bad += 1
            if "min" not in e:
                continue
            std = float(e["std"])
            for k in ("min", "max", "mean", "std"):
                a, b = g[k], float(e[k])
                slack = tolerance * std if k == "mean" else 0.0
                limit = 0.0 if k in ("min", "max") else tolerance * max(abs(a), abs(b)) + slack
                if abs(a - b) > limit:
                    print("%s: %s %r, expected %r" % (where, k, a, b))
                    bad += 1
                if k in worst:
                    worst[k] = max(worst[k], abs(a - b) / max(abs(b) + slack, 1e-300))
    print("checked %d files against %s: %d differences; largest relative deviation of mean %.1e, of std %.1e"
          % (len(files), weightcheck, bad, worst["mean"], worst["std"]))
    return bad


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--llama-cpp", required=True, help="llama.cpp source tree with build/bin/llama-quantize")
    ap.add_argument("--out", default=os.path.join(HERE, "llamacpp"))
    ap.add_argument("--work", default=None, help="scratch folder for source.gguf, the imatrix and llama.log (default /tmp/weightcheck-llamacpp-<width>)")
    ap.add_argument("--types", default=",".join(TYPES))
    ap.add_argument("--wide", action="store_true", help="hidden 2048, ffn 5632, 10 layers (~1 GB at F16)")
    ap.add_argument("--layers", type=int, default=None)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--tile", type=int, default=0, help="quantize one layer, then write OUT/TYPE.gguf with this "
                    "many byte copies of it (the benchmark's wide files)")
    ap.add_argument("--expect-only", action="store_true")
    ap.add_argument("--via", choices=["auto", "tools", "libllama"], default="auto",
                    help="llama-imatrix + llama-quantize, or libllama's llama_model_quantize through ctypes with a "
                         "numpy importance matrix (auto: the tools when built)")
    ap.add_argument("--no-expect", action="store_true", help="skip expected.json (the wide model)")
    ap.add_argument("--seed", type=int, default=None, help="the source model's random seed (default: the committed "
                    "files' own, 20261201 + width)")
    ap.add_argument("--check", metavar="WEIGHTCHECK", default=None, help="hold `WEIGHTCHECK stats --json` of each "
                    "file to expected.json (step 5)")
    ap.add_argument("--tolerance", type=float, default=1e-12, help="relative tolerance of mean and std for --check")
    a = ap.parse_args()
    gguf = gguf_module(a.llama_cpp)
    bin_dir = os.path.join(a.llama_cpp, "build", "bin")
    types = [t for t in a.types.split(",") if t]
    if a.wide:
        hidden, ffn, layers, heads, kv = 2048, 5632, 1 if a.tile else (a.layers or 10), 16, 16
    else:
        hidden, ffn, layers, heads, kv = 256, 256, a.layers or 1, 4, 1
    work = a.work or "/tmp/weightcheck-llamacpp-%d-%d%s" % (hidden, layers, "" if a.seed is None else "-seed%d" % a.seed)
    os.makedirs(a.out, exist_ok=True)
    os.makedirs(work, exist_ok=True)
    log = os.path.join(work, "llama.log")

    if not a.expect_only:
        source = os.path.join(work, "source.gguf")
        imatrix = os.path.join(work, "imatrix.gguf")
        if not os.path.exists(source):
            # The wide model's source is F16 (half the scratch space; llama-quantize reads either).
            write_source(gguf, source, hidden, ffn, layers, heads, kv, seed=20261201 + hidden if a.seed is None else a.seed,
                         dtype=np.float16 if a.wide else np.float32)
        tools = all(os.path.exists(os.path.join(bin_dir, x)) for x in ("llama-quantize", "llama-imatrix"))
        via = a.via if a.via != "auto" else ("tools" if tools else "libllama")
        text = os.path.join(ROOT, "README.md")
        chunks = 4 if a.wide else 8
        print("quantizing with", "llama-imatrix + llama-quantize" if via == "tools"
              else "libllama's llama_model_quantize and a numpy importance matrix")
        if via == "tools" and not os.path.exists(imatrix):
            run([os.path.join(bin_dir, "llama-imatrix"), "-m", source, "-f", text, "-o", imatrix, "-c", "128",
                 "--chunks", str(chunks), "-t", str(a.threads), "-ngl", "0", "--no-ppl"], log)
        im = None
        for t in types:
            final = os.path.join(a.out, t + ".gguf")
            out = os.path.join(work, t + ".1layer.gguf") if a.tile else final
            if os.path.exists(final):
                continue
            if a.tile and os.path.exists(out):
                tile(gguf, out, final + ".tmp", a.tile)
                os.replace(final + ".tmp", final)
                print("made", final)
                continue
            if via == "tools":
                quantize(bin_dir, source, imatrix, out, t, a.threads, log)
            else:
                if im is None:
                    im = numpy_imatrix(gguf, source, open(text, "rb").read(), chunks)
                quantize_with_libllama(bin_dir, source, im, out + ".tmp", t, a.threads)
                os.replace(out + ".tmp", out)
            if a.tile:
                tile(gguf, out, final + ".tmp", a.tile)
                os.replace(final + ".tmp", final)
            print("made", final)

    if not a.no_expect:
        files = {}
        for t in types:
            path = os.path.join(a.out, t + ".gguf")
            files[t + ".gguf"] = describe(gguf, path, ggml_to_float(bin_dir))
            kinds = sorted({x["type"] for x in files[t + ".gguf"]["tensors"]})
            print("%-10s %8d bytes  %s" % (t, os.path.getsize(path), " ".join(kinds)))
        doc = {"llama_cpp": LLAMA_CPP_VERSION, "generator": "testdata/make_llamacpp_quant_fixtures.py",
               "files": files}
        with open(os.path.join(a.out, "expected.json"), "w") as f:
            json.dump(doc, f, indent=1, sort_keys=True)
            f.write("\n")
        if a.check and check(a.check, a.out, files, a.tolerance):
            sys.exit(1)


if __name__ == "__main__":
    main()
