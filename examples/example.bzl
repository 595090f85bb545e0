"""Images and runners of the examples: a bare-metal program built for each
machine it runs on (platforms/machines.bzl) through a platform transition,
and `bazel run` targets that boot it with platforms/emulator/boot.py.

    example_image(name = "hello_image", srcs = [...], deps = [...])

declares the cc_binary `hello_image` (for any board; the board support is
chosen by the CPU) and `hello_image_<short>_elf`, that binary built for each
machine of the suite "hello" in the format its loader boots.
"""

load("//platforms:machine_image.bzl", "machine_image")
load("//platforms:machines.bzl", "board_by_cpu", "machines_with")

# The machines the examples run on.
HELLO = machines_with("hello")
MINIVMM = machines_with("minivmm")

BOARD = select(dict(
    board_by_cpu(HELLO + MINIVMM),
    # Other ISAs: added with their examples; incompatible targets are skipped.
    **{"//conditions:default": []}
))

def example_image(name, srcs, deps = [], machines = HELLO, target_compatible_with = ["@platforms//os:none"], **kwargs):
    """Declares the cc_binary `name` and, per machine, `<name>_<short>_elf`.

    Args:
      name: the image's name.
      srcs: its sources (use select() for the per-ISA files).
      deps: the libraries it uses; the board support is added.
      machines: the machines (of platforms/machines.bzl) to build it for.
      target_compatible_with: where the cc_binary builds (default: any bare-metal platform).
      **kwargs: passed to the cc_binary.
    """
    native.cc_binary(
        name = name,
        srcs = srcs,
        deps = deps + BOARD,
        target_compatible_with = target_compatible_with,
        **kwargs
    )
    for m in machines:
        machine_image(
            name = "%s_%s_elf" % (name, m.short),
            binary = ":" + name,
            machine = m.name,
        )

def example_runner(name, image, machine, extra_args = [], data = []):
    """A `bazel run` target that boots `image` on `machine`.

    Args:
      name: the target's name.
      image: the image built for that machine (an `<x>_<short>_elf` target).
      machine: a machine of platforms/machines.bzl.
      extra_args: more arguments for platforms/emulator/boot.py.
      data: more files it needs.
    """
    native.sh_binary(
        name = name,
        srcs = ["//platforms/emulator:boot.py"],
        args = [
            "--machine",
            machine,
            "--image",
            "$(rootpath %s)" % image,
        ] + extra_args,
        data = [
            image,
            "//platforms/emulator:boot_files",
        ] + data,
    )
