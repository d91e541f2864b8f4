#!/usr/bin/env python3
# Writes the GGUF fixtures in testdata/gguf/ with gguf-py (the reference writer) and records gguf-py's
# GGUFReader view of each as testdata/gguf/expected/<name>.json. Run: python3 testdata/make_gguf_fixtures.py
import json, os, sys
from pathlib import Path
import numpy as np
import gguf
from gguf import GGUFWriter, GGUFReader, GGMLQuantizationType as T, GGUFEndian

HERE = Path(__file__).resolve().parent / "gguf"
rng = np.random.default_rng(20261129)


def sane_kquant_blocks(qtype, n_blocks):
    """Random K-quant blocks whose f16 scale fields hold sane values (random bytes elsewhere)."""
    block_size, type_size = gguf.GGML_QUANT_SIZES[qtype]
    raw = rng.integers(0, 256, size=(n_blocks, type_size), dtype=np.uint8)
    d = rng.uniform(0.001, 0.01, size=(n_blocks, 2)).astype(np.float16).view(np.uint8).reshape(n_blocks, 4)
    if qtype in (T.Q4_K, T.Q5_K, T.Q2_K):
        pos = 0 if qtype != T.Q2_K else 80  # Q2_K: scales[16] qs[64] d dmin
        raw[:, pos:pos + 4] = d
    elif qtype == T.Q6_K:
        raw[:, 208:210] = d[:, :2]
    return raw


def common_metadata(w: GGUFWriter, vocab=100):
    w.add_name("weightcheck fixture")
    w.add_block_count(1)
    w.add_context_length(128)
    w.add_embedding_length(64)
    w.add_uint8("fixture.u8", 200)
    w.add_int8("fixture.i8", -100)
    w.add_uint16("fixture.u16", 60000)
    w.add_int16("fixture.i16", -30000)
    w.add_uint32("fixture.u32", 4000000000)
    w.add_int32("fixture.i32", -2000000000)
    w.add_float32("fixture.f32", 0.5)
    w.add_bool("fixture.bool", True)
    w.add_uint64("fixture.u64", 2**63 + 5)
    w.add_int64("fixture.i64", -(2**62))
    w.add_float64("fixture.f64", 3.25)
    w.add_string("fixture.unicode", "héllo wörld ✓")
    w.add_array("fixture.int_array", [1, 2, 3, 4, 5])
    w.add_token_list([f"tok{i}" for i in range(vocab)])
    w.add_token_scores([float(-i) for i in range(vocab)])
    w.add_token_types([1] * vocab)


def add_tensors(w: GGUFWriter, kquants=True):
    emb = rng.standard_normal((8, 64)).astype(np.float32)
    w.add_tensor("token_embd.weight", emb)
    w.add_tensor("output_norm.weight", rng.standard_normal(64).astype(np.float16))
    q = rng.standard_normal((16, 64)).astype(np.float32)
    w.add_tensor("blk.0.attn_q.weight", gguf.quants.quantize(q, T.Q8_0), raw_dtype=T.Q8_0)
    k = rng.standard_normal((16, 64)).astype(np.float32)
    w.add_tensor("blk.0.attn_k.weight", gguf.quants.quantize(k, T.Q4_0), raw_dtype=T.Q4_0)
    v = rng.standard_normal((16, 64)).astype(np.float32)
    w.add_tensor("blk.0.attn_v.weight", gguf.quants.quantize(v, T.Q5_1), raw_dtype=T.Q5_1)
    o = rng.standard_normal((16, 64)).astype(np.float32)
    w.add_tensor("blk.0.attn_output.weight", gguf.quants.quantize(o, T.BF16), raw_dtype=T.BF16)
    if kquants:
        w.add_tensor("blk.0.ffn_up.weight", sane_kquant_blocks(T.Q4_K, 4), raw_dtype=T.Q4_K)
        w.add_tensor("blk.0.ffn_down.weight", sane_kquant_blocks(T.Q6_K, 4), raw_dtype=T.Q6_K)
    w.add_tensor("blk.0.attn_norm.bias", np.zeros(64, dtype=np.float32))
    w.add_tensor("rope_freqs.weight", np.arange(1, 9, dtype=np.int32))


def write(path: Path, **kw):
    endian = kw.pop("endianess", GGUFEndian.LITTLE)
    align = kw.pop("alignment", None)
    w = GGUFWriter(str(path), "llama", endianess=endian)
    if align:
        w.add_custom_alignment(align)
    common_metadata(w)
    add_tensors(w, kquants=kw.pop("kquants", True))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


def write_split(folder: Path):
    folder.mkdir(parents=True, exist_ok=True)
    w = GGUFWriter(str(folder / "model.gguf"), "llama", split_max_tensors=3)
    common_metadata(w, vocab=20)
    add_tensors(w, kquants=False)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


def write_little_endian_twin(big: Path, path: Path):
    """The tensors of `big` (a big-endian file) as gguf-py reads them, written again little-endian: the same
    values, so every figure WeightCheck gives of one must equal the other's (ByteOrderTests)."""
    r = GGUFReader(str(big))
    w = GGUFWriter(str(path), "llama")
    common_metadata(w)
    for t in r.tensors:
        data = np.asarray(t.data)
        if data.dtype.kind in "fi" and data.dtype.itemsize > 1:  # numpy-native values: host order, little-endian
            w.add_tensor(t.name, data.astype(data.dtype.newbyteorder("<")))
        else:  # block types and BF16 are stored as raw bytes, unswapped, in both byte orders
            w.add_tensor(t.name, data, raw_dtype=t.tensor_type)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


def value_json(field):
    """A metadata value as the expected JSON: scalars as values, arrays summarized."""
    vt = field.types[0]
    if vt == gguf.GGUFValueType.ARRAY:
        et = field.types[1] if len(field.types) > 1 else None
        items = field.contents()
        return {"array": et.name if et is not None else None, "count": len(field.data), "items": items}
    v = field.contents()
    if isinstance(v, float) and vt == gguf.GGUFValueType.FLOAT32:
        v = float(np.float32(v))
    return v


def expected(path: Path):
    r = GGUFReader(str(path))
    tensors = [{
        "name": t.name,
        "type": t.tensor_type.name,
        "shape": [int(x) for x in t.shape],
        "offset": int(t.data_offset),
        "size": int(t.n_bytes),
        "elements": int(t.n_elements),
    } for t in r.tensors]
    meta = {}
    for name, f in r.fields.items():
        if name.startswith("GGUF."):
            continue
        meta[name] = {"type": f.types[0].name, "value": value_json(f)}
    version = int(r.fields["GGUF.version"].parts[0][0])
    return {"path": path.name, "format": "gguf", "version": version, "alignment": int(r.alignment),
            "data_offset": int(r.data_offset), "byte_order": r.byte_order, "tensor_count": len(tensors),
            "tensors": tensors, "metadata": meta}


def main():
    HERE.mkdir(parents=True, exist_ok=True)
    (HERE / "expected").mkdir(exist_ok=True)
    files = {
        "tiny.gguf": {},
        "bigendian.gguf": {"endianess": GGUFEndian.BIG, "kquants": False},
        "align64.gguf": {"alignment": 64},
    }
    for name, kw in files.items():
        write(HERE / name, **kw)
    write_split(HERE / "split")
    write_little_endian_twin(HERE / "bigendian.gguf", HERE / "bigendian.le.gguf")
    paths = [HERE / n for n in files] + sorted((HERE / "split").glob("*.gguf"))
    for p in paths:
        e = expected(p)
        rel = p.relative_to(HERE).as_posix().replace("/", "_")
        (HERE / "expected" / (rel + ".json")).write_text(json.dumps(e, indent=1, sort_keys=False) + "\n")
    print("wrote", [p.relative_to(HERE).as_posix() for p in paths])


def expected_stats(path: Path):
    """numpy float64 statistics of every tensor of `path`, dequantized by gguf-py."""
    r = GGUFReader(str(path))
    out = []
    for t in r.tensors:
        if t.tensor_type in (T.F32, T.F16, T.F64, T.I8, T.I16, T.I32, T.I64):
            v = np.asarray(t.data).astype(np.float64).ravel()
        else:
            v = gguf.quants.dequantize(t.data, t.tensor_type).astype(np.float64).ravel()
        finite = v[np.isfinite(v)]
        out.append({
            "name": t.name, "count": int(v.size),
            "min": float(finite.min()) if finite.size else None, "max": float(finite.max()) if finite.size else None,
            "mean": float(finite.mean()) if finite.size else None, "std": float(finite.std()) if finite.size else None,
            "nan": int(np.isnan(v).sum()), "inf": int(np.isinf(v).sum()), "zeros": int((v == 0).sum()),
        })
    return out


if __name__ == "__main__":
    main()
    for name in ["tiny.gguf", "align64.gguf"]:
        (HERE / "expected" / (name + ".stats.json")).write_text(json.dumps(expected_stats(HERE / name), indent=1) + "\n")
