#!/usr/bin/env bash
# weightcheck verify vs openssl dgst -sha256 on real llama.cpp quantizations whose bytes are mostly low-bit
# types (issue 17 target: verify within 1.1× openssl's time on two cores).
# Usage: benchmarks/lowbit_verify_vs_openssl.sh [RUNS]
#   WIDE=/tmp/wide           folder of the quantized files (made when missing)
#   LLAMA_CPP=DIR            llama.cpp tree with build/bin/libllama.so (or llama-quantize + llama-imatrix) (llama-cpp-python
#                            0.3.36's vendor/llama.cpp; see testdata/make_llamacpp_quant_fixtures.py to build them)
#   TYPES=Q2_K,TQ1_0,...     the llama-quantize types to time
#   WC=PATH                  the weightcheck binary (default .build/release/weightcheck)
#   BOOST=1                  on a shared machine: a session of its own at autogroup nice -10 (root), as
#                            benchmarks/run.sh does, so the 2-thread verify gets both cores while others' work runs
# The files come from testdata/make_llamacpp_quant_fixtures.py --wide --tile 10: a llama model 2048 wide
# (ffn 5632, random weights, an importance matrix) with one layer quantized by llama.cpp, every matrix in the
# type (--pure) but for Q4_K_M, which keeps llama.cpp's mix, then that layer's blocks copied to 10 layers
# (~1 GB at F16; quantizing ten layers to IQ1_S takes too long on a loaded 2-core machine).
# Needs a release build (swift build -c release).
# Each file is read once first (warm page cache); runs alternate between the tools; best and median printed.
set -euo pipefail
source "$(dirname "$0")/boost.sh" "$@"  # BOOST=1: a session of our own at nice -10
here=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-5}
wide=${WIDE:-/tmp/wide}
llama=${LLAMA_CPP:-/tmp/lcpp/llama_cpp_python-0.3.36/vendor/llama.cpp}
types=${TYPES:-Q2_K,TQ1_0,IQ1_S,IQ2_XXS,IQ3_XXS,Q4_K_M}
wc=${WC:-"$here/.build/release/weightcheck"}
[ -x "$wc" ] || { echo "build first: swift build -c release" >&2; exit 1; }
missing=0
for t in ${types//,/ }; do [ -f "$wide/$t.gguf" ] || missing=1; done
if [ "$missing" = 1 ]; then
    python3 "$here/testdata/make_llamacpp_quant_fixtures.py" --llama-cpp "$llama" --wide --out "$wide" \
        --tile 10 --types "$types" --no-expect >&2
fi
seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N); echo "$e - $s" | bc -l; }
stats() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {printf "%.3f %.3f", a[int((NR+1)/2)], a[1]}'; }
# Share of the file's bytes in its most common tensor type, from weightcheck inspect.
share() {
    "$wc" inspect --json "$1" | python3 -c '
import json, sys
f = json.load(sys.stdin)["files"][0]
by = {}
for t in f["tensors"]:
    by[t["type"]] = by.get(t["type"], 0) + t["size"]
k = max(by, key=by.get)
print("%s %.1f%%" % (k, 100.0 * by[k] / f["size"]))'
}
echo "cores: $(nproc); load at start: $(cut -d' ' -f1-3 /proc/loadavg); runs: $runs (best and median); BOOST=${BOOST:-0}"
echo "$("$wc" --version 2>/dev/null | head -1) (commit $(git -C "$here" rev-parse --short HEAD)); $(openssl version)"
echo
echo "| file | size | main type (share of bytes) | openssl best | verify best | ratio best | ratio median |"
echo "|---|---:|---|---:|---:|---:|---:|"
for t in ${types//,/ }; do
    f="$wide/$t.gguf"
    cat "$f" >/dev/null
    size=$(stat -c %s "$f")
    o=(); v=()
    for ((i = 0; i < runs; i++)); do
        o+=("$(seconds openssl dgst -sha256 "$f")")
        v+=("$(seconds "$wc" verify --no-progress --threads 2 "$f")")
    done
    read -r om ob <<<"$(stats "${o[@]}")"
    read -r vm vb <<<"$(stats "${v[@]}")"
    printf '| %s | %.0f MB | %s | %.3f s | %.3f s | %.2f× | %.2f× |\n' "$t.gguf" "$(echo "$size / 1000000" | bc -l)" \
        "$(share "$f")" "$ob" "$vb" "$(echo "$vb / $ob" | bc -l)" "$(echo "$vm / $om" | bc -l)"
done
echo
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg); target: verify ≤ 1.10× openssl dgst -sha256"
