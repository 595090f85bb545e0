#!/usr/bin/env bash
# Boots an image on machines without the virtualization extension and checks
# that it says so and exits with the status that carries image status 3
# (BOARD_EXIT_NO_VIRTUALIZATION): 3 itself, or 39 under QEMU x86, whose
# isa-debug-exit turns status 3 into 33 + 2 * 3.
# Usage: no_virtualization_test.sh AARCH64_IMAGE RISCV64_IMAGE X86_64_SVM_IMAGE
#        X86_64_VMX_IMAGE
set -uo pipefail
status=0

check() {
    local name="$1" expected="$2"
    shift 2
    local out rc
    out="$(timeout 30 "$@" </dev/null 2>&1)"
    rc=$?
    if [ "$rc" -ne "$expected" ] || ! grep -q "virtualization extensions not available" <<<"$out"; then
        echo "FAIL: $name: exit $rc, console:"
        tail -5 <<<"$out"
        status=1
    else
        echo "PASS: $name: exit $rc with the message"
    fi
}

check "aarch64 at EL1" 3 qemu-system-aarch64 -M virt -cpu cortex-a72 -smp 2 -m 256M \
    -semihosting -nographic -no-reboot -kernel "$1"
check "riscv64 without H" 3 qemu-system-riscv64 -M virt -cpu rv64,h=false -smp 2 -m 256M \
    -nographic -no-reboot -bios default -kernel "$2"
check "x86_64 without SVM" 39 qemu-system-x86_64 -cpu qemu64,-svm -smp 2 -m 256M -display none \
    -serial stdio -no-reboot -net none -device isa-debug-exit,iobase=0xf4,iosize=0x04 -kernel "$3"
check "x86_64 without VMX" 39 qemu-system-x86_64 -cpu qemu64,-vmx -smp 2 -m 256M -display none \
    -serial stdio -no-reboot -net none -device isa-debug-exit,iobase=0xf4,iosize=0x04 -kernel "$4"
exit "$status"
