#!/usr/bin/env bash
# cppcheck over the library's C code (core/src, backends/*, lib/), per folder group
# of c_sources.sh, with the suppressions checked in beside this script
# (cppcheck-suppressions.txt). Fails on any finding.
set -euo pipefail
# shellcheck source=testing/lint/c_sources.sh
source "$(dirname "$0")/c_sources.sh"
suppressions="$(readlink -f "$(dirname "$0")/cppcheck-suppressions.txt")"
cd_source_tree

cppcheck=/usr/bin/cppcheck
if [ ! -x "$cppcheck" ]; then
    echo "lint: $cppcheck not found: install the Debian package cppcheck (./bazelw installs it)" >&2
    exit 1
fi
check_groups_cover_backends

status=0
count=0
for group in "${C_SOURCE_GROUPS[@]}"; do
    read -r -a dirs <<<"${group%%|*}"
    read -r -a target <<<"${group#*|}"
    mapfile -t files < <(c_files_in "${dirs[@]}")
    [ "${#files[@]}" -eq 0 ] && continue
    # cppcheck takes the include paths of the group; target flags are clang's.
    includes=(-Icore/include -I.)
    for flag in "${target[@]}"; do
        [[ "$flag" == -I* ]] && includes+=("$flag")
    done
    count=$((count + ${#files[@]}))
    if ! "$cppcheck" --std=c11 --platform=unix64 --quiet --inline-suppr \
        --enable=warning,style,performance,portability --error-exitcode=1 \
        --suppressions-list="$suppressions" "${includes[@]}" "${files[@]}"; then
        status=1
    fi
done
if [ "$status" -ne 0 ]; then
    echo "lint: cppcheck found problems (suppressions: testing/lint/cppcheck-suppressions.txt)" >&2
    exit 1
fi
echo "lint: cppcheck: $count C files are clean"
