#!/usr/bin/env bash
# Boots images on machines without the virtualization extension and checks
# that each says so and ends with the emulator exit status that carries image
# status 3 (BOARD_EXIT_NO_VIRTUALIZATION).
# Usage: no_virtualization_test.sh BOOT_PY (MACHINE IMAGE EXPECTED_STATUS)...
set -uo pipefail
boot="$1"
shift
status=0

while [ "$#" -ge 3 ]; do
    machine="$1" image="$2" expected="$3"
    shift 3
    out="$(python3 "$boot" --machine "$machine" --image "$image" --timeout 30 </dev/null 2>&1)"
    rc=$?
    if [ "$rc" -ne "$expected" ] || ! grep -q "virtualization extensions not available" <<<"$out"; then
        echo "FAIL: $machine: exit $rc (expected $expected), console:"
        tail -5 <<<"$out"
        status=1
    else
        echo "PASS: $machine: exit $rc with the message"
    fi
done
exit "$status"
