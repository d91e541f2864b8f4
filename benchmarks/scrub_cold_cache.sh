#!/usr/bin/env bash
# Cold-cache throughput of the scrub (issue 18 item 6): `manifest check` (SHA-256 tier and --fast) with
# `--io sequential` and `--io parallel`, against `cat FILE… > /dev/null` (and N cats at once, xargs -P) reading the
# same files, every file's cached pages dropped with posix_fadvise(DONTNEED) (GNU dd iflag=nocache count=0;
# /proc/sys/vm/drop_caches need not be writable) before every run, checked with fincore when it is there.
# Runs are interleaved round by round so that a change in the machine's load hits all alike; per command the
# median and best wall seconds, the median user+system CPU seconds (/usr/bin/time), GB/s by the median, and the
# ratio of its median wall time to cat's in the same rounds.
#
# Usage: benchmarks/scrub_cold_cache.sh [FOLDER] [ROUNDS]
#   FOLDER       a folder to scrub (default: COUNT safetensors files of SIZE random bytes made in $TMPDIR, removed after)
#   COUNT=4 SIZE=536870912   (environment) the made files
#   ROUNDS       rounds (default 3)
#   WC_THREADS=N (environment) --threads N
#   BOOST=1      (environment) a session of its own at autogroup priority nice -10 (root), as feed_paths.sh does
# Needs a release build (swift build -c release), GNU dd, python3 (only to make the files). Prints markdown.
set -euo pipefail
source "$(dirname "$0")/boost.sh" "$@"  # BOOST=1: a session of our own at nice -10
root="$(cd "$(dirname "$0")/.." && pwd)"
wc="${WEIGHTCHECK:-$root/.build/release/weightcheck}"
[[ -x "$wc" ]] || { echo "build first: swift build -c release" >&2; exit 1; }
for tool in dd /usr/bin/time; do command -v "$tool" > /dev/null || { echo "needs $tool" >&2; exit 1; }; done
dir="${1:-}"
rounds="${2:-3}"
work="$(mktemp -d "${TMPDIR:-/tmp}/wc-scrub-cold.XXXXXX")"
trap 'rm -rf "$work"' EXIT
if [[ -z "$dir" ]]; then
    dir="$work/archive"
    # Safetensors files of 16 U8 tensors of random bytes each, so the SHA-256 tier also digests every tensor.
    python3 - "$dir" "${COUNT:-4}" "${SIZE:-536870912}" <<'PY'
import json, os, struct, sys
out, count, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
os.makedirs(out, exist_ok=True)
for f in range(count):
    n = 16; each = size // n
    header = {f"layers.{i}.weight": {"dtype": "U8", "shape": [each], "data_offsets": [i * each, (i + 1) * each]} for i in range(n)}
    h = json.dumps(header).encode(); h += b" " * (-len(h) % 8)
    with open(os.path.join(out, f"model-{f + 1:05d}-of-{count:05d}.safetensors"), "wb") as w:
        w.write(struct.pack("<Q", len(h)) + h)
        for i in range(n): w.write(os.urandom(each))
PY
    sync
fi
"$wc" manifest create --no-progress "$dir" > /dev/null
manifest="$dir/weightcheck.manifest.json"
mapfile -t files < <("$wc" manifest sha256sum "$manifest" | cut -c67- | sed "s|^|$dir/|")
bytes=$(stat -c %s "${files[@]}" | paste -sd+ | bc)
threads=(${WC_THREADS:+--threads "$WC_THREADS"})
evict() {
    local f
    for f in "${files[@]}"; do dd if="$f" iflag=nocache count=0 status=none; done
    if command -v fincore > /dev/null; then
        local resident
        resident=$(fincore --bytes --noheadings --output RES "${files[@]}" | paste -sd+ | bc)
        (( resident < bytes / 100 )) || echo "warning: $resident bytes still cached after eviction" >&2
    fi
}
names=("cat FILE… > /dev/null" "cat ×${#files[@]} at once (xargs -P)"
       "manifest check --io sequential" "manifest check --io parallel"
       "manifest check --fast --io sequential" "manifest check --fast --io parallel")
run() {  # run K: the command of row K
    case $1 in
        0) cat "${files[@]}" > /dev/null ;;
        1) printf '%s\0' "${files[@]}" | xargs -0 -P "${#files[@]}" -n 1 cat > /dev/null ;;
        2) "$wc" manifest check --no-progress --io sequential "${threads[@]}" "$manifest" > /dev/null ;;
        3) "$wc" manifest check --no-progress --io parallel "${threads[@]}" "$manifest" > /dev/null ;;
        4) "$wc" manifest check --fast --no-progress --io sequential "${threads[@]}" "$manifest" > /dev/null ;;
        5) "$wc" manifest check --fast --no-progress --io parallel "${threads[@]}" "$manifest" > /dev/null ;;
    esac
}
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
declare -A wall cpu
for ((r = 0; r < rounds; r++)); do
    for k in "${!names[@]}"; do
        evict
        /usr/bin/time -f "%e %U %S" -o "$work/t" bash -c "$(declare -p files wc manifest threads); $(declare -f run); run $k" \
            || { echo "${names[$k]} failed" >&2; exit 1; }
        read -r e u s < "$work/t"
        wall[$k]+="$e "
        cpu[$k]+="$(echo "$u + $s" | bc -l) "
    done
done
median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
best() { tr ' ' '\n' | grep . | sort -g | head -1; }
cat_median=$(echo "${wall[0]}" | median)
echo "Files: ${#files[@]}, $(echo "scale=2; $bytes / 1000000000" | bc -l) GB ($dir); $(nproc) cores; rounds: $rounds;" \
     "BOOST=${BOOST:-0}; threads: ${WC_THREADS:-all}; load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Rotational: $(lsblk -dno NAME,ROTA 2>/dev/null | paste -sd' ' || echo unknown)"
echo
echo "| cold cache (fadvise DONTNEED before each run) | median s | best s | CPU s (median) | GB/s (median) | × cat's time |"
echo "|---|---:|---:|---:|---:|---:|"
for k in "${!names[@]}"; do
    m=$(echo "${wall[$k]}" | median); b=$(echo "${wall[$k]}" | best); c=$(echo "${cpu[$k]}" | median)
    printf '| %s | %.2f | %.2f | %.2f | %.2f | %.2f |\n' "${names[$k]}" "$m" "$b" "$c" \
        "$(echo "$bytes / $m / 1000000000" | bc -l)" "$(echo "$m / $cat_median" | bc -l)"
done
