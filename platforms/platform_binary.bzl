"""Builds a binary for another platform from inside a host build.

`platform_binary(name, binary, platform)` rebuilds `binary` with
--platforms=`platform` (a Bazel transition) and exposes the resulting file as
`<name>.elf`, so a host test can carry a bare-metal image in its data.
"""

def _platform_transition_impl(settings, attr):
    _ignore = settings  # @unused
    return {"//command_line_option:platforms": str(attr.platform)}

_platform_transition = transition(
    implementation = _platform_transition_impl,
    inputs = [],
    outputs = ["//command_line_option:platforms"],
)

def _platform_binary_impl(ctx):
    built = ctx.attr.binary[0][DefaultInfo].files.to_list()
    if len(built) != 1:
        fail("platform_binary: %s must produce exactly one file, got %d" % (ctx.attr.binary[0].label, len(built)))
    out = ctx.actions.declare_file(ctx.label.name + ".elf")
    ctx.actions.symlink(output = out, target_file = built[0])
    return [DefaultInfo(files = depset([out]), runfiles = ctx.runfiles(files = [out]))]

platform_binary = rule(
    implementation = _platform_binary_impl,
    attrs = {
        "binary": attr.label(mandatory = True, cfg = _platform_transition),
        "platform": attr.label(mandatory = True),
        "_allowlist_function_transition": attr.label(
            default = "@bazel_tools//tools/allowlists/function_transition_allowlist",
        ),
    },
)
