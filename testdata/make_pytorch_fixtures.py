#!/usr/bin/env python3
"""Writes testdata/pytorch/: small PyTorch checkpoints written by torch itself, malicious pickles (written,
never loaded), hostile containers, and expected.json — what torch.load(weights_only=True), zlib, picklescan
and fickling say about each file. Tests read only the committed outputs (no torch, no network).

    pip install torch numpy safetensors picklescan fickling
    python3 testdata/make_pytorch_fixtures.py
"""
import collections, io, json, os, pickle, struct, subprocess, sys, zipfile, zlib

import torch
from safetensors.torch import save_file

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pytorch")
BAD = os.path.join(OUT, "malicious")
HOSTILE = os.path.join(OUT, "hostile")
SHARDED = os.path.join(OUT, "sharded")
for d in (OUT, BAD, HOSTILE, SHARDED):
    os.makedirs(d, exist_ok=True)

g = torch.Generator().manual_seed(19)


def rand(*shape, dtype=torch.float32):
    return torch.randn(*shape, generator=g).to(dtype)


# ---- benign checkpoints ----
def dtypes():
    return collections.OrderedDict([
        ("f32", rand(4, 8)), ("f16", rand(3, 5, dtype=torch.float16)), ("bf16", rand(16, dtype=torch.bfloat16)),
        ("i8", torch.randint(-128, 127, (2, 6), generator=g, dtype=torch.int8)),
        ("u8", torch.randint(0, 255, (7,), generator=g, dtype=torch.uint8)),
        ("i64", torch.arange(-3, 9, dtype=torch.int64)), ("i32", torch.arange(5, dtype=torch.int32)),
        ("bool", torch.tensor([True, False, True, True])), ("f64", rand(2, 2, dtype=torch.float64)),
        ("scalar", torch.tensor(2.5)), ("empty", torch.zeros(0, 4)),
        ("f8", rand(8).to(torch.float8_e4m3fn)),
    ])


def shared():
    base = rand(6, 4)
    return {"base": base, "row2": base[2], "tail": base[3:], "transposed": base.t(), "every_other": base[::2],
            "flat": base.view(24)}


def model():
    m = torch.nn.Sequential(torch.nn.Embedding(10, 8), torch.nn.Linear(8, 6), torch.nn.LayerNorm(6),
                            torch.nn.Linear(6, 3, bias=False))
    with torch.no_grad():
        for p in m.parameters():
            p.copy_(rand(*p.shape))
    return m.state_dict()


def nested():
    return {"epoch": 3, "model": model(), "optimizer": {"state": {0: {"step": torch.tensor(7.0)}},
                                                        "param_groups": [{"lr": 0.001, "params": [0]}]},
            "param": torch.nn.Parameter(rand(3, 3))}


benign = {}
for name, sd in [("dtypes", dtypes()), ("shared", shared()), ("model", model()), ("nested", nested())]:
    path = os.path.join(OUT, name + ".pt")
    torch.save(sd, path)
    benign[name + ".pt"] = path
legacy_path = os.path.join(OUT, "legacy.pt")
torch.save(collections.OrderedDict([("w", rand(3, 4)), ("b", rand(4, dtype=torch.float16))]), legacy_path,
           _use_new_zipfile_serialization=False)
benign["legacy.pt"] = legacy_path
with open(os.path.join(OUT, "plain.pkl"), "wb") as f:
    pickle.dump({"lr": 0.1, "names": ["a", "b"], "n": 3}, f, protocol=4)
benign["plain.pkl"] = os.path.join(OUT, "plain.pkl")

# The same model as pytorch_model.bin and as model.safetensors (the conversion `compare` checks).
sd = model()
torch.save(sd, os.path.join(OUT, "pytorch_model.bin"))
save_file({k: v.contiguous() for k, v in sd.items()}, os.path.join(OUT, "model.safetensors"))
benign["pytorch_model.bin"] = os.path.join(OUT, "pytorch_model.bin")

# A sharded set with its index, as transformers writes it.
keys = list(sd.keys())
half = len(keys) // 2
weight_map = {}
for i, part in enumerate([keys[:half], keys[half:]]):
    shard = f"pytorch_model-{i + 1:05d}-of-00002.bin"
    torch.save({k: sd[k] for k in part}, os.path.join(SHARDED, shard))
    benign["sharded/" + shard] = os.path.join(SHARDED, shard)
    for k in part:
        weight_map[k] = shard
total = sum(v.numel() * v.element_size() for v in sd.values())
with open(os.path.join(SHARDED, "pytorch_model.bin.index.json"), "w") as f:
    json.dump({"metadata": {"total_size": total}, "weight_map": weight_map}, f, indent=2)


# ---- malicious pickles: written with __reduce__, never loaded ----
class Reduce:
    def __init__(self, fn, *args):
        self.fn, self.args = fn, args

    def __reduce__(self):
        return self.fn, self.args


malicious = {
    "os_system.pkl": Reduce(os.system, "echo owned"),
    "exec.pkl": Reduce(exec, "print('owned')"),
    "eval_in_state_dict.pkl": {"weight": [1.0, 2.0], "nested": {"deep": Reduce(eval, "1+1")}},
    "subprocess.pkl": Reduce(subprocess.Popen, ["true"]),
}
for name, obj in malicious.items():
    with open(os.path.join(BAD, name), "wb") as f:
        pickle.dump(obj, f, protocol=2)
# A torch checkpoint whose state dict carries a payload beside real tensors.
bad_sd = collections.OrderedDict([("weight", rand(2, 2)), ("payload", Reduce(os.system, "echo owned"))])
torch.save(bad_sd, os.path.join(BAD, "payload.pt"))
# A webbrowser call by protocol-0 GLOBAL text, and runpy by STACK_GLOBAL (protocol 4).
with open(os.path.join(BAD, "webbrowser.pkl"), "wb") as f:
    f.write(b"cwebbrowser\nopen\n(S'http://example.invalid'\ntR.")
with open(os.path.join(BAD, "runpy.pkl"), "wb") as f:
    f.write(b"\x80\x04\x95\x00\x00\x00\x00\x00\x00\x00\x00\x8c\x05runpy\x8c\t_run_code\x93\x8c\x01x}\x86R.")
# A class from a training script: refused by weights_only, not known to be harmful (a warning).
with open(os.path.join(OUT, "training_args.bin"), "wb") as f:
    f.write(b"\x80\x02ctransformers.training_args\nTrainingArguments\nq\x00)\x81q\x01}q\x02X\x02\x00\x00\x00lrq\x03G?\xb9\x99\x99\x99\x99\x99\x9asb.")
benign["training_args.bin"] = os.path.join(OUT, "training_args.bin")


# ---- hostile containers ----
def write(name, data):
    with open(os.path.join(HOSTILE, name), "wb") as f:
        f.write(data)


write("deep_tuples.pkl", b"\x80\x02" + b"(" * 5000 + b"t" * 5000 + b".")
write("deep_lists.pkl", b"\x80\x02" + b"]q\x00" + b"h\x00]q\x00a" * 20000 + b".")
write("huge_memo_index.pkl", b"\x80\x02j\xff\xff\xff\xff.")
# A memo of more than 2^20 entries is made by the Swift tests (too large to commit).
write("truncated.pkl", b"\x80\x02}q\x00(X\x01\x00\x00\x00a")
good = open(benign["dtypes.pt"], "rb").read()
write("truncated_directory.pt", good[:-30])
# A storage that claims more elements than its entry holds: edit the pickle's numel for storage 0.
z = zipfile.ZipFile(io.BytesIO(good))
pkl_name = [n for n in z.namelist() if n.endswith("data.pkl")][0]
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as out:
    for info in z.infolist():
        data = z.read(info.filename)
        if info.filename == pkl_name:
            data = data.replace(b"X\x01\x00\x00\x000q", b"X\x01\x00\x00\x000q", 1)
            i = data.index(b"X\x03\x00\x00\x00cpu")
            j = data.index(b"K", i)  # BININT1 numel right after the location
            data = data[:j] + b"M\xff\x7f" + data[j + 2:]
        out.writestr(info, data)
write("storage_past_entry.pt", buf.getvalue())
# A zip bomb: one deflated entry of 64 MB zeros beside a data.pkl.
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w") as out:
    out.writestr("bomb/data.pkl", pickle.dumps({}, protocol=2))
    out.writestr(zipfile.ZipInfo("bomb/data/0"), b"\0" * (64 << 20), compress_type=zipfile.ZIP_DEFLATED)
write("zip_bomb.pt", buf.getvalue())


# ---- expected results ----
def entries(path):
    try:
        z = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        return None
    return [{"name": i.filename, "crc32": i.CRC, "size": i.file_size, "zlib_crc32": zlib.crc32(z.read(i.filename))}
            for i in z.infolist()]


def table(obj, prefix=""):
    out = []
    if isinstance(obj, torch.Tensor):
        t = obj.detach()
        row = {"name": prefix or "tensor", "dtype": str(t.dtype).replace("torch.", ""), "shape": list(t.shape),
               "stride": list(t.stride()), "storage_offset": t.storage_offset(), "contiguous": t.is_contiguous()}
        if t.numel() and t.dtype not in (torch.bool,) and not t.dtype.is_floating_point or t.dtype in (
                torch.float32, torch.float16, torch.bfloat16, torch.float64):
            v = t.to(torch.float64)
            if t.numel():
                row.update(min=v.min().item(), max=v.max().item(), mean=v.mean().item(), sum=v.sum().item())
        return [row]
    if isinstance(obj, dict):
        for k, v in obj.items():
            out += table(v, f"{prefix}.{k}" if prefix else str(k))
    elif isinstance(obj, (list, tuple)):
        for i, v in enumerate(obj):
            out += table(v, f"{prefix}.{i}" if prefix else str(i))
    return out


def picklescan(path):
    r = subprocess.run([sys.executable, "-m", "picklescan", "-p", path], capture_output=True, text=True)
    dangerous = sorted({line.split("dangerous import '")[1].split("'")[0].replace(" ", ".")
                        for line in r.stdout.splitlines() if "dangerous import '" in line})
    return {"exit": r.returncode, "dangerous": dangerous}


def fickling(path):
    try:
        import fickling as fk
        with open(path, "rb") as f:
            data = f.read()
        if data[:2] == b"PK":
            z = zipfile.ZipFile(io.BytesIO(data))
            data = z.read([n for n in z.namelist() if n.endswith("data.pkl")][0])
        res = fk.analysis.check_safety(fk.fickle.Pickled.load(data))
        return str(res.severity.name)
    except Exception as e:  # fickling cannot read every container (legacy streams)
        return f"unreadable: {type(e).__name__}"


expected = {"files": {}}
for name, path in sorted(benign.items()):
    doc = {"zip_entries": entries(path), "picklescan": picklescan(path), "fickling": fickling(path)}
    if name.endswith((".pt", ".bin")) and name != "training_args.bin":
        doc["tensors"] = table(torch.load(path, weights_only=True))
    expected["files"][name] = doc
for name in sorted(os.listdir(BAD)):
    path = os.path.join(BAD, name)
    expected["files"]["malicious/" + name] = {"picklescan": picklescan(path), "fickling": fickling(path),
                                              "zip_entries": entries(path)}
# CRC-32 of the bytes 0, 1, 2, … (mod 251) for many lengths, by zlib.
pattern = bytes(i % 251 for i in range(70000))
expected["crc32_lengths"] = {str(n): zlib.crc32(pattern[:n]) for n in
                             list(range(0, 130)) + [255, 256, 257, 1023, 1024, 4095, 4096, 4097, 65535, 65536, 69999]}
with open(os.path.join(OUT, "expected.json"), "w") as f:
    json.dump(expected, f, indent=1, sort_keys=True)
print("wrote", OUT)
