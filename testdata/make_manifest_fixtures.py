#!/usr/bin/env python3
# Writes testdata/manifest/expected.json: the manifest entries the reference tools give for the fixture files
# that ManifestTests copy into a folder — tensor tables by gguf-py (GGUFReader) and by the safetensors header
# read with Python's json, file digests by sha256sum and `xxhsum -H2` (schema version 2), header and tensor
# digests by `xxhsum -H2`.
#
# Run from anywhere: python3 testdata/make_manifest_fixtures.py  (needs gguf, sha256sum and xxhsum).
import json
import os
import struct
import subprocess

import gguf

HERE = os.path.dirname(os.path.abspath(__file__))
# manifest path → fixture under testdata/
FILES = {
    "tiny.gguf": "gguf/tiny.gguf",
    "align64.gguf": "gguf/align64.gguf",
    "dtypes.safetensors": "safetensors/dtypes.safetensors",
    "sharded/config.json": "safetensors/sharded/config.json",
    "sharded/model-00001-of-00002.safetensors": "safetensors/sharded/model-00001-of-00002.safetensors",
}


def sha256sum(data):
    return subprocess.run(["sha256sum"], input=data, capture_output=True, check=True).stdout.split()[0].decode()


def xxh128(data):
    return subprocess.run(["xxhsum", "-H2"], input=data, capture_output=True, check=True).stdout.split()[0].decode()


def gguf_entry(path, data):
    reader = gguf.GGUFReader(path)
    tensors = [{"name": t.name, "type": t.tensor_type.name, "shape": [int(d) for d in t.shape],
                "offset": int(t.data_offset), "size": int(t.n_bytes)} for t in reader.tensors]
    return "gguf", int(reader.data_offset), tensors


def safetensors_entry(data):
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    start = 8 + n
    tensors = [{"name": name, "type": v["dtype"], "shape": v["shape"], "offset": start + v["data_offsets"][0],
                "size": v["data_offsets"][1] - v["data_offsets"][0]}
               for name, v in header.items() if name != "__metadata__"]
    return "safetensors", start, tensors


def entry(rel, fixture):
    path = os.path.join(HERE, fixture)
    data = open(path, "rb").read()
    out = {"path": rel, "size": len(data), "sha256": sha256sum(data), "xxh128": xxh128(data), "format": None}
    if data[:4] == b"GGUF":
        fmt, header, tensors = gguf_entry(path, data)
    elif rel.endswith(".safetensors"):
        fmt, header, tensors = safetensors_entry(data)
    else:
        return out
    out["format"] = fmt
    out["header"] = {"bytes": header, "xxh128": xxh128(data[:header])}
    for t in tensors:
        t["xxh128"] = xxh128(data[t["offset"]:t["offset"] + t["size"]])
    out["tensors"] = tensors
    return out


def main():
    entries = [entry(rel, fixture) for rel, fixture in FILES.items()]
    entries.sort(key=lambda e: e["path"].encode())
    doc = {"fixtures": FILES, "files": entries}
    os.makedirs(os.path.join(HERE, "manifest"), exist_ok=True)
    with open(os.path.join(HERE, "manifest", "expected.json"), "w") as f:
        json.dump(doc, f, indent=1, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
