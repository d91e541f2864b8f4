#!/usr/bin/env bash
# Submits an archive scrub to Slurm: a job array of N parts, then the merge once every part has ended.
#
#   benchmarks/deploy/slurm/submit.sh N OUT verify ARCHIVE…
#   benchmarks/deploy/slurm/submit.sh N OUT manifest ARCHIVE/weightcheck.manifest.json
#
# Extra sbatch options (partition, account) go in SBATCH_EXTRA. The merged report is OUT/report.json.
set -euo pipefail
if [[ $# -lt 4 ]]; then sed -n '2,8p' "$0" >&2; exit 64; fi
n=$1 out=$2 what=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
case $what in
    verify) export ARCHIVE="$*" MANIFEST= ;;
    manifest) export MANIFEST=$1 ARCHIVE= ;;
    *) echo "the third argument must be verify or manifest, got '$what'" >&2; exit 64 ;;
esac
export OUT=$out PARTS=$n
# shellcheck disable=SC2086  # SBATCH_EXTRA holds several options
array=$(sbatch --parsable ${SBATCH_EXTRA:-} --array="0-$((n - 1))" --export=ALL "$here/scrub.sbatch")
array=${array%%;*}
# shellcheck disable=SC2086
merge=$(sbatch --parsable ${SBATCH_EXTRA:-} --dependency="afterany:$array" --export=ALL "$here/merge.sbatch")
echo "parts: job $array (array 0-$((n - 1))); merge: job ${merge%%;*} → $out/report.json"
