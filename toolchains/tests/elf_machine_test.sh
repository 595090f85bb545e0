#!/usr/bin/env bash
# Usage: elf_machine_test.sh IMAGE EXPECTED_E_MACHINE
# Checks that IMAGE is a static ELF executable for the expected machine.
set -euo pipefail
image="$1"
expected="$2"
header="$(od -A n -t u2 -j 16 -N 4 "$image")"
read -r e_type e_machine <<<"$header"
magic="$(od -A n -c -N 4 "$image" | tr -d ' ')"
if [ "$magic" != '177ELF' ]; then
    echo "FAIL: $image is not an ELF file" >&2
    exit 1
fi
if [ "$e_type" != 2 ]; then
    echo "FAIL: $image has e_type $e_type, expected 2 (ET_EXEC)" >&2
    exit 1
fi
if [ "$e_machine" != "$expected" ]; then
    echo "FAIL: $image has e_machine $e_machine, expected $expected" >&2
    exit 1
fi
echo "PASS: $image is an ET_EXEC ELF for machine $e_machine"
