#!/usr/bin/env bash
# run-fuzzers.sh: builds the libFuzzer targets in Tests/Fuzz/ outside SwiftPM (they need -sanitize=fuzzer, which
# a package may not declare) and runs each for SECONDS seconds (default 60), seeded from testdata/.
#
# Usage: Tests/Fuzz/run-fuzzers.sh [SECONDS] [TARGET…]
#   TARGET is one of the names below (default: all). Environment:
#   FUZZ_BUILD   build folder (default .build-fuzz, gitignored); artifacts (crashing inputs) land in $FUZZ_BUILD/artifacts/
#   FUZZ_CORPUS  folder of the corpora kept between runs (default fuzz/, whose corpus-*/ folders are gitignored)
#   FUZZ_JOBS    fuzzer processes per target (default 1)
#   FUZZ_OPT     optimisation flag for the Swift sources (default -O; checks stay on: only -Ounchecked drops them)
# Exit status: 0 when no target found a crash, a leak, a timeout or an out-of-memory; 1 otherwise; 2 on build failure.
# Linux only (libFuzzer ships with the Swift toolchain there). A crashing input is also printed as a path to
# replay: `$FUZZ_BUILD/fuzz-NAME CRASH_FILE`.
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)

SECONDS_PER_TARGET=${1:-60}
shift || true
ALL_TARGETS=(gguf-header safetensors-header shard-index json-parser manifest weight-file pickle-machine)
if [[ $# -gt 0 ]]; then TARGETS=("$@"); else TARGETS=("${ALL_TARGETS[@]}"); fi

BUILD=${FUZZ_BUILD:-.build-fuzz}
CORPUS=${FUZZ_CORPUS:-fuzz}
JOBS=${FUZZ_JOBS:-1}
OPT=${FUZZ_OPT:--O}
mkdir -p "$BUILD/cmodule" "$BUILD/cobj" "$BUILD/artifacts" "$BUILD/seeds"
BUILD=$(cd "$BUILD" && pwd)

SWIFTC=${SWIFTC:-$(command -v swiftc)}
CLANG=${CLANG:-$(dirname "$SWIFTC")/clang}
[[ -x "$CLANG" ]] || CLANG=$(command -v clang)

# Source file of each target.
source_of() {
    case "$1" in
        gguf-header) echo Tests/Fuzz/FuzzGGUFHeader.swift ;;
        safetensors-header) echo Tests/Fuzz/FuzzSafetensorsHeader.swift ;;
        shard-index) echo Tests/Fuzz/FuzzShardIndex.swift ;;
        json-parser) echo Tests/Fuzz/FuzzJSONParser.swift ;;
        manifest) echo Tests/Fuzz/FuzzManifest.swift ;;
        weight-file) echo Tests/Fuzz/FuzzWeightFile.swift ;;
        pickle-machine) echo Tests/Fuzz/FuzzPickleMachine.swift ;;
        *) echo "unknown fuzz target '$1' (known: ${ALL_TARGETS[*]})" >&2; return 1 ;;
    esac
}

# ---- build: the C target, the library (once, -enable-testing so targets reach internals), each target ----
build() {
    local stamp="$BUILD/library.stamp" newest
    newest=$(find Sources/WeightCheck Sources/CWeightKernels Tests/Fuzz/run-fuzzers.sh -newer "$stamp" -print -quit 2>/dev/null)
    if [[ ! -f "$stamp" || -n "$newest" ]]; then
        echo "fuzz: building the library with -sanitize=fuzzer,address ($OPT)…" >&2
        cat > "$BUILD/cmodule/module.modulemap" <<EOF
module CWeightKernels {
    header "$ROOT/Sources/CWeightKernels/include/CWeightKernels.h"
    export *
}
EOF
        rm -f "$BUILD"/cobj/*.o
        for c in Sources/CWeightKernels/*.c; do
            "$CLANG" -fsanitize=fuzzer-no-link,address -O1 -g -fPIC -I Sources/CWeightKernels/include \
                -c "$c" -o "$BUILD/cobj/$(basename "$c" .c).o" || return 1
        done
        local sources=()
        while IFS= read -r -d '' f; do sources+=("$f"); done < <(find Sources/WeightCheck -name '*.swift' -print0 | sort -z)
        "$SWIFTC" -sanitize=fuzzer,address -parse-as-library "$OPT" -j "$(nproc)" -g -swift-version 6 -enable-testing \
            -module-name WeightCheck -package-name WeightCheck -emit-module -emit-module-path "$BUILD/WeightCheck.swiftmodule" \
            -emit-library -static -o "$BUILD/libWeightCheck.a" \
            -Xcc -fmodule-map-file="$BUILD/cmodule/module.modulemap" "${sources[@]}" || return 1
        touch "$stamp"
    fi
    local t src
    for t in "${TARGETS[@]}"; do
        src=$(source_of "$t") || return 1
        if [[ ! -x "$BUILD/fuzz-$t" || "$src" -nt "$BUILD/fuzz-$t" || "$stamp" -nt "$BUILD/fuzz-$t" ]]; then
            echo "fuzz: building fuzz-$t…" >&2
            "$SWIFTC" -sanitize=fuzzer,address -parse-as-library "$OPT" -g -swift-version 6 \
                -module-name "Fuzz_${t//-/_}" -package-name WeightCheck -I "$BUILD" -Xcc -fmodule-map-file="$BUILD/cmodule/module.modulemap" \
                "$src" "$BUILD/libWeightCheck.a" "$BUILD"/cobj/*.o -o "$BUILD/fuzz-$t" 2>&1 \
                | { grep -v 'Cannot export local symbol' || true; } >&2
            [[ ${PIPESTATUS[0]} -eq 0 ]] || return 1
        fi
    done
}

# ---- seeds: copies of the fixtures each parser reads (testdata/ itself is never written) ----
seed() {
    local t=$1 dir="$BUILD/seeds/$1" f n
    rm -rf "$dir"; mkdir -p "$dir"
    case "$t" in
        gguf-header)
            cp testdata/gguf/*.gguf testdata/gguf/split/*.gguf "$dir"/ ;;
        weight-file)
            cp testdata/gguf/split/*.gguf testdata/regressions/*.gguf "$dir"/
            cp testdata/safetensors/*.safetensors testdata/safetensors/sharded/*.safetensors "$dir"/ ;;
        safetensors-header)
            find testdata/safetensors -name '*.safetensors' -exec cp {} "$dir"/ \;
            for f in testdata/safetensors/bad/*.safetensors; do cp "$f" "$dir/bad_$(basename "$f")"; done ;;
        shard-index)
            cp testdata/safetensors/sharded/*.index.json "$dir"/ ;;
        json-parser)
            cp testdata/json/*.json testdata/safetensors/sharded/*.json "$dir"/
            # The JSON headers of the safetensors fixtures.
            for f in testdata/safetensors/*.safetensors testdata/safetensors/sharded/*.safetensors; do
                n=$(od -An -t u8 -N 8 "$f" | tr -d ' ')
                [[ -n "$n" && "$n" -lt 1000000 ]] && tail -c +9 "$f" | head -c "$n" > "$dir/header_$(basename "$f").json"
            done ;;
        manifest)
            cp Tests/Fuzz/seeds/manifest.json "$dir"/ ;;
        pickle-machine)
            find testdata/pytorch -name '*.pt' -o -name '*.pkl' -o -name '*.bin' | while read -r f; do
                cp "$f" "$dir/$(echo "$f" | tr / _)"; done
            # The data.pkl of each zip checkpoint on its own, so mutations reach the opcodes directly.
            python3 - "$dir" <<'PY' 2>/dev/null || true
import sys, zipfile, glob, os
for f in glob.glob("testdata/pytorch/*.pt"):
    try:
        z = zipfile.ZipFile(f)
        for n in z.namelist():
            if n.endswith("data.pkl"):
                open(os.path.join(sys.argv[1], os.path.basename(f) + ".data.pkl"), "wb").write(z.read(n))
    except zipfile.BadZipFile:
        pass
PY
            ;;
    esac
}

dict_of() {
    case "$1" in
        gguf-header|weight-file) echo Tests/Fuzz/gguf.dict ;;
        pickle-machine) echo Tests/Fuzz/pickle.dict ;;
        *) echo Tests/Fuzz/json.dict ;;
    esac
}

if ! build; then
    echo "fuzz: build failed" >&2
    exit 2
fi

# Let libFuzzer and ASan report a trap (Swift's own backtracer would race ASan's handler), symbolized.
export SWIFT_BACKTRACE=enable=no
[[ -x "$(dirname "$SWIFTC")/llvm-symbolizer" ]] && export ASAN_SYMBOLIZER_PATH="$(dirname "$SWIFTC")/llvm-symbolizer"

status=0
for t in "${TARGETS[@]}"; do
    seed "$t"
    mkdir -p "$CORPUS/corpus-$t" "$BUILD/artifacts/$t"
    log="$BUILD/fuzz-$t.log"
    echo "fuzz: $t for ${SECONDS_PER_TARGET}s (corpus $CORPUS/corpus-$t, log $log)" >&2
    dict=$(dict_of "$t")
    "$BUILD/fuzz-$t" "$CORPUS/corpus-$t" "$BUILD/seeds/$t" \
        -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 \
        $( ((JOBS > 1)) && echo "-jobs=$JOBS -workers=$JOBS" ) -print_final_stats=1 \
        ${dict:+-dict="$dict"} -artifact_prefix="$BUILD/artifacts/$t/" >"$log" 2>&1
    rc=$?
    tail -n 12 "$log" | grep -E 'stat::number_of_executed_units|stat::new_units_added|cov:|Done' | tail -n 3 >&2
    if [[ $rc -ne 0 ]]; then
        status=1
        echo "fuzz: $t FAILED (exit $rc); crashing inputs:" >&2
        ls "$BUILD/artifacts/$t/" >&2
        grep -E 'ERROR|Fatal error|SUMMARY|==[0-9]+==' "$log" | head -n 10 >&2
    fi
done
exit $status
