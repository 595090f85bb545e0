#!/usr/bin/env bash
# Checks formatting of the source tree: buildifier over every BUILD,
# BUILD.bazel, .bzl, *.BUILD and WORKSPACE file, clang-format over every .c, .h
# and .cc file. The files are the test's declared inputs (every package's
# lint_sources, see BUILD.bazel), laid out as in the source tree by
# lint_tree.sh; buildifier is @vcpu_buildifier//:buildifier.
set -euo pipefail
# shellcheck source=testing/lint/lint_tree.sh
source "$(dirname "$0")/lint_tree.sh"

starlark_list=testing/lint/starlark_files.txt
c_list=testing/lint/c_files.txt
cc_list=testing/lint/cc_files.txt
buildifier="$(pwd)/$1"
clang_format=/usr/bin/clang-format
if [ ! -x "$clang_format" ]; then
    echo "lint: $clang_format not found: install the Debian package clang-format (./bazelw installs it)" >&2
    exit 1
fi

mapfile -t starlark < <(lint_files "$starlark_list" '*')
mapfile -t csources < <(lint_files "$c_list" '*'; lint_files "$cc_list" '*')
enter_lint_tree "$starlark_list" "$c_list" "$cc_list" -- .buildifier.json .clang-format

status=0
# .buildifier.json turns off only the native-* warnings: Bazel 4.2.3 provides
# those rules natively, and the rules_shell/rules_cc loads they ask for do not
# exist for it.
if ! "$buildifier" -config=.buildifier.json -mode=check -lint=warn "${starlark[@]}"; then
    echo "lint: buildifier found problems; fix with: ./bazelw run //testing/lint:format" >&2
    status=1
fi

if ! "$clang_format" --dry-run --Werror "${csources[@]}"; then
    echo "lint: clang-format found problems; fix with: ./bazelw run //testing/lint:format" >&2
    status=1
fi

if [ "$status" -eq 0 ]; then
    echo "lint: ${#starlark[@]} Starlark files and ${#csources[@]} C/C++ files are clean"
fi
exit "$status"
