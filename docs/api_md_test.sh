#!/usr/bin/env bash
# Checks that docs/api.md is what docs/gen_api.py makes of the current
# headers. Like //testing/lint:lint_test, it finds the source tree by
# resolving the runfiles symlink of the WORKSPACE file.
set -euo pipefail
workspace_file="$(readlink -f "${TEST_SRCDIR}/${TEST_WORKSPACE}/WORKSPACE")"
src="$(dirname "$workspace_file")"
exec python3 "$src/docs/gen_api.py" --check "$src"
