#!/usr/bin/env python3
# The side-by-side run behind benchmarks/run.sh: weightcheck and the tools people use, same files, warm page cache,
# one run; best-of-N wall times, ratios against each issue's target, and benchmarks/RESULTS.md with the machine.
"""Time weightcheck against its peers and write benchmarks/RESULTS.md.

  python3 benchmarks/side_by_side.py [--runs N] [--no-write]

Expects the release binary (.build/release/weightcheck) and the inputs of benchmarks/make_inputs.py in
benchmarks/work/. Rows whose command does not exist yet (hash, manifest, compare) or whose peer script is
missing are skipped and listed as such. Each time is the best of N runs (N=3; a command slower than 15 s gets
at most 2); the page cache is warmed first. Ratios: "speedup" = peer time / weightcheck time (higher is better),
"cost" = weightcheck time / peer time (lower is better).
"""
import datetime
import json
import os
import platform
import re
import resource
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
WORK = os.path.join(HERE, "work")
WC = os.path.join(ROOT, ".build", "release", "weightcheck")
GGUF = os.path.join(WORK, "model.gguf")
ST = os.path.join(WORK, "safetensors")
SHARDS = sorted(os.path.join(ST, n) for n in os.listdir(ST) if n.endswith(".safetensors")) if os.path.isdir(ST) else []
PAIR = os.path.join(WORK, "pair")


def sh(cmd: list[str], timeout: float = 60) -> str:
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        return (r.stdout or r.stderr).strip()
    except (OSError, subprocess.TimeoutExpired):
        return ""


def has_command(name: str) -> bool:
    return subprocess.run([WC, "help", name], capture_output=True).returncode == 0


def warm(paths: list[str]) -> None:
    for p in paths:
        targets = [os.path.join(d, f) for d, _, fs in os.walk(p) for f in fs] if os.path.isdir(p) else [p]
        for t in targets:
            with open(t, "rb") as f:
                while f.read(8 << 20):
                    pass


class Failed(Exception):
    pass


def best_of(cmd: list[str], runs: int, ok: tuple[int, ...] = (0,), save: str | None = None) -> tuple[float, int, float]:
    """The shortest wall time of `cmd` over `runs` runs (10 when a run takes under half a second), how many runs,
    and the CPUs the best run kept busy on average (its CPU time over its wall time). Stdout is discarded, or
    kept in `save` from the last run."""
    times: list[tuple[float, float]] = []
    wanted = runs
    while len(times) < wanted:
        out = open(save, "wb") if save else subprocess.DEVNULL
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        r = subprocess.run(cmd, stdout=out, stderr=subprocess.PIPE)
        t = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if save:
            out.close()
        if r.returncode not in ok:
            raise Failed(f"{' '.join(cmd)} exited {r.returncode}: {r.stderr.decode(errors='replace')[-300:]}")
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        times.append((t, cpu / t if t > 0 else 0))
        if len(times) == 1 and t < 0.5:
            wanted = max(runs, 10)
        if t > 15 and len(times) >= 2:
            break
    best = min(times)
    return best[0], len(times), best[1]


def fmt_time(s: float) -> str:
    return f"{s * 1e3:.1f} ms" if s < 1 else f"{s:.2f} s"


def rel(path: str) -> str:
    return os.path.relpath(path, ROOT)


def stats_agree(ours: str, theirs: str) -> str:
    """Whether weightcheck stats and the numpy peer gave the same figures (their saved JSON outputs)."""
    a, b = json.load(open(ours)), json.load(open(theirs))
    ta, tb = a["tensors"], b["tensors"]
    if [t["name"] for t in ta] != [t["name"] for t in tb]:
        return "tensor lists differ"
    worst = 0.0
    for x, y in zip(ta, tb):
        for k in ("count", "nan", "inf", "zeros"):
            if x[k] != y[k]:
                return f"{x['name']} {k}: {x[k]} vs {y[k]}"
        for k in ("min", "max", "mean", "std"):
            scale = max(1e-30, abs(y[k]), y["std"] or 0)
            worst = max(worst, abs(x[k] - y[k]) / scale)
    return f"all {len(ta)} tensors agree (largest relative difference {worst:.1e})"


def main() -> None:
    runs = 3
    if "--runs" in sys.argv:
        runs = int(sys.argv[sys.argv.index("--runs") + 1])
    if not os.path.exists(WC):
        sys.exit("build first: swift build -c release")
    if not os.path.exists(GGUF):
        sys.exit("make the inputs first: python3 benchmarks/make_inputs.py")
    load_before = os.getloadavg()[0]
    rows: list[dict] = []
    skipped: list[str] = []
    notes: list[str] = []

    def row(issue: str, label: str, ours: list[str], peer_label: str, peer: list[str] | None, kind: str,
            target: float | None, files: list[str], ours_ok=(0,), peer_ok=(0,), save: tuple[str, str] | None = None):
        warm(files)
        try:
            t_ours, n_ours, cpus_ours = best_of(ours, runs, ours_ok, save[0] if save else None)
            t_peer, n_peer, cpus_peer = best_of(peer, runs, peer_ok, save[1] if save else None)
        except Failed as e:
            skipped.append(f"{label} vs {peer_label}: {e}")
            return None
        ratio = t_peer / t_ours if kind == "speedup" else t_ours / t_peer
        met = None if target is None else (ratio >= target if kind == "speedup" else ratio <= target)
        r = dict(issue=issue, label=label, peer=peer_label, ours=t_ours, theirs=t_peer, n=min(n_ours, n_peer),
                 kind=kind, ratio=ratio, target=target, met=met, cpus_ours=cpus_ours, cpus_peer=cpus_peer)
        rows.append(r)
        print(f"  {label:44s} {fmt_time(t_ours):>10s} ({cpus_ours:.2f} CPUs)   {peer_label:34s} {fmt_time(t_peer):>10s} "
              f"({cpus_peer:.2f} CPUs)   "
              f"{ratio:7.2f}x {kind}" + ("" if met is None else ("  ok" if met else "  MISSED")), flush=True)
        return r

    size_gguf = os.path.getsize(GGUF)
    size_st = sum(os.path.getsize(s) for s in SHARDS)
    print(f"best of {runs}; {rel(GGUF)} {size_gguf / 1e6:.0f} MB, {rel(ST)}/ {size_st / 1e6:.0f} MB in {len(SHARDS)} shards")

    # Issue 2: inspect touches header bytes only.
    row("2", "weightcheck inspect --json", [WC, "inspect", "--json", GGUF], "gguf-dump --json",
        ["gguf-dump", "--json", GGUF], "speedup", 100, [GGUF])

    # Issue 3: whole-file digests.
    if has_command("hash"):
        h = [WC, "hash", "--no-progress"]
        row("3", "weightcheck hash (sha256)", h + [GGUF], "openssl dgst -sha256",
            ["openssl", "dgst", "-sha256", GGUF], "cost", 1.1, [GGUF])
        row("3", "weightcheck hash (sha256)", h + [GGUF], "sha256sum", ["sha256sum", GGUF], "speedup", None, [GGUF])
        row("3", "weightcheck hash (sha256)", h + [GGUF], "b3sum (BLAKE3)", ["b3sum", GGUF], "cost", None, [GGUF])
        row("3", "weightcheck hash --algo xxh3", h + ["--algo", "xxh3", GGUF], "xxhsum -H3",
            ["xxhsum", "-H3", GGUF], "cost", 1.25, [GGUF])
        row("3", "weightcheck hash --algo xxh128", h + ["--algo", "xxh128", GGUF], "xxhsum -H2",
            ["xxhsum", "-H2", GGUF], "cost", 1.25, [GGUF])
        if SHARDS:
            row("3", "weightcheck hash, 2 files (gguf + shard 1)", h + [GGUF, SHARDS[0]], "weightcheck hash, larger file alone",
                h + [GGUF], "cost", 1.15, [GGUF, SHARDS[0]])
    else:
        skipped.append("hash (issue 3): `weightcheck hash` is not on this branch yet")

    # Issue 4: stats against gguf-py dequantize + numpy.
    peer_stats = [sys.executable, os.path.join(HERE, "stats_peer.py"), GGUF, "--json"]
    saved = (os.path.join(WORK, "stats.weightcheck.json"), os.path.join(WORK, "stats.peer.json"))
    if row("4", "weightcheck stats --json", [WC, "stats", "--json", "--no-progress", GGUF], "gguf-py dequantize + numpy",
           peer_stats, "speedup", 50, [GGUF], save=saved) is None:
        saved = None
    try:
        if saved:
            notes.append("stats vs its peer on model.gguf: " + stats_agree(*saved))
    except (ValueError, KeyError, TypeError) as e:
        notes.append(f"stats vs its peer: could not compare outputs ({e})")

    # Issue 5: verify costs at most 1.5x openssl over the same bytes.
    row("5", "weightcheck verify (GGUF)", [WC, "verify", "--no-progress", GGUF], "openssl dgst -sha256",
        ["openssl", "dgst", "-sha256", GGUF], "cost", 1.5, [GGUF])
    if SHARDS:
        row("5", "weightcheck verify (safetensors folder)", [WC, "verify", "--no-progress", ST],
            "openssl dgst -sha256 (3 shards)", ["openssl", "dgst", "-sha256"] + SHARDS, "cost", 1.5, [ST])

    # Issue 6: manifest check costs at most 1.5x openssl over the same files.
    if has_command("manifest") and SHARDS:
        def is_manifest(n: str) -> bool:
            return n.endswith(".manifest") or n.endswith(".manifest.json")
        for n in os.listdir(ST):
            if is_manifest(n):
                os.remove(os.path.join(ST, n))
        listed = sorted(os.path.join(ST, n) for n in os.listdir(ST) if not n.startswith("."))
        r = subprocess.run([WC, "manifest", "create", "--no-progress", ST], capture_output=True, text=True)
        manifest = next((os.path.join(ST, n) for n in os.listdir(ST) if is_manifest(n)), None)
        if r.returncode == 0 and manifest:
            row("6", "weightcheck manifest check", [WC, "manifest", "check", "--no-progress", manifest],
                "openssl dgst -sha256 (same files)", ["openssl", "dgst", "-sha256"] + listed, "cost", 1.5, [ST])
            os.remove(manifest)  # the folder is an input of other rows: leave it as it was
        else:
            skipped.append(f"manifest (issue 6): manifest create failed: {r.stderr.strip()[-200:]}")
    else:
        skipped.append("manifest (issue 6): `weightcheck manifest` is not on this branch yet")

    # Issue 7: compare against the gguf-py + safetensors + numpy peer.
    peer_compare = os.path.join(HERE, "compare_peer.py")
    reference, candidates = os.path.join(PAIR, "reference"), []
    if os.path.isdir(PAIR):
        candidates = sorted(os.path.join(PAIR, n) for n in os.listdir(PAIR) if n.endswith(".gguf"))
    if has_command("compare") and os.path.exists(peer_compare) and candidates:
        row("7", "weightcheck compare", [WC, "compare", "--no-progress", reference, candidates[0]],
            "compare_peer.py (gguf-py + numpy)", [sys.executable, peer_compare, reference, candidates[0]],
            "speedup", 10, [reference, candidates[0]], ours_ok=(0, 1))
    else:
        why = "`weightcheck compare` is not on this branch yet" if not has_command("compare") else \
              "benchmarks/compare_peer.py is missing" if not os.path.exists(peer_compare) else "no pair in work/pair"
        skipped.append(f"compare (issue 7): {why}")

    # Issue 8: the scan on two cores against one.
    cores = os.cpu_count() or 1
    if cores >= 2:
        row("8", "weightcheck stats --threads 2", [WC, "stats", "--json", "--threads", "2", GGUF],
            "weightcheck stats --threads 1", [WC, "stats", "--json", "--threads", "1", GGUF], "speedup", 1.7, [GGUF])
        row("8", "weightcheck verify --threads 2", [WC, "verify", "--no-progress", "--threads", "2", GGUF],
            "weightcheck verify --threads 1", [WC, "verify", "--no-progress", "--threads", "1", GGUF],
            "speedup", None, [GGUF])

    print("weightcheck bench …", flush=True)
    bench = json.loads(subprocess.run([WC, "bench", "--json", "--estimate", "70GB"], capture_output=True, text=True).stdout)
    load_after = os.getloadavg()[0]
    for s in skipped:
        print("  skipped: " + s)
    if "--no-write" not in sys.argv:
        write_results(rows, skipped, notes, bench, runs, (load_before, load_after))
        print("wrote " + rel(os.path.join(HERE, "RESULTS.md")))


def versions() -> list[str]:
    def first(cmd: list[str]) -> str:
        return (sh(cmd).splitlines() or ["missing"])[0]
    py = {}
    for m in ("gguf", "numpy", "safetensors"):
        out = sh([sys.executable, "-m", "pip", "show", m])
        py[m] = next((l.split(":", 1)[1].strip() for l in out.splitlines() if l.startswith("Version:")), "missing")
    return [
        f"weightcheck {first([WC, '--version']).split()[-1]} (commit {sh(['git', '-C', ROOT, 'rev-parse', '--short', 'HEAD'])}), "
        f"{first(['swift', '--version'])}",
        f"openssl: {first(['openssl', 'version'])}",
        f"sha256sum: {first(['sha256sum', '--version'])}",
        f"b3sum: {first(['b3sum', '--version'])}",
        f"xxhsum: {first(['xxhsum', '--version'])}",
        f"Python {platform.python_version()}, gguf-py {py['gguf']}, numpy {py['numpy']}, safetensors {py['safetensors']}",
    ]


def machine() -> list[str]:
    lscpu = sh(["lscpu"])
    model = re.search(r"Model name:\s*(.+)", lscpu)
    flags = re.search(r"Flags:\s*(.+)", lscpu)
    feats = [f for f in ("sha_ni", "avx2", "avx512f", "f16c") if flags and f in flags.group(1).split()]
    mem = re.search(r"MemTotal:\s*(\d+)", open("/proc/meminfo").read()) if os.path.exists("/proc/meminfo") else None
    return [
        f"CPU: {model.group(1).strip() if model else platform.processor()} ({', '.join(feats)}), "
        f"{os.cpu_count()} cores",
        f"memory: {int(mem.group(1)) / 1024 / 1024:.1f} GiB" if mem else "memory: unknown",
        f"kernel: {platform.system()} {platform.release()}",
        f"date: {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}",
    ]


def autogroup_note() -> str:
    try:
        text = open("/proc/self/autogroup").read().strip()
    except OSError:
        return ""
    m = re.search(r"nice (-?\d+)", text)
    if not m or int(m.group(1)) == 0:
        return ""
    return (f" This run's session had autogroup priority nice {m.group(1)} (`BOOST=1 benchmarks/run.sh`), so its "
            "processes, weightcheck and peers alike, got most of both cores while the other sessions' work ran "
            "(each at nice 0).")


def write_results(rows, skipped, notes, bench, runs, load) -> None:
    out = ["# Benchmark results", "",
           "Written by `benchmarks/run.sh` (inputs: `benchmarks/make_inputs.py`; runner: `benchmarks/side_by_side.py`).",
           "Same files, same run, warm page cache; every time is the best of "
           f"{runs} runs (commands faster than 0.5 s: best of 10; slower than 15 s: best of 2). "
           "CPUs: the best run's CPU time over its wall time (how many cores it kept busy on average).", "",
           "**Caveat:** this machine is a shared 2-core virtual machine on which other builds and benchmarks ran at "
           f"the same time (load average {load[0]:.1f} at the start, {load[1]:.1f} at the end), so figures are noisy. "
           "Linux shares CPU time between sessions (autogroup scheduling), so while another session is busy a "
           "2-thread process gets about one core: figures that need both cores (2 threads vs 1, two files at once, "
           "verify against openssl, where the digest and the statistics run on separate cores) are only meaningful "
           "from a run on an otherwise idle machine. No machine with more cores was available: the scaling curve "
           "beyond 2 cores is not recorded." + autogroup_note(), "",
           "## Machine", ""] + [f"- {l}" for l in machine()] + ["", "## Versions", ""] + [f"- {l}" for l in versions()]
    out += ["", "## weightcheck against the tools people use", "",
            "| issue | weightcheck | time | CPUs | peer | time | CPUs | ratio | target | met |",
            "|---|---|---:|---:|---|---:|---:|---:|---|---|"]
    for r in rows:
        ratio = f"{r['ratio']:.2f}× " + ("faster" if r["kind"] == "speedup" else "the time")
        if r["target"] is None:
            target, met = "—", "—"
        else:
            target = (f"≥ {r['target']:g}× faster" if r["kind"] == "speedup" else f"≤ {r['target']:g}× the time")
            met = "yes" if r["met"] else "**no**"
        out.append(f"| {r['issue']} | {r['label']} | {fmt_time(r['ours'])} | {r['cpus_ours']:.2f} | {r['peer']} | "
                   f"{fmt_time(r['theirs'])} | {r['cpus_peer']:.2f} | {ratio} | {target} | {met} |")
    if skipped:
        out += ["", "Not measured:", ""] + [f"- {s}" for s in skipped]
    if notes:
        out += [""] + [f"- {n}" for n in notes]
    out += ["", "## Kernels (`weightcheck bench`)", "",
            f"{bench['cores']} cores, {bench['working_set_bytes'] >> 20} MiB of generated input per kernel, "
            f"SHA-256 {'on SHA instructions' if bench['sha256_hardware'] else 'in Swift'}; GB/s of input, best of "
            "time-boxed runs; share = of the memory read bandwidth on as many threads; ~ = the best run had under 85% "
            "of its threads' time on a core (other sessions' work, or threads waiting), so the figure is low."
            + (f" Disk read with the file's cached pages dropped: {bench['disk_read_gbps']:.2f} GB/s "
               "(a virtual disk: the host may cache it)." if bench.get("disk_read_gbps") else ""), ""]
    threads = bench["threads"]
    head = "| kernel |" + "".join(f" {t} thread{'s' if t > 1 else ''} | share |" for t in threads)
    out += [head, "|---|" + "---:|---:|" * len(threads)]
    by = {(k["kernel"], k["threads"]): k for k in bench["kernels"]}
    names = list(dict.fromkeys(k["kernel"] for k in bench["kernels"]))
    for name in names:
        cells = ""
        for t in threads:
            k = by.get((name, t))
            mark = "~" if k and k.get("cpu_share", 1) < 0.85 else ""
            cells += f" {mark}{k['gbps']:.2f} | {100 * (k['share_of_memory'] or 0):.0f}% |" if k else " — | — |"
        out.append(f"| {name} |{cells}")
    est = bench.get("estimate") or {}
    if est.get("verify_seconds"):
        line = (f"Estimate (`bench --estimate 70GB`): `verify` of 70 GB takes about {est['verify_seconds']:.0f} s here "
                "when the files are in the page cache")
        if est.get("verify_seconds_from_disk"):
            line += f", about {est['verify_seconds_from_disk']:.0f} s when read from this disk"
        out += ["", line + "."]
    out += ["", "Per type in `model.gguf`: Q4_K, Q5_0, Q6_K, Q8_0, F32 are the `dequant-q4_k`, `dequant-q5_0`, "
            "`dequant-q6_k`, `dequant-q8_0` and `stats-f32` rows (dequantize + statistics, the work `stats` does per byte)."]
    mem1 = next((k["gbps"] for k in bench["kernels"] if k["kernel"] == "memory-read" and k["threads"] == 1), None)
    def g(name, t=1):
        k = by.get((name, t))
        return k["gbps"] if k else None
    targets = []
    if mem1:
        for name in ("xxh3", "stats-f32"):
            if g(name):
                targets.append(f"{name} ≥ half the memory read bandwidth (1 thread): {g(name):.2f} of {mem1:.2f} GB/s — "
                               + ("met" if g(name) >= mem1 / 2 else "**missed**"))
    if bench["sha256_hardware"] and g("sha256"):
        targets.append(f"sha256 ≥ 1.0 GB/s with SHA instructions: {g('sha256'):.2f} GB/s — "
                       + ("met" if g("sha256") >= 1.0 else "**missed**"))
    if len(threads) > 1 and g("scan") and g("scan", threads[-1]):
        ratio = g("scan", threads[-1]) / g("scan")
        targets.append(f"scan on {threads[-1]} cores ≥ 1.7× one core: {ratio:.2f}× — " + ("met" if ratio >= 1.7 else "**missed**"))
    out += ["", "## Issue 8 targets", ""] + [f"- {t}" for t in targets]
    path = os.path.join(HERE, "RESULTS.md")
    # The sections after this script's own (other benchmarks' tables, each with its own date and load) are kept.
    kept = ""
    if os.path.exists(path):
        old = open(path).read()
        start = old.find("## Issue 8 targets")
        nxt = old.find("\n## ", start + 1) if start >= 0 else -1
        if nxt >= 0:
            kept = old[nxt:]
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n" + kept)


if __name__ == "__main__":
    main()
