#!/usr/bin/env bash
# The peer benchmark in one command: builds the release binary, installs the peers it needs, writes realistic
# inputs into benchmarks/work/ (gitignored), times weightcheck against them side by side, writes RESULTS.md.
#
# Usage: benchmarks/run.sh [RUNS]      (RUNS: best of how many runs per command, default 3)
#        BOOST=1 benchmarks/run.sh     (on a machine shared with other sessions: run in a session of our own and
#                                       raise its autogroup priority to nice -10 (root), so 2-thread runs get both
#                                       cores while others' builds run; RESULTS.md records that it was done)
# Steps: swift build -c release · pip install gguf safetensors numpy (if missing) · apt-get install xxhash b3sum
# openssl (if missing) · benchmarks/make_inputs.py (≥ 200 MB GGUF with a 262,144-token vocabulary, ~230 MB sharded
# BF16 safetensors folder) · a compare pair from benchmarks/make_compare_pair.py when that script exists ·
# benchmarks/side_by_side.py (inspect, hash, stats, verify, manifest, compare, 1 vs 2 threads, `weightcheck bench`).
set -euo pipefail
source "$(dirname "$0")/boost.sh" "$@"  # BOOST=1: a session of our own at nice -10 (before the cd: $0 may be relative)
cd "$(dirname "$0")/.."
runs="${1:-3}"

echo "== build"
swift build -c release 2>&1 | tail -1

echo "== peers"
python3 -c "import gguf, safetensors, numpy" 2>/dev/null || python3 -m pip install --quiet gguf safetensors numpy
missing=()
for pair in xxhsum:xxhash b3sum:b3sum openssl:openssl sha256sum:coreutils; do
    command -v "${pair%%:*}" > /dev/null || missing+=("${pair#*:}")
done
if (( ${#missing[@]} )); then
    sudo_cmd=""; [[ $(id -u) -eq 0 ]] || sudo_cmd="sudo"
    $sudo_cmd apt-get install -y "${missing[@]}" || { echo "could not install: ${missing[*]}" >&2; exit 1; }
fi
command -v gguf-dump > /dev/null || { echo "gguf-dump (from the gguf package) is not on PATH" >&2; exit 1; }

echo "== inputs"
python3 benchmarks/make_inputs.py
if [[ -f benchmarks/make_compare_pair.py && ! -d benchmarks/work/pair ]]; then
    # A ~220 MB BF16 reference and its Q8_0 quantization (llama-shaped, 4 layers, hidden 1024).
    python3 benchmarks/make_compare_pair.py --layers 4 --hidden 1024 --heads 8 --kv-heads 2 --ff 2816 --vocab 32000 --type Q8_0
fi

echo "== side by side (load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime))"
python3 benchmarks/side_by_side.py --runs "$runs"
