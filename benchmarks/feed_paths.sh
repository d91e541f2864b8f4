#!/usr/bin/env bash
# How bytes reach the kernels (issue 17, last part; issue 18 item 6): whole-file passes of `weightcheck` against
# the fastest peer reading the same file, from the page cache (warm) and from the disk (cold: the file's cached
# pages dropped with posix_fadvise(DONTNEED) before each run), and the ways of feeding a kernel measured alone.
# Every command runs once per round, rounds interleaved so that a change in the machine's load hits all alike;
# each figure is the best of ROUNDS (wall seconds and user+system CPU seconds, from /usr/bin/time).
#
# Usage: benchmarks/feed_paths.sh [FILE] [ROUNDS] [COLD_ROUNDS]
#   FILE         a file to read (default: 2 GiB of random bytes made in $TMPDIR and removed afterwards)
#   SIZE=BYTES   (environment) the size of the made file
#   ROUNDS       warm rounds (default 5); COLD_ROUNDS cold rounds (default 3; 0 skips the cold table)
#   AGAINST=BIN  (environment) also time another weightcheck binary's hash --algo xxh3, hash and verify in the
#                same rounds (a before/after of a feed or kernel change: keep a copy of the old build)
#   BOOST=1      (environment) run in a session of its own at autogroup priority nice -10 (root), as
#                benchmarks/run.sh does, so that other sessions' builds take less of the cores during the run
# Needs a release build (swift build -c release), xxhsum, openssl and a C compiler. Prints markdown tables.
set -euo pipefail
source "$(dirname "$0")/boost.sh" "$@"  # BOOST=1: a session of our own at nice -10

root="$(cd "$(dirname "$0")/.." && pwd)"
wc="$root/.build/release/weightcheck"
[[ -x "$wc" ]] || { echo "build first: swift build -c release" >&2; exit 1; }
for tool in xxhsum openssl cc /usr/bin/time; do command -v "$tool" > /dev/null || { echo "needs $tool" >&2; exit 1; }; done
file="${1:-}"
rounds="${2:-5}"
cold_rounds="${3:-3}"
work="$(mktemp -d "${TMPDIR:-/tmp}/wc-feed.XXXXXX")"
trap 'rm -rf "$work"' EXIT
if [[ -z "$file" ]]; then
    file="$work/data/big.bin"
    mkdir -p "$work/data"
    head -c "${SIZE:-2147483648}" /dev/urandom > "$file"
fi
size=$(stat -c %s "$file")
cc -O2 -pthread -I "$root/Sources/CWeightKernels" -o "$work/feed_mechanisms" "$root/benchmarks/feed_mechanisms.c"
evict() { "$work/feed_mechanisms" "$file" evict; }
warm() { cat "$file" > /dev/null; }

# Digests must agree before times mean anything.
same() { [[ "$1" == "$2" ]] || { echo "MISMATCH $3: weightcheck $1, peer $2" >&2; exit 1; }; }
sha=$(openssl dgst -sha256 -r "$file" | cut -d' ' -f1)
same "$("$wc" hash --no-progress "$file" | cut -d' ' -f1)" "$sha" sha256
same "$("$wc" hash --no-progress --algo xxh3 "$file" | sed 's/.*= //')" "$(xxhsum -H3 "$file" | sed 's/.*= //')" xxh3
# A manifest of the made file's folder for `manifest check --fast` (XXH3-128 of every byte); skipped for a FILE
# given, whose folder may hold much else.
manifest="$work/manifest.json"
[[ "$file" == "$work/data/big.bin" ]] && "$wc" manifest create --no-progress "$work/data" -o "$manifest" > /dev/null

names=(); commands=()
add() { names+=("$1"); shift; commands+=("$*"); }
add "weightcheck hash --algo xxh3"        "$wc" hash --no-progress --algo xxh3 "$file"
add "xxhsum -H3"                          xxhsum -H3 "$file"
add "weightcheck hash (sha256)"           "$wc" hash --no-progress "$file"
add "weightcheck verify --expect-sha256"  "$wc" verify --no-progress --expect-sha256 "$sha" "$file"
add "openssl dgst -sha256"                openssl dgst -sha256 "$file"
if [[ -f "$manifest" ]]; then
    add "weightcheck manifest check --fast"   "$wc" manifest check --no-progress --fast --root "$work/data" "$manifest"
    add "xxhsum -H2 (XXH128)"                 xxhsum -H2 "$file"
fi
add "cat > /dev/null"                     cat "$file"
if [[ -n "${AGAINST:-}" ]]; then
    add "AGAINST hash --algo xxh3"            "$AGAINST" hash --no-progress --algo xxh3 "$file"
    add "AGAINST hash (sha256)"               "$AGAINST" hash --no-progress "$file"
    add "AGAINST verify --expect-sha256"      "$AGAINST" verify --no-progress --expect-sha256 "$sha" "$file"
fi

# run I: one timed run of command I; prints "WALL CPU".
run() { /usr/bin/time -f "%e %U %S" -o "$work/t" ${commands[$1]} > /dev/null 2>&1 || true; awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$work/t"; }
best() { sort -n -k"$2" "$1" | head -1 | cut -d' ' -f"$2"; }

table() {  # table KIND ROUNDS PREPARE
    local kind="$1" n="$2" prepare="$3"
    for i in "${!names[@]}"; do : > "$work/$kind.$i"; done
    for _ in $(seq "$n"); do
        for i in "${!names[@]}"; do $prepare; run "$i" >> "$work/$kind.$i"; done
    done
    echo "| $kind: command | best wall s | GB/s | best CPU s (user+sys) |"
    echo "|---|---|---|---|"
    for i in "${!names[@]}"; do
        local w c
        w=$(best "$work/$kind.$i" 1); c=$(best "$work/$kind.$i" 2)
        printf '| %s | %s | %s | %s |\n' "${names[$i]}" "$w" "$(awk -v b="$size" -v s="$w" 'BEGIN { printf "%.2f", (s > 0) ? b / s / 1e9 : 0 }')" "$c"
        echo "$w $c" > "$work/$kind.best.$i"
    done
    echo
    ratio "$kind" 0 1; ratio "$kind" 2 4; ratio "$kind" 3 4
    if [[ -n "${AGAINST:-}" ]]; then local a=$(( ${#names[@]} - 3 )); ratio "$kind" 0 "$a"; ratio "$kind" 2 $(( a + 1 )); ratio "$kind" 3 $(( a + 2 )); fi
    echo
}

# ratio KIND I J: command I's best wall and CPU seconds over command J's, from the same rounds.
ratio() {
    read -r wi ci < "$work/$1.best.$2"; read -r wj cj < "$work/$1.best.$3"
    awk -v a="${names[$2]}" -v b="${names[$3]}" -v k="$1" -v wi="$wi" -v wj="$wj" -v ci="$ci" -v cj="$cj" \
        'BEGIN { printf "%s: %s / %s = %.2fx wall, %.2fx CPU\n", k, a, b, (wj > 0) ? wi / wj : 0, (cj > 0) ? ci / cj : 0 }'
}

echo "file: $size bytes; BOOST=${BOOST:-0}; AGAINST=${AGAINST:-none}; load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
echo
warm
table warm "$rounds" warm
echo "| feed mechanism alone (warm, 1 thread) | step | kernel | best wall s | best CPU s |"
echo "|---|---|---|---|---|"
# Each mechanism with the stand-in (four 64-bit lanes) and with the AVX2 XXH3 stripe loop the digest lane runs.
for m in "mmap 4194304" "mmap-seq 4194304" "populate 4194304" "populate-read 4194304" "populate-ahead 4194304" "hugepage 4194304" \
         "pread 65536" "pread 262144" "pread 1048576" "pread 4194304"; do
    for k in lanes xxh3; do
        : > "$work/m"
        for _ in $(seq "$rounds"); do warm; "$work/feed_mechanisms" "$file" $m $k | awk '{ print $3, $4 }' >> "$work/m"; done
        set -- $m
        printf '| %s | %s KiB | %s | %s | %s |\n' "$1" "$(( $2 / 1024 ))" "$k" "$(best "$work/m" 1)" "$(best "$work/m" 2)"
    done
done
echo
if [[ "$cold_rounds" -gt 0 ]]; then
    table cold "$cold_rounds" evict
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
