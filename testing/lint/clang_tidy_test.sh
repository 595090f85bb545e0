#!/usr/bin/env bash
# clang-tidy over the library's C code (core/src, backends/*, lib/), with the
# checked-in .clang-tidy (found from the files' paths; every warning an error) and the flags of each
# folder group from c_sources.sh. Fails on any diagnostic.
set -euo pipefail
# shellcheck source=testing/lint/c_sources.sh
source "$(dirname "$0")/c_sources.sh"
cd_source_tree

clang_tidy=/usr/bin/clang-tidy-14
if [ ! -x "$clang_tidy" ]; then
    echo "lint: $clang_tidy not found: install the Debian package clang-tidy (./bazelw installs it)" >&2
    exit 1
fi
check_groups_cover_backends

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
count=0
for group in "${C_SOURCE_GROUPS[@]}"; do
    read -r -a dirs <<<"${group%%|*}"
    read -r -a target <<<"${group#*|}"
    mapfile -t files < <(c_files_in "${dirs[@]}")
    [ "${#files[@]}" -eq 0 ] && continue
    flags=("${C_COMMON_FLAGS[@]}" "${target[@]}")
    [[ "${target[*]}" == *--target=*-none-elf* || "${target[*]}" == *-unknown-elf* ]] &&
        flags+=("${C_FREESTANDING_FLAGS[@]}")
    count=$((count + ${#files[@]}))
    # Two at a time: the machine is shared.
    if ! printf '%s\0' "${files[@]}" |
        xargs -0 -I{} -P 2 "$clang_tidy" --quiet {} -- "${flags[@]}" \
            >"$log" 2>&1; then
        status=1
    fi
    # clang-tidy prints "N warnings generated" for suppressed system-header noise.
    grep -vE '^[0-9]+ warnings? (and [0-9]+ errors? )?generated\.$|^Suppressed [0-9]+ warnings|^Use -header-filter|^$' "$log" || true
done
if [ "$status" -ne 0 ]; then
    echo "lint: clang-tidy found problems (config: .clang-tidy)" >&2
    exit 1
fi
echo "lint: clang-tidy: $count C files are clean"
