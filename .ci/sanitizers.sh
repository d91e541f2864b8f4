#!/usr/bin/env bash
# Sanitizers for CI: the whole test suite under AddressSanitizer and under ThreadSanitizer (each in its own
# scratch path, .build-asan / .build-tsan, so the normal .build is untouched), then every fuzz target briefly.
#
# Usage: .ci/sanitizers.sh [asan] [tsan] [fuzz]   (default: all three, in that order)
# Environment: FUZZ_SECONDS (default 20) per fuzz target; FUZZ_OPT, the fuzz build's optimisation (run-fuzzers.sh's
# default -O; .ci/run passes -Onone); TSAN_SKIP, a `swift test --skip` pattern for TSan
# (default: the single-threaded header corruption and truncation loops, slow under TSan with nothing for it to
# check; set it empty to run everything); TSAN_FILTER, a `--filter` pattern for the suites run under TSan
# (default: the library suites that run the multi-threaded scan, compare and manifest engines in-process; the
# CLI suites only spawn processes and the kernel suites are single-threaded, so TSan has nothing more to see
# there and they cost most of its time; set it empty to run everything).
# Exits non-zero when any step fails; runs every step regardless.
set -uo pipefail
cd "$(dirname "$0")/.."

STEPS=("$@")
[[ ${#STEPS[@]} -eq 0 ]] && STEPS=(asan tsan fuzz)
FUZZ_SECONDS=${FUZZ_SECONDS:-20}

# Leaks are reported (toolchain-internal ones suppressed); any ASan report fails the run.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/.ci/lsan.supp:print_suppressions=0}
# A race makes the process exit 66 at the end (after every report is printed).
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=0:exitcode=66:second_deadlock_stack=1}

failed=()
step() {
    local name=$1; shift
    local start=$SECONDS
    echo "=== sanitizers: $name: $*"
    if "$@"; then
        echo "=== sanitizers: $name passed in $((SECONDS - start)) s"
    else
        echo "=== sanitizers: $name FAILED (exit $?) after $((SECONDS - start)) s"
        failed+=("$name")
    fi
}

for s in "${STEPS[@]}"; do
    case "$s" in
        asan) step asan swift test --sanitize=address --scratch-path .build-asan ;;
        tsan)
            args=(--sanitize=thread --scratch-path .build-tsan)
            skip=${TSAN_SKIP-'CorruptionMatrix(GGUF|Safetensors)Tests|corruptedHeaderBytes|truncationAtEveryByte'}
            [[ -n "$skip" ]] && args+=(--skip "$skip")
            filter=${TSAN_FILTER-'ScanEngineTests|ScanProgressTests|ScanMemoryTests|VerifyTests|CompareEngineTests|HashFilesTests|ManifestTests|ManifestFastTierTests|ByteOrderTests|ZeroHoleTests|DiscoveryInvarianceTests|BenchTests|PartitionTests|ScanEventsTests|FileFeedTests|ManifestCheckEventsTests'}
            [[ -n "$filter" ]] && args+=(--filter "$filter")
            step tsan swift test "${args[@]}" ;;
        fuzz) step fuzz Tests/Fuzz/run-fuzzers.sh "$FUZZ_SECONDS" ;;
        *) echo "unknown step '$s' (asan, tsan, fuzz)" >&2; exit 64 ;;
    esac
done

if [[ ${#failed[@]} -gt 0 ]]; then
    echo "=== sanitizers: FAILED: ${failed[*]}"
    exit 1
fi
echo "=== sanitizers: all passed"
