#!/usr/bin/env bash
# Rewrites the tree into the shape lint_test checks:
#   ./bazelw run //testing/lint:format
set -euo pipefail
cd "${BUILD_WORKSPACE_DIRECTORY:-$(dirname "$0")/../..}"
buildifier="toolchains/.cache/buildifier/node_modules/@bazel/buildifier/buildifier-linux_amd64"
mapfile -t starlark < <(git ls-files --cached --others --exclude-standard \
    'WORKSPACE' '*BUILD' '*BUILD.bazel' '*.bzl' '*.BUILD')
"$buildifier" -config=.buildifier.json -mode=fix -lint=fix "${starlark[@]}"
mapfile -t csources < <(git ls-files --cached --others --exclude-standard '*.c' '*.h' '*.cc')
clang-format -i "${csources[@]}"
echo "format: ${#starlark[@]} Starlark files and ${#csources[@]} C/C++ files formatted"
