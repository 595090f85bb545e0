#!/usr/bin/env bash
# Checks that docs/api.md is what docs/gen_api.py makes of the current
# headers. The runfiles folder of the main repository holds exactly the
# inputs (gen_api.py, api.md, the public headers) at their source-tree paths.
set -euo pipefail
root="${TEST_SRCDIR}/${TEST_WORKSPACE}"
exec python3 "$root/docs/gen_api.py" --check "$root"
