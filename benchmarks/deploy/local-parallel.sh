#!/usr/bin/env bash
# Scrub an archive on one machine in N parts at once, then merge the parts into one report.
#
#   benchmarks/deploy/local-parallel.sh N OUTDIR verify ARCHIVE…
#   benchmarks/deploy/local-parallel.sh N OUTDIR manifest check ARCHIVE/weightcheck.manifest.json
#
# Each part is one `weightcheck … --shard I/N --json` process (I = 0…N-1) writing OUTDIR/part-I.json; they run
# through GNU parallel when it is installed (ENGINE=parallel), else `xargs -P N` (ENGINE=xargs). The merged
# report is OUTDIR/report.json and the exit status is the merged run's: 0 passed, 1 a problem, 64 usage.
# WEIGHTCHECK names the binary (default: weightcheck on PATH); THREADS the worker threads of each part
# (default: the cores divided by N).
set -euo pipefail

if [[ $# -lt 3 ]]; then
    sed -n '2,12p' "$0" >&2
    exit 64
fi
n=$1 out=$2
shift 2
if ! [[ $n =~ ^[1-9][0-9]*$ ]]; then echo "N must be a positive number, got '$n'" >&2; exit 64; fi
wc=${WEIGHTCHECK:-weightcheck}
cores=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
threads=${THREADS:-$(( cores / n > 0 ? cores / n : 1 ))}
engine=${ENGINE:-$(command -v parallel >/dev/null 2>&1 && echo parallel || echo xargs)}
mkdir -p "$out"
rm -f "$out"/part-*.json

# One part: exit 0 or 1 are verdicts (the report is written either way); anything else is a failure to run.
# shellcheck disable=SC2317  # called through parallel or xargs
part() {
    local i=$1 rc=0
    shift
    "$wc" "$@" --shard "$i/$n" --threads "$threads" --json --no-progress > "$out/part-$i.json" || rc=$?
    if [[ $rc -gt 1 ]]; then echo "part $i/$n: weightcheck exited $rc" >&2; return "$rc"; fi
}
export -f part
export wc n out threads

case $engine in
    parallel) seq 0 $((n - 1)) | parallel --will-cite --halt now,fail=1 -j "$n" part {} "$@" ;;
    xargs) seq 0 $((n - 1)) | xargs -P "$n" -I{} bash -c 'part "$@"' _ {} "$@" ;;
    *) echo "ENGINE must be parallel or xargs, got '$engine'" >&2; exit 64 ;;
esac

parts=()
for ((i = 0; i < n; i++)); do parts+=("$out/part-$i.json"); done
rc=0
"$wc" report merge --json "${parts[@]}" > "$out/report.json" || rc=$?
"$wc" report merge "${parts[@]}" >&2 || true
exit "$rc"
