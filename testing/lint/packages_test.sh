#!/usr/bin/env bash
# Checks that the lint tests' declared inputs cover the source tree: every
# source file git knows (tracked, or new and not ignored) whose kind
# lint_sources() collects is in //testing/lint:all_files. A file that is
# missing lies in a package that has no lint_sources() call or is not in
# LINT_PACKAGES (testing/lint/BUILD.bazel).
#
# The test is tagged "local" and "manual": it finds the work tree by resolving
# the runfiles symlink of the WORKSPACE file and asks git, which a sandboxed,
# cached test cannot do.
set -euo pipefail

declared="${TEST_SRCDIR}/${TEST_WORKSPACE}/testing/lint/all_files.txt"
workspace_file="$(readlink -f "${TEST_SRCDIR}/${TEST_WORKSPACE}/WORKSPACE")"
cd "$(dirname "$workspace_file")"
if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    echo "lint: $(pwd) is not a git work tree; nothing to compare with" >&2
    exit 1
fi

# The kinds of file lint_sources() collects (LINT_SOURCE_PATTERNS in
# lint_sources.bzl), as shell patterns on the file name.
patterns=('*.c' '*.h' '*.S' '*.cc' '*.bzl' '*.py' '*.sh' 'BUILD' 'BUILD.bazel' '*.BUILD' 'WORKSPACE')

known="${TEST_TMPDIR}/known.txt"
git ls-files --cached --others --exclude-standard | while read -r f; do
    [ -e "$f" ] || continue
    for p in "${patterns[@]}"; do
        # shellcheck disable=SC2053 # a pattern on purpose
        if [[ "${f##*/}" == $p ]]; then
            echo "$f"
            break
        fi
    done
done | LC_ALL=C sort >"$known"

cut -d' ' -f1 "$declared" | LC_ALL=C sort >"${TEST_TMPDIR}/declared.txt"
missing="$(LC_ALL=C comm -23 "$known" "${TEST_TMPDIR}/declared.txt")"
if [ -n "$missing" ]; then
    echo "lint: these source files are not inputs of the lint tests:" >&2
    echo "$missing" | sed 's/^/  /' >&2
    echo "lint: call lint_sources() in their package's BUILD.bazel and list the package in LINT_PACKAGES (testing/lint/BUILD.bazel)" >&2
    exit 1
fi
echo "lint: all $(wc -l <"$known") source files git knows are declared inputs of the lint tests"
