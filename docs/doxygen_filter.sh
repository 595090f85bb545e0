#!/bin/sh
# Doxygen INPUT_FILTER for the public headers: a header's first comment
# becomes its file documentation, a comment that starts a line becomes the
# documentation of what follows, and a comment after a member documents that
# member. Everything else passes unchanged.
exec sed \
    -e '1s|^/\* |/** @file\n * |' \
    -e '2,$s|^\( *\)/\* |\1/** |' \
    -e 's|\([;,]\) *\(/\*\) |\1 /**< |' \
    "$1"
