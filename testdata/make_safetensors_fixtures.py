#!/usr/bin/env python3
"""Writes the safetensors fixtures under testdata/safetensors/ and the reference reader's view of each.

Writers: `safetensors.numpy.save_file` (the reference writer) where numpy has the dtype; for the dtypes numpy
lacks (BF16, F8_*, F4, F6_*, C64 via raw bytes) a hand writer that lays the file out exactly as the reference
`serialize` does (tensors sorted by dtype alignment descending then name, compact JSON, header padded with
spaces to a multiple of 8). The hand writer is checked byte for byte against the reference `serialize` on
every dtype the installed safetensors can write, so the one file it alone can make (all 22 dtypes: F6_E2M3
and F6_E3M2 have no writer name) is laid out the way the reference would lay it out.

Expected views (expected/*.json) come from the reference reader: `safetensors.deserialize` (dtype, shape,
bytes of each tensor) and `safe_open` (metadata, offset order); absolute offsets come from the header as
Python's json reads it, checked against the bytes deserialize returns.

Hand-made broken files (bad/*.safetensors) are each fed to the reference reader too; expected/bad.json
records whether it rejected them and with which message.

Run from anywhere:  python3 testdata/make_safetensors_fixtures.py
"""
import json
import os
import shutil
import struct

import numpy as np
import safetensors
from safetensors import TensorSpec, deserialize, safe_open, serialize
from safetensors.numpy import save_file

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "safetensors")
EXPECTED = os.path.join(OUT, "expected")
BAD = os.path.join(OUT, "bad")

# The reference Dtype enum, in its declared (alignment) order; the writer sorts by this, descending.
DTYPE_ORDER = ["BOOL", "F4", "F6_E2M3", "F6_E3M2", "U8", "I8", "F8_E5M2", "F8_E4M3", "F8_E8M0",
               "F8_E4M3FNUZ", "F8_E5M2FNUZ", "I16", "U16", "F16", "BF16", "I32", "U32", "F32", "C64",
               "F64", "I64", "U64"]
BITS = {"BOOL": 8, "F4": 4, "F6_E2M3": 6, "F6_E3M2": 6, "U8": 8, "I8": 8, "F8_E5M2": 8, "F8_E4M3": 8,
        "F8_E8M0": 8, "F8_E4M3FNUZ": 8, "F8_E5M2FNUZ": 8, "I16": 16, "U16": 16, "F16": 16, "BF16": 16,
        "I32": 32, "U32": 32, "F32": 32, "C64": 64, "F64": 64, "I64": 64, "U64": 64}
# Names the reference Python writer accepts for each dtype (F6_* have none).
WRITER_NAMES = {"BOOL": "bool", "F4": "float4_e2m1fn_x2", "U8": "uint8", "I8": "int8",
                "F8_E5M2": "float8_e5m2", "F8_E4M3": "float8_e4m3fn", "F8_E8M0": "float8_e8m0fnu",
                "F8_E4M3FNUZ": "float8_e4m3fnuz", "F8_E5M2FNUZ": "float8_e5m2fnuz", "I16": "int16",
                "U16": "uint16", "F16": "float16", "BF16": "bfloat16", "I32": "int32", "U32": "uint32",
                "F32": "float32", "C64": "complex64", "F64": "float64", "I64": "int64", "U64": "uint64"}


def nbytes(dtype, shape):
    n = 1
    for d in shape:
        n *= d
    bits = n * BITS[dtype]
    assert bits % 8 == 0
    return bits // 8


def hand_serialize(tensors, metadata=None):
    """tensors: {name: (dtype, shape, bytes)} -> file bytes, laid out as the reference writer does."""
    order = sorted(tensors, key=lambda name: (-DTYPE_ORDER.index(tensors[name][0]), name))
    header = {}
    if metadata is not None:
        header["__metadata__"] = metadata
    offset = 0
    for name in order:
        dtype, shape, data = tensors[name]
        assert len(data) == nbytes(dtype, shape)
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(tensors[name][2] for name in order)


def reference_serialize(tensors, metadata=None):
    """The installed reference writer on raw bytes (keeps the buffers alive while it runs)."""
    keep = []
    specs = {}
    for name, (dtype, shape, data) in tensors.items():
        buf = np.frombuffer(bytearray(data) or bytearray(1), dtype=np.uint8)
        keep.append(buf)
        spec_shape = list(shape)
        if dtype == "F4":  # the writer takes the storage shape and doubles the last dimension
            spec_shape[-1] //= 2
        specs[name] = TensorSpec(dtype=WRITER_NAMES[dtype], shape=spec_shape, data_ptr=buf.ctypes.data,
                                 data_len=len(data))
    return bytes(serialize(specs, metadata=metadata))


def pattern(n, seed):
    """Deterministic non-trivial bytes."""
    return bytes((seed * 131 + i * 29 + (i * i) % 7) & 0xFF for i in range(n))


def expected_view(path):
    """The reference reader's view of a file, with absolute offsets."""
    with open(path, "rb") as f:
        raw = f.read()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    loaded = dict(deserialize(raw))
    with safe_open(path, framework="numpy") as f:
        metadata = f.metadata()
        offset_order = list(f.offset_keys())
    tensors = []
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        ref = loaded[name]
        assert ref["dtype"] == entry["dtype"] and list(ref["shape"]) == entry["shape"], name
        assert bytes(ref["data"]) == raw[8 + n + begin:8 + n + end], name
        tensors.append({"name": name, "dtype": ref["dtype"], "shape": list(ref["shape"]),
                        "offset": 8 + n + begin, "size": end - begin, "data_offsets": [begin, end],
                        "data_hex": bytes(ref["data"]).hex()})
    assert sorted(t["name"] for t in tensors) == sorted(loaded)
    return {"file": os.path.basename(path), "file_size": len(raw), "header_length": n, "data_offset": 8 + n,
            "metadata": None if metadata is None else dict(sorted(metadata.items())), "offset_order": offset_order, "tensors": tensors}


def write_expected(name, view):
    with open(os.path.join(EXPECTED, name + ".json"), "w", encoding="utf-8") as f:
        json.dump(view, f, indent=1, ensure_ascii=False)
        f.write("\n")


def all_dtype_tensors():
    shapes = {"F4": [3, 2], "F6_E2M3": [4], "F6_E3M2": [2, 4], "BOOL": [3], "C64": [2], "F64": [1, 2],
              "BF16": [2, 2], "F16": [3], "F32": [2, 1, 2]}
    tensors = {}
    for i, dtype in enumerate(DTYPE_ORDER):
        shape = shapes.get(dtype, [i % 3 + 1, 2])
        data = pattern(nbytes(dtype, shape), i)
        if dtype == "BOOL":
            data = bytes([1, 0, 1])
        tensors["t." + dtype.lower()] = (dtype, shape, data)
    return tensors


def make_good_files():
    # Several dtypes numpy has, with metadata (and an awkward name). The reference writer keeps metadata in a
    # hash map, so its key order changes from run to run; to keep the fixture stable the file is written by the
    # hand writer, after checking it equals the reference writer's output up to that order.
    rng = np.random.default_rng(7)
    arrays = {
        "embed.weight": rng.standard_normal((4, 3)).astype(np.float32),
        "norm.weight": np.array([1.0, 0.5, -2.0], dtype=np.float16),
        "ids": np.arange(5, dtype=np.int64) - 2,
        "mask": np.array([[True, False], [False, True]]),
        "bytes": np.arange(7, dtype=np.uint8),
        "scale": np.array([np.pi, -1e-300], dtype=np.float64),
        "counts": np.array([[7], [-8]], dtype=np.int32),
        "u16": np.array([65535, 1], dtype=np.uint16),
        'naïve "quoted" \\ name': np.array([3], dtype=np.int8),
    }
    metadata = {"format": "np", "note": 'fixture with "quotes", é and \\n'}
    path = os.path.join(OUT, "dtypes.safetensors")
    save_file(arrays, path, metadata=metadata)
    with open(path, "rb") as f:
        reference = f.read()
    numpy_names = {np.float32: "F32", np.float16: "F16", np.int64: "I64", np.bool_: "BOOL", np.uint8: "U8",
                   np.float64: "F64", np.int32: "I32", np.uint16: "U16", np.int8: "I8"}
    ours = hand_serialize({k: (numpy_names[v.dtype.type], list(v.shape), v.tobytes()) for k, v in arrays.items()},
                          metadata)
    n = struct.unpack("<Q", reference[:8])[0]
    assert len(ours) == len(reference) and ours[:8] == reference[:8] and ours[8 + n:] == reference[8 + n:]
    assert json.loads(ours[8:8 + n]) == json.loads(reference[8:8 + n])
    with open(path, "wb") as f:
        f.write(ours)

    # Every dtype: checked byte for byte against the reference writer on the 20 it can write.
    tensors = all_dtype_tensors()
    writable = {k: v for k, v in tensors.items() if v[0] in WRITER_NAMES}
    assert hand_serialize(writable, {"format": "all-dtypes"}) == reference_serialize(writable, {"format": "all-dtypes"})
    assert hand_serialize(writable) == reference_serialize(writable)
    with open(os.path.join(OUT, "all_dtypes.safetensors"), "wb") as f:
        f.write(hand_serialize(tensors, {"format": "all-dtypes"}))

    # Zero-size tensors at the start, middle and end; and a file with no tensors at all.
    save_file({
        "a_empty": np.zeros((0,), dtype=np.float64),
        "b": np.array([1.5, 2.5], dtype=np.float32),
        "c_empty": np.zeros((0, 3), dtype=np.float32),
        "d": np.array([9], dtype=np.uint8),
        "z_empty": np.zeros((2, 0), dtype=np.uint8),
    }, os.path.join(OUT, "zero_size.safetensors"))
    save_file({}, os.path.join(OUT, "empty.safetensors"), metadata={"format": "pt"})

    # Rank-0 (scalar) tensors.
    save_file({"scalar": np.array(3.5, dtype=np.float32), "count": np.array(7, dtype=np.int64)},
              os.path.join(OUT, "rank0.safetensors"))

    for name in ["dtypes", "all_dtypes", "zero_size", "empty", "rank0"]:
        write_expected(name, expected_view(os.path.join(OUT, name + ".safetensors")))


def make_sharded():
    folder = os.path.join(OUT, "sharded")
    rng = np.random.default_rng(11)
    shards = {
        "model-00001-of-00002.safetensors": {
            "model.embed_tokens.weight": rng.standard_normal((8, 4)).astype(np.float32),
            "model.layers.0.self_attn.q_proj.weight": rng.standard_normal((4, 4)).astype(np.float16),
            "model.layers.0.input_layernorm.weight": np.ones(4, dtype=np.float32),
        },
        "model-00002-of-00002.safetensors": {
            "model.layers.1.self_attn.q_proj.weight": rng.standard_normal((4, 4)).astype(np.float16),
            "model.norm.weight": np.ones(4, dtype=np.float32),
            "lm_head.weight": rng.standard_normal((8, 4)).astype(np.float32),
        },
    }
    weight_map = {}
    total = 0
    for file, tensors in shards.items():
        save_file(tensors, os.path.join(folder, file), metadata={"format": "pt"})
        for name, array in tensors.items():
            weight_map[name] = file
            total += array.nbytes
    # Laid out as transformers writes it: indent 2, sorted keys, trailing newline.
    index = {"metadata": {"total_size": total}, "weight_map": dict(sorted(weight_map.items()))}
    with open(os.path.join(folder, "model.safetensors.index.json"), "w") as f:
        f.write(json.dumps(index, indent=2, sort_keys=True) + "\n")
    config = {"architectures": ["LlamaForCausalLM"], "hidden_size": 4, "model_type": "llama",
              "num_hidden_layers": 2, "torch_dtype": "float32", "vocab_size": 8}
    with open(os.path.join(folder, "config.json"), "w") as f:
        f.write(json.dumps(config, indent=2, sort_keys=True) + "\n")
    view = {"index": index, "total_size": total,
            "shards": {file: expected_view(os.path.join(folder, file)) for file in shards}}
    write_expected("sharded", view)


def raw(header, data=b"", length=None):
    h = header.encode("utf-8") if isinstance(header, str) else header
    return struct.pack("<Q", len(h) if length is None else length) + h + data


def entry(dtype, shape, begin, end):
    return '{"dtype":"%s","shape":%s,"data_offsets":[%d,%d]}' % (dtype, json.dumps(shape), begin, end)


# Hand-made broken files: name -> bytes. Each is one problem of FORMATS.md's list (or one of our stricter checks).
BAD_FILES = {
    "too_small": b"\x10\x00\x00\x00\x00",
    "header_too_large": raw("{}      ", length=100_000_001),
    "header_length_max": raw("{}      ", length=2**64 - 1),
    "header_past_end": raw('{"a":{}}', length=200),
    "invalid_utf8": raw(b'{"a\xff":{}}    '),
    "invalid_json": raw('{"a":' + entry("F32", [2], 0, 8) + '   ', b"\0" * 8),
    "json_trailing": raw('{} x    '),
    "not_object": raw('[]      '),
    "metadata_not_object": raw('{"__metadata__":["pt"]} '),
    "metadata_not_string": raw('{"__metadata__":{"format":"pt","n":1}}  '),
    "entry_not_object": raw('{"w":5} '),
    "missing_dtype": raw('{"w":{"shape":[2],"data_offsets":[0,8]}}', b"\0" * 8),
    "missing_shape": raw('{"w":{"dtype":"F32","data_offsets":[0,8]}}', b"\0" * 8),
    "missing_offsets": raw('{"w":{"dtype":"F32","shape":[2]}}', b"\0" * 8),
    "dtype_not_string": raw('{"w":{"dtype":32,"shape":[2],"data_offsets":[0,8]}}', b"\0" * 8),
    "shape_negative": raw('{"w":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}', b"\0" * 8),
    "shape_float": raw('{"w":{"dtype":"F32","shape":[2.0],"data_offsets":[0,8]}}', b"\0" * 8),
    "offsets_three": raw('{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8,8]}}', b"\0" * 8),
    "unknown_dtype": raw('{"w":' + entry("f32", [2], 0, 8) + '}', b"\0" * 8),
    "size_mismatch": raw('{"w":' + entry("F32", [2, 2], 0, 10) + '}', b"\0" * 10),
    "gap": raw('{"a":' + entry("F32", [1], 0, 4) + ',"b":' + entry("F32", [1], 8, 12) + '}', b"\0" * 12),
    "overlap": raw('{"a":' + entry("F32", [2], 0, 8) + ',"b":' + entry("F32", [2], 4, 12) + '}', b"\0" * 12),
    "first_not_zero": raw('{"a":' + entry("F32", [2], 4, 12) + '}', b"\0" * 12),
    "reversed": raw('{"a":' + entry("F32", [2], 0, 8) + ',"b":' + entry("F32", [0], 8, 4) + '}', b"\0" * 8),
    "truncated": raw('{"a":' + entry("F32", [2], 0, 8) + ',"b":' + entry("F32", [2], 8, 16) + '}', b"\0" * 12),
    "trailing": raw('{"a":' + entry("F32", [2], 0, 8) + '}', b"\0" * 11),
    "elements_overflow": raw('{"w":' + entry("U8", [4294967296, 4294967296], 0, 0) + '}'),
    "bits_overflow": raw('{"w":' + entry("F64", [2305843009213693952], 0, 0) + '}'),
    "f4_partial_byte": raw('{"w":' + entry("F4", [3], 0, 2) + '}', b"\0" * 2),
    "f6_partial_byte": raw('{"w":' + entry("F6_E3M2", [2, 3], 0, 5) + '}', b"\0" * 5),
    "duplicate_metadata": raw('{"__metadata__":{"a":"x"},"__metadata__":{"b":"y"}}'),
    # Stricter than the reference, which silently keeps the last of two entries with the same name, and
    # which reads serde's map form of an enum (`{"F32": null}`) as a dtype; no writer produces either.
    "dtype_serde_map": raw('{"w":{"dtype":{"F32":null},"shape":[2],"data_offsets":[0,8]}}', b"\0" * 8),
    "duplicate_tensor": raw('{"w":' + entry("U8", [1], 0, 1) + ',"w":' + entry("U8", [2], 0, 2) + '}', b"\0\0"),
}


def make_bad_files():
    verdicts = {}
    for name, data in BAD_FILES.items():
        with open(os.path.join(BAD, name + ".safetensors"), "wb") as f:
            f.write(data)
        try:
            deserialize(data)
            verdicts[name] = {"reference": "accepted"}
        except Exception as e:  # SafetensorError and friends
            verdicts[name] = {"reference": "rejected", "message": str(e)}
    with open(os.path.join(EXPECTED, "bad.json"), "w", encoding="utf-8") as f:
        json.dump(verdicts, f, indent=1, ensure_ascii=False)
        f.write("\n")


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    for d in [OUT, EXPECTED, BAD, os.path.join(OUT, "sharded")]:
        os.makedirs(d, exist_ok=True)
    make_good_files()
    make_sharded()
    make_bad_files()
    with open(os.path.join(EXPECTED, "README.md"), "w") as f:
        f.write("Written by testdata/make_safetensors_fixtures.py with safetensors %s and numpy %s.\n"
                % (safetensors.__version__, np.__version__))
    total = sum(os.path.getsize(os.path.join(dp, fn)) for dp, _, fns in os.walk(OUT) for fn in fns)
    print(f"wrote {OUT} ({total} bytes)")


if __name__ == "__main__":
    main()
