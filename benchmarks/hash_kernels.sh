#!/usr/bin/env bash
# Whole-file hashing throughput of `weightcheck hash` against its peers on one warm file, in one run:
# SHA-256 vs `openssl dgst -sha256` and `sha256sum`, XXH3-64/128 vs `xxhsum -H3` / `-H2`, and two files
# hashed at once vs one. Each figure is the best of RUNS runs; ratios are weightcheck's time / the peer's.
#
# Usage: benchmarks/hash_kernels.sh [FILE] [RUNS]
#   FILE  a file to hash (default: a 1 GiB file of random bytes made in $TMPDIR and removed afterwards)
#   RUNS  runs per command (default 5)
# Needs a release build: swift build -c release. Issue 3 targets: SHA-256 ≤ 1.1× openssl, XXH3 ≤ 1.25× xxhsum,
# the Swift SHA-256 path ≥ 0.25 GB/s (`weightcheck bench` measures both paths; the CLI picks the hardware path).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
wc="$root/.build/release/weightcheck"
[[ -x "$wc" ]] || { echo "build first: swift build -c release" >&2; exit 1; }
file="${1:-}"
runs="${2:-5}"
made=""
if [[ -z "$file" ]]; then
    file="$(mktemp "${TMPDIR:-/tmp}/wc-hash-bench.XXXXXX")"
    made="$file"
    head -c 1073741824 /dev/urandom > "$file"
fi
trap '[[ -n "$made" ]] && rm -f "$made"' EXIT
size=$(stat -c %s "$file" 2>/dev/null || stat -f %z "$file")
cat "$file" > /dev/null  # warm the page cache

# best_ms CMD...: the best wall time in milliseconds over $runs runs (output discarded).
best_ms() {
    local best=""
    for _ in $(seq "$runs"); do
        local s e ms
        s=$(date +%s%N); "$@" > /dev/null 2>&1; e=$(date +%s%N)
        ms=$(( (e - s) / 1000000 ))
        if [[ -z "$best" || $ms -lt $best ]]; then best=$ms; fi
    done
    echo "$best"
}

rate() { awk -v b="$size" -v ms="$1" 'BEGIN { r = (ms > 0) ? b / ms / 1e6 : 0; printf "%6.2f GB/s", r }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { r = (b > 0) ? a / b : 0; printf "%.2fx", r }'; }

# Digests must agree before times mean anything.
check() {
    local ours="$1" theirs="$2" what="$3"
    [[ "$ours" == "$theirs" ]] || { echo "MISMATCH $what: weightcheck $ours, peer $theirs" >&2; exit 1; }
}
check "$("$wc" hash "$file" | cut -d' ' -f1)" "$(sha256sum "$file" | cut -d' ' -f1)" sha256
check "$("$wc" hash --algo xxh3 "$file" | cut -d' ' -f1)" "$(xxhsum -H3 "$file" 2>/dev/null | sed 's/.*= //; s/  .*//')" xxh3
check "$("$wc" hash --algo xxh128 "$file" | cut -d' ' -f1)" "$(xxhsum -H2 "$file" 2>/dev/null | cut -d' ' -f1)" xxh128

echo "file: $file ($size bytes), best of $runs runs"
printf '%-34s %8s  %s\n' "command" "ms" "rate"
declare -A t
row() { local name="$1"; shift; t[$name]=$(best_ms "$@"); printf '%-34s %8s  %s\n' "$name" "${t[$name]}" "$(rate "${t[$name]}")"; }
row "weightcheck hash (sha256)" "$wc" hash --no-progress "$file"
row "openssl dgst -sha256" openssl dgst -sha256 "$file"
row "sha256sum" sha256sum "$file"
row "weightcheck hash --algo xxh3" "$wc" hash --no-progress --algo xxh3 "$file"
row "xxhsum -H3" xxhsum -H3 "$file"
row "weightcheck hash --algo xxh128" "$wc" hash --no-progress --algo xxh128 "$file"
row "xxhsum -H2" xxhsum -H2 "$file"
row "weightcheck hash (sha256) ×2 files" "$wc" hash --no-progress "$file" "$file"
echo
echo "sha256: $(ratio "${t[weightcheck hash (sha256)]}" "${t[openssl dgst -sha256]}") openssl's time (target ≤ 1.10x)"
echo "xxh3:   $(ratio "${t[weightcheck hash --algo xxh3]}" "${t[xxhsum -H3]}") xxhsum -H3's time (target ≤ 1.25x)"
echo "xxh128: $(ratio "${t[weightcheck hash --algo xxh128]}" "${t[xxhsum -H2]}") xxhsum -H2's time (target ≤ 1.25x)"
echo "two files at once: $(ratio "${t[weightcheck hash (sha256) ×2 files]}" "${t[weightcheck hash (sha256)]}") the time of one (target ≈ 1x on ≥ 2 cores)"
