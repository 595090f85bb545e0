"""emulator_test: cross-build an image of test cases for a machine and boot it
from a host `bazel test`.

    emulator_test(
        name = "conformance_arm_el2_test",
        machine = "qemu_virt_aarch64",
        srcs = ["cases.c"],
        deps = ["//core:vcpu"],
    )

builds `<name>_image` (a cc_binary linked with the machine's board support and
the in-image framework vtest) for the machine's platform through a transition,
as `<name>_image_elf` in the format the machine boots (platforms/machine_image.bzl),
and wraps it in the test runner (testing/emulator/runner.py) as an sh_test.
The machines and their facts are platforms/machines.bzl.
"""

load("//platforms:machine_image.bzl", "machine_image")
load("//platforms:machines.bzl", "MACHINE")

def emulator_image(name, machine, srcs, deps = [], copts = [], compilation_mode = "", **kwargs):
    """Declares the cc_binary `name` (the image) and `name + "_elf"` (it, built for `machine`).

    Args:
      name: the image's name.
      machine: a machine of platforms/machines.bzl; it picks the platform,
        the board support and the image format.
      srcs: the image's sources.
      deps: libraries it uses.
      copts: extra compiler flags.
      compilation_mode: overrides -c for the image (e.g. "opt" for benchmarks);
        empty keeps the build's own.
      **kwargs: passed to the cc_binary.
    """
    m = MACHINE[machine]
    native.cc_binary(
        name = name,
        srcs = srcs,
        copts = copts,
        deps = deps + [
            m.board,
            str(Label("//testing/emulator:vtest")),
        ],
        # Only the machine's platform builds it (a `build --config=svm //...`
        # skips the images of VMX machines).
        target_compatible_with = [
            "@platforms//cpu:" + m.cpu,
            "@platforms//os:" + m.os,
            str(Label("//platforms:" + m.backend)),
        ],
        **kwargs
    )
    machine_image(
        name = name + "_elf",
        binary = ":" + name,
        machine = machine,
        compilation_mode = compilation_mode,
    )

def emulator_test(name, machine, srcs, deps = [], copts = [], size = "small", tags = [], **kwargs):
    """An image of test cases booted on `machine` by the runner under `bazel test`.

    Args:
      name: the test's name; the image is `<name>_image`.
      machine: a machine of platforms/machines.bzl (it picks the emulator,
        the platform, the board and the backend).
      srcs: the test cases and their helpers.
      deps: libraries the cases use.
      copts: extra compiler flags.
      size: the Bazel test size.
      tags: extra tags; "emulator" is always added.
      **kwargs: passed to the sh_test.
    """
    emulator_image(name = name + "_image", machine = machine, srcs = srcs, deps = deps, copts = copts)
    native.sh_test(
        name = name,
        size = size,
        srcs = [str(Label("//testing/emulator:runner.py"))],
        args = [
            "--machine",
            machine,
            "--image",
            "$(rootpath :%s_image_elf)" % name,
        ],
        data = [
            ":%s_image_elf" % name,
            str(Label("//platforms/emulator:boot_files")),
        ],
        tags = tags + ["emulator"],
        **kwargs
    )
