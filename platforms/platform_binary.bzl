"""Builds a binary for another platform from inside a host build.

`platform_binary(name, binary, platform)` rebuilds `binary` with
--platforms=`platform` (a Bazel transition) and exposes the resulting file as
`<name>.elf`, so a host test can carry a bare-metal image in its data. The
binary's own runfiles (its `data`) come along in the runfiles.

    platform_binary(
        name = "image_aarch64",
        binary = ":image",
        platform = "//platforms:qemu_virt_aarch64",
    )
"""

def _platform_transition_impl(settings, attr):
    mode = attr.compilation_mode or settings["//command_line_option:compilation_mode"]
    return {
        "//command_line_option:compilation_mode": mode,
        "//command_line_option:platforms": str(attr.platform),
    }

_platform_transition = transition(
    implementation = _platform_transition_impl,
    inputs = ["//command_line_option:compilation_mode"],
    outputs = [
        "//command_line_option:compilation_mode",
        "//command_line_option:platforms",
    ],
)

def _platform_binary_impl(ctx):
    # A transitioned attribute is a list: one entry per transition output.
    binary = ctx.attr.binary[0]
    built = binary[DefaultInfo].files.to_list()
    if len(built) != 1:
        fail("platform_binary: %s must produce exactly one file, got %d" % (binary.label, len(built)))
    out = ctx.actions.declare_file(ctx.label.name + ".elf")
    ctx.actions.symlink(output = out, target_file = built[0])
    runfiles = ctx.runfiles(files = [out]).merge(binary[DefaultInfo].default_runfiles)
    return [DefaultInfo(files = depset([out]), runfiles = runfiles)]

platform_binary = rule(
    implementation = _platform_binary_impl,
    doc = "Rebuilds `binary` for `platform` and exposes it as `<name>.elf`.",
    attrs = {
        "binary": attr.label(
            mandatory = True,
            cfg = _platform_transition,
            doc = "The target to rebuild; it must produce exactly one file (the ELF).",
        ),
        "compilation_mode": attr.string(
            default = "",
            values = ["", "dbg", "fastbuild", "opt"],
            doc = "Overrides -c for `binary` (benchmarks build with opt); empty keeps the current one.",
        ),
        "platform": attr.label(
            mandatory = True,
            doc = "The platform() to build `binary` for.",
        ),
        "_allowlist_function_transition": attr.label(
            default = "@bazel_tools//tools/allowlists/function_transition_allowlist",
        ),
    },
)
