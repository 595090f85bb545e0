#!/bin/sh
echo "coverage is not supported offline in this project (no remote_coverage_tools); use 'bazel test', not 'bazel coverage'" >&2
exit 1
