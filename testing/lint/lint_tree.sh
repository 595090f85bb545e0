# Sourced by the lint tests: rebuilds, in the test's temporary folder, the
# part of the source tree a test checks, out of its declared inputs only.
#
# Each list file comes from a lint_file_list target
# (testing/lint/lint_sources.bzl): one line per file, "TREE_PATH RUNFILES_PATH".
# enter_lint_tree links every listed file, and each extra file named by its
# runfiles path (the linter configs), at its path in the source tree, then
# changes into that tree. The linters thus see the paths of the source tree
# (in their messages and when they look for .clang-format or .clang-tidy in
# the parent folders), and nothing that is not a declared input.

# enter_lint_tree LIST_FILE... [-- EXTRA_FILE...]
enter_lint_tree() {
    local main="${TEST_SRCDIR}/${TEST_WORKSPACE}"
    LINT_TREE="${TEST_TMPDIR}/tree"
    rm -rf "$LINT_TREE"
    mkdir -p "$LINT_TREE"
    local tree_path runfiles_path list
    while [ "$#" -gt 0 ] && [ "$1" != "--" ]; do
        list="$main/$1"
        shift
        while read -r tree_path runfiles_path; do
            mkdir -p "$LINT_TREE/$(dirname "$tree_path")"
            ln -s "$main/$runfiles_path" "$LINT_TREE/$tree_path"
        done <"$list"
    done
    [ "$#" -gt 0 ] && shift
    for runfiles_path in "$@"; do
        mkdir -p "$LINT_TREE/$(dirname "$runfiles_path")"
        ln -sf "$main/$runfiles_path" "$LINT_TREE/$runfiles_path"
    done
    cd "$LINT_TREE"
}

# lint_files LIST_FILE PATTERN...: the tree paths in the list whose names
# match one of the shell patterns (e.g. '*.c').
lint_files() {
    local list="${TEST_SRCDIR}/${TEST_WORKSPACE}/$1" tree_path runfiles_path pattern
    shift
    while read -r tree_path runfiles_path; do
        for pattern in "$@"; do
            # shellcheck disable=SC2053 # a pattern on purpose
            if [[ "${tree_path##*/}" == $pattern ]]; then
                echo "$tree_path"
                break
            fi
        done
    done <"$list"
}
