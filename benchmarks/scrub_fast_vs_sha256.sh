#!/usr/bin/env bash
# manifest check --fast (whole files by XXH3-128) vs the SHA-256 tier, on the same files (issue 18 target: --fast
# at least 3× faster). Usage: benchmarks/scrub_fast_vs_sha256.sh [FOLDER] [RUNS]   (WC_THREADS=N: --threads N)
#   FOLDER defaults to /tmp/wc-manifest-bench, written by benchmarks/make_manifest_bench_files.py (~1 GB).
# Needs a release build (swift build -c release). Files are read once first so both tiers read from the page
# cache; runs alternate between the tiers; the median and best of each are printed with their ratio, and a
# flipped byte is checked to be caught by both (then restored).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-/tmp/wc-manifest-bench}
runs=${2:-7}
wc=${WEIGHTCHECK:-$here/.build/release/weightcheck}
[ -x "$wc" ] || { echo "build first: swift build -c release" >&2; exit 1; }
[ -d "$dir" ] || python3 "$here/benchmarks/make_manifest_bench_files.py" "$dir"
cd "$dir"
"$wc" manifest create --no-progress . >/dev/null
mapfile -t files < <("$wc" manifest sha256sum weightcheck.manifest.json | cut -c67-)
cat "${files[@]}" >/dev/null   # warm the page cache
bytes=$(cat "${files[@]}" | wc -c)
threads=(${WC_THREADS:+--threads "$WC_THREADS"})
seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); echo "$e - $s" | bc -l; }
s=(); f=()
for ((i = 0; i < runs; i++)); do
    s+=("$(seconds "$wc" manifest check --no-progress "${threads[@]}" weightcheck.manifest.json)")
    f+=("$(seconds "$wc" manifest check --fast --no-progress "${threads[@]}" weightcheck.manifest.json)")
done
stats() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {printf "%.3f %.3f", a[int((NR+1)/2)], a[1]}'; }
read -r sm sb <<<"$(stats "${s[@]}")"
read -r fm fb <<<"$(stats "${f[@]}")"
echo "files: ${#files[@]}, $(echo "$bytes / 1000000000" | bc -l | cut -c1-5) GB; cores: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg)"
printf 'manifest check (SHA-256)       median %s s  best %s s  (%.2f GB/s)\n' "$sm" "$sb" "$(echo "$bytes / $sm / 1000000000" | bc -l)"
printf 'manifest check --fast (XXH3)   median %s s  best %s s  (%.2f GB/s)\n' "$fm" "$fb" "$(echo "$bytes / $fm / 1000000000" | bc -l)"
printf 'speed-up --fast: median %.2f×  best %.2f×  (target ≥ 3)\n' "$(echo "$sm / $fm" | bc -l)" "$(echo "$sb / $fb" | bc -l)"
# One flipped byte in the largest file: both tiers must fail and name it.
big=$(ls -S "${files[@]}" | head -1)
off=$(( $(stat -c %s "$big") / 2 ))
orig=$(dd if="$big" bs=1 skip="$off" count=1 status=none | od -An -tu1 | tr -d ' ')
printf "$(printf '\\%03o' $(( orig ^ 1 )))" | dd of="$big" bs=1 seek="$off" conv=notrunc status=none
for tier in "" --fast; do
    if "$wc" manifest check $tier --no-progress weightcheck.manifest.json >/tmp/wc-flip.txt; then
        echo "FLIP NOT CAUGHT by manifest check $tier" >&2; exit 1
    fi
    echo "flipped byte at $off of $big caught by 'manifest check $tier': $(grep -m1 "changed" /tmp/wc-flip.txt | sed 's/^ *//')"
done
printf "$(printf '\\%03o' "$orig")" | dd of="$big" bs=1 seek="$off" conv=notrunc status=none
