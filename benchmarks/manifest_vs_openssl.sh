#!/usr/bin/env bash
# manifest check vs openssl dgst -sha256 over the same files (issue 6 target: check ≤ 1.5× openssl's time).
# Usage: benchmarks/manifest_vs_openssl.sh [FOLDER] [RUNS]     (WC_THREADS=N passes --threads N to check)
#   FOLDER defaults to /tmp/wc-manifest-bench, written by benchmarks/make_manifest_bench_files.py (~1 GB).
# Needs a release build (swift build -c release). Files are read once first so both tools read from the page
# cache; runs alternate between the two tools; the median and best of each are printed with their ratios.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-/tmp/wc-manifest-bench}
runs=${2:-7}
wc="$here/.build/release/weightcheck"
[ -x "$wc" ] || { echo "build first: swift build -c release" >&2; exit 1; }
[ -d "$dir" ] || python3 "$here/benchmarks/make_manifest_bench_files.py" "$dir"
cd "$dir"
"$wc" manifest create --no-progress . >/dev/null
mapfile -t files < <("$wc" manifest sha256sum weightcheck.manifest.json | cut -c67-)
cat "${files[@]}" >/dev/null   # warm the page cache
bytes=$(cat "${files[@]}" | wc -c)
seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); echo "$e - $s" | bc -l; }
o=(); c=()
for ((i = 0; i < runs; i++)); do
    o+=("$(seconds openssl dgst -sha256 "${files[@]}")")
    c+=("$(seconds "$wc" manifest check --no-progress ${WC_THREADS:+--threads "$WC_THREADS"} weightcheck.manifest.json)")
done
stats() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {printf "%.3f %.3f", a[int((NR+1)/2)], a[1]}'; }
read -r om ob <<<"$(stats "${o[@]}")"
read -r cm cb <<<"$(stats "${c[@]}")"
echo "files: ${#files[@]}, $(echo "$bytes / 1000000000" | bc -l | cut -c1-5) GB; cores: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg)"
printf 'openssl dgst -sha256     median %s s  best %s s  (%.2f GB/s)\n' "$om" "$ob" "$(echo "$bytes / $om / 1000000000" | bc -l)"
printf 'weightcheck manifest check  median %s s  best %s s  (%.2f GB/s)\n' "$cm" "$cb" "$(echo "$bytes / $cm / 1000000000" | bc -l)"
printf 'ratio check/openssl: median %.2f  best %.2f  (target ≤ 1.50)\n' "$(echo "$cm / $om" | bc -l)" "$(echo "$cb / $ob" | bc -l)"
