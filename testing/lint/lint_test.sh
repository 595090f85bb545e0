#!/usr/bin/env bash
# Checks formatting of the whole source tree: buildifier over every BUILD,
# BUILD.bazel, .bzl, *.BUILD and WORKSPACE file, clang-format over every .c, .h
# and .cc file. The tree is found by resolving the runfiles symlink of the
# WORKSPACE file back to the source directory (see BUILD.bazel).
set -euo pipefail

workspace_file="$(readlink -f "${TEST_SRCDIR}/${TEST_WORKSPACE}/WORKSPACE")"
src="$(dirname "$workspace_file")"
cd "$src"

buildifier="toolchains/.cache/buildifier/node_modules/@bazel/buildifier/buildifier-linux_amd64"
if [ ! -x "$buildifier" ]; then
    echo "lint: buildifier not found at $src/$buildifier: run ./bazelw (it installs buildifier from npm)" >&2
    exit 1
fi
clang_format=/usr/bin/clang-format
if [ ! -x "$clang_format" ]; then
    echo "lint: $clang_format not found: install the Debian package clang-format (./bazelw installs it)" >&2
    exit 1
fi

# Lists the tree's files whose names match the given patterns (a git pathspec
# "*" also crosses "/", so each pattern matches at any depth): the files git knows
# (tracked or new, not ignored), or every file outside bazel-*, .git and the
# cache when the tree is not a git checkout.
list_files() {
    if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
        git ls-files --cached --others --exclude-standard -- "$@" |
            while read -r f; do [ -e "$f" ] && echo "$f"; done
    else
        local names=()
        for pattern in "$@"; do
            names+=(-o -name "$pattern")
        done
        find . \( -name '.git' -o -name 'bazel-*' -o -path ./toolchains/.cache \) -prune -o \
            -type f \( "${names[@]:1}" \) -print | sed 's|^\./||' | sort
    fi
}

status=0
mapfile -t starlark < <(list_files '*WORKSPACE' '*BUILD' '*BUILD.bazel' '*.bzl')
# .buildifier.json turns off only the native-* warnings: Bazel 4.2.3 provides
# those rules natively, and the rules_shell/rules_cc loads they ask for do not
# exist for it.
if ! "$buildifier" -config=.buildifier.json -mode=check -lint=warn "${starlark[@]}"; then
    echo "lint: buildifier found problems; fix with: $buildifier -config=.buildifier.json -mode=fix -lint=fix <files>" >&2
    status=1
fi

mapfile -t csources < <(list_files '*.c' '*.h' '*.cc')
if ! "$clang_format" --dry-run --Werror "${csources[@]}"; then
    echo "lint: clang-format found problems; fix with: clang-format -i <files>" >&2
    status=1
fi

if [ "$status" -eq 0 ]; then
    echo "lint: ${#starlark[@]} Starlark files and ${#csources[@]} C/C++ files are clean"
fi
exit "$status"
