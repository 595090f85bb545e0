"""machines_json: the machine table (platforms/machines.bzl) as JSON, for
platforms/emulator/boot.py."""

load("//platforms:machines.bzl", "MACHINES")

def _machines_json_impl(ctx):
    out = ctx.actions.declare_file(ctx.label.name + ".json")
    ctx.actions.write(out, json.encode_indent({m.name: m for m in MACHINES}, indent = "  ") + "\n")
    return [DefaultInfo(
        files = depset([out]),
        runfiles = ctx.runfiles(files = [out]),
    )]

machines_json = rule(
    implementation = _machines_json_impl,
    doc = "Writes `<name>.json`: machine name -> every field of its machine() entry.",
)
