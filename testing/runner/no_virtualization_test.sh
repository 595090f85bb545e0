#!/usr/bin/env bash
# Boots an image on machines without the virtualization extension and checks
# that it says so and exits with status 3 (BOARD_EXIT_NO_VIRTUALIZATION).
# Usage: no_virtualization_test.sh AARCH64_IMAGE RISCV64_IMAGE
set -uo pipefail
status=0

check() {
    local name="$1"
    shift
    local out rc
    out="$(timeout 30 "$@" </dev/null 2>&1)"
    rc=$?
    if [ "$rc" -ne 3 ] || ! grep -q "virtualization extensions not available" <<<"$out"; then
        echo "FAIL: $name: exit $rc, console:"
        tail -5 <<<"$out"
        status=1
    else
        echo "PASS: $name: exit 3 with the message"
    fi
}

check "aarch64 at EL1" qemu-system-aarch64 -M virt -cpu cortex-a72 -smp 2 -m 256M \
    -semihosting -nographic -no-reboot -kernel "$1"
check "riscv64 without H" qemu-system-riscv64 -M virt -cpu rv64,h=false -smp 2 -m 256M \
    -nographic -no-reboot -bios default -kernel "$2"
exit "$status"
