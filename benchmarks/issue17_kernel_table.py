# Issue 17's kernel table: `weightcheck bench --threads 1 --json` of a before and an after binary, back to back,
# as a Markdown table with each figure's ratio to sha256 and memory_read of its own run. Usage:
#   python3 benchmarks/issue17_kernel_table.py BEFORE/weightcheck AFTER/weightcheck   (raw JSON: /tmp/issue17_bench.json)
import json, subprocess, sys, os
only = ["sha256", "stats-f", "stats-bf16", "dequant-q4", "dequant-q5", "dequant-q8", "dequant-q2_k", "dequant-q3_k", "dequant-q6_k"]
args = ["bench", "--threads", "1", "--json", "--time", "0.2"] + sum([["--only", o] for o in only], [])
def run(binary):
    out = subprocess.run([binary] + args, capture_output=True, text=True, check=True).stdout
    return json.loads(out)
load = os.getloadavg()
before = run(sys.argv[1]); after = run(sys.argv[2])
load2 = os.getloadavg()
json.dump({"before": before, "after": after, "load": [load, load2]}, open("/tmp/issue17_bench.json", "w"))
def figs(doc): return {k["kernel"]: k for k in doc["kernels"] if k["threads"] == 1}
b, a = figs(before), figs(after)
print("load average before/after the runs: %.1f / %.1f" % (load[0], load2[0]))
print("memory_read: before %.2f, after %.2f; sha256: before %.2f, after %.2f" % (before["memory_read_gbps"], after["memory_read_gbps"], b["sha256"]["gbps"], a["sha256"]["gbps"]))
sha, half = a["sha256"]["gbps"], after["memory_read_gbps"] / 2
named = {"dequant-q4_0", "dequant-q8_0", "dequant-q4_k", "dequant-q5_k", "dequant-q6_k", "stats-bf16", "stats-f16"}
print("| kernel | before | after | after / sha256 | after / memory_read | ≥ sha256 | ≥ ½ memory_read (named) |")
print("|---|---:|---:|---:|---:|:-:|:-:|")
for k in a:
    if k in ("memory-read", "sha256"): continue
    x = a[k]["gbps"]; y = b.get(k, {}).get("gbps", float("nan"))
    print("| %s | %.2f | %.2f | %.2f | %.2f | %s | %s |" % (k, y, x, x / sha, x / after["memory_read_gbps"], "yes" if x >= sha else "**no**", ("yes" if x >= half else "**no**") if k in named else ""))
