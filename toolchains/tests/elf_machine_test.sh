#!/usr/bin/env bash
# Usage: elf_machine_test.sh IMAGE EXPECTED_E_MACHINE EXPECTED_ENTRY
# Checks that IMAGE is a static 64-bit little-endian ELF executable for the
# expected machine whose entry point is the expected link address (decimal).
set -euo pipefail
image="$1"
expected_machine="$2"
expected_entry="$3"

fail() {
    echo "FAIL: $image: $*" >&2
    exit 1
}

magic="$(od -A n -c -N 4 "$image" | tr -d ' ')"
[ "$magic" = '177ELF' ] || fail "not an ELF file"
read -r class data <<<"$(od -A n -t u1 -j 4 -N 2 "$image")"
[ "$class" = 2 ] || fail "EI_CLASS $class, expected 2 (ELFCLASS64)"
[ "$data" = 1 ] || fail "EI_DATA $data, expected 1 (little endian)"
read -r e_type e_machine <<<"$(od -A n -t u2 -j 16 -N 4 "$image")"
[ "$e_type" = 2 ] || fail "e_type $e_type, expected 2 (ET_EXEC)"
[ "$e_machine" = "$expected_machine" ] || fail "e_machine $e_machine, expected $expected_machine"
read -r e_entry <<<"$(od -A n -t u8 -j 24 -N 8 "$image")"
[ "$e_entry" = "$expected_entry" ] || fail "e_entry $e_entry, expected $expected_entry"
echo "PASS: $image is an ET_EXEC ELF64 for machine $e_machine, entry $e_entry"
