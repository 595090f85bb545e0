#!/usr/bin/env bash
# Checks formatting of the whole source tree: buildifier over every BUILD,
# .bzl and WORKSPACE file, clang-format over every C/C++ source. The tree is
# found by resolving the runfiles symlink of the WORKSPACE file back to the
# source directory (the test is tagged "external" so it is never cached).
set -euo pipefail

workspace_file="$(readlink -f "${TEST_SRCDIR}/${TEST_WORKSPACE}/WORKSPACE")"
src="$(dirname "$workspace_file")"
cd "$src"

buildifier="toolchains/.cache/buildifier/node_modules/@bazel/buildifier/buildifier-linux_amd64"
if [ ! -x "$buildifier" ]; then
    echo "lint: buildifier not found at $src/$buildifier: run ./bazelw, which installs it" >&2
    exit 1
fi
if ! command -v clang-format >/dev/null; then
    echo "lint: clang-format not found: install the Debian package clang-format" >&2
    exit 1
fi

status=0
mapfile -t starlark < <(git ls-files --cached --others --exclude-standard \
    'WORKSPACE' '*BUILD' '*BUILD.bazel' '*.bzl' '*.BUILD')
# .buildifier.json turns off only the native-* warnings: Bazel 4.2.3 provides
# those rules natively, and the rules_shell/rules_cc loads they ask for do not
# exist for it.
if ! "$buildifier" -config=.buildifier.json -mode=check -lint=warn "${starlark[@]}"; then
    echo "lint: buildifier found problems; fix with: $buildifier -config=.buildifier.json -lint=fix <files>" >&2
    status=1
fi

mapfile -t csources < <(git ls-files --cached --others --exclude-standard '*.c' '*.h' '*.cc')
if ! clang-format --dry-run --Werror "${csources[@]}"; then
    echo "lint: clang-format found problems; fix with: clang-format -i <files>" >&2
    status=1
fi

[ "$status" -eq 0 ] && echo "lint: ${#starlark[@]} Starlark files and ${#csources[@]} C/C++ files are clean"
exit "$status"
