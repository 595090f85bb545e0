#!/usr/bin/env bash
# Runs a libFuzzer binary made by fuzz_test() (testing/fuzz/fuzz.bzl).
#
#   run_fuzzer.sh test FUZZER SEED_DIR [libFuzzer flags]   bounded CI campaign
#   run_fuzzer.sh run  FUZZER SEED_DIR [libFuzzer flags]   long campaign (bazel run)
#
# SEED_DIR is relative to the runfiles root and is only read. "test" works in a
# fresh corpus under $TEST_TMPDIR, uses a fixed seed (the same inputs every CI
# run, so a failure reproduces), keeps crash inputs in the test's outputs, and
# fails if libFuzzer reports anything or does not finish. "run" keeps its corpus
# in $VCPU_FUZZ_DIR/<target> (default ${TMPDIR:-/tmp}/vcpu_fuzz), so a campaign
# can be resumed, and runs until interrupted unless given -max_total_time or
# -runs. Either prints libFuzzer's final statistics (stat::number_of_executed_units).
set -euo pipefail

mode="$1"
fuzzer="$(readlink -f "$2")"
seeds="$(readlink -f "$3")"
# backends/arm_el2/tests/fuzz_corpus/decode_fuzz -> backends_arm_el2_tests_decode_fuzz
target="$(echo "${3/fuzz_corpus\//}" | tr '/' '_')"
shift 3

case "$mode" in
test)
    work="${TEST_TMPDIR:?run under bazel test}/corpus"
    artifacts="${TEST_UNDECLARED_OUTPUTS_DIR:-$TEST_TMPDIR}/"
    flags=(-seed=1 -timeout=10 -print_final_stats=1 -artifact_prefix="$artifacts")
    ;;
run)
    work="${VCPU_FUZZ_DIR:-${TMPDIR:-/tmp}/vcpu_fuzz}/$target"
    artifacts="$work.artifacts/"
    mkdir -p "$artifacts"
    flags=(-timeout=10 -print_final_stats=1 -artifact_prefix="$artifacts")
    echo "fuzz: corpus $work, crash inputs in $artifacts" >&2
    ;;
*)
    echo "usage: $0 test|run FUZZER SEED_DIR [libFuzzer flags]" >&2
    exit 2
    ;;
esac
mkdir -p "$work"

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
"$fuzzer" "${flags[@]}" "$@" "$work" "$seeds" 2>&1 | tee "$log" || status=$?
if [ "$status" -ne 0 ]; then
    echo "fuzz: $target FAILED (exit status $status); the input is in $artifacts" >&2
    exit 1
fi
if grep -qE '^(==[0-9]+==ERROR|SUMMARY: |.*runtime error:)' "$log"; then
    echo "fuzz: $target printed a sanitizer report" >&2
    exit 1
fi
if ! grep -q '^stat::number_of_executed_units:' "$log"; then
    echo "fuzz: $target ended without libFuzzer's final statistics" >&2
    exit 1
fi
echo "fuzz: $target survived $(sed -n 's/^stat::number_of_executed_units: *//p' "$log") executions"
