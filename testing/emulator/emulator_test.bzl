"""emulator_test: cross-build an image for an emulated platform and boot it
from a host `bazel test`.

    emulator_test(
        name = "conformance_arm_el2_test",
        platform = "qemu_virt_aarch64",
        srcs = ["cases.c"],
        deps = ["//core:vcpu"],
    )

builds `<name>_image` (a cc_binary linked with the board support and the
in-image harness) for `//platforms:<platform>` through a transition, and wraps
it in the runner (testing/runner/run_emulator.py) as an sh_test.
"""

load("//platforms:platform_binary.bzl", "platform_binary")

_X86 = ["@platforms//cpu:x86_64", "@platforms//os:none"]

# platform -> (board support target, constraints of the image, whether the
# loader needs the 64-bit image wrapped as ELF32: Multiboot loaders do).
BOARDS = {
    "bochs_x86_64_vmx": ("//platforms/x86_64", _X86, True),
    "qemu_virt_aarch64": ("//platforms/qemu_virt_aarch64", ["@platforms//cpu:aarch64", "@platforms//os:none"], False),
    "qemu_virt_riscv64": ("//platforms/qemu_virt_riscv64", ["@platforms//cpu:riscv64", "@platforms//os:none"], False),
    "qemu_x86_64_svm": ("//platforms/x86_64", _X86, True),
}

def emulator_image(name, platform, srcs, deps = [], copts = [], compilation_mode = "", **kwargs):
    """Declares the cc_binary `name` (the image) and `name + "_elf"` (it, built for `platform`).

    Args:
      name: the image's name.
      platform: a platform of //platforms; it picks the board support.
      srcs: the image's sources.
      deps: libraries it uses.
      copts: extra compiler flags.
      compilation_mode: overrides -c for the image (e.g. "opt" for benchmarks);
        empty keeps the build's own.
      **kwargs: passed to the cc_binary.
    """
    board, constraints, elf32 = BOARDS[platform]
    native.cc_binary(
        name = name,
        srcs = srcs,
        copts = copts,
        deps = deps + [
            board,
            "//testing/harness:vtest",
        ],
        target_compatible_with = constraints,
        **kwargs
    )
    if not elf32:
        platform_binary(
            name = name + "_elf",
            binary = ":" + name,
            platform = "//platforms:" + platform,
            compilation_mode = compilation_mode,
        )
        return
    platform_binary(
        name = name + "_elf64",
        binary = ":" + name,
        platform = "//platforms:" + platform,
        compilation_mode = compilation_mode,
    )
    native.genrule(
        name = name + "_elf",
        srcs = [":" + name + "_elf64"],
        outs = [name + "_elf.elf"],
        cmd = "$(location //toolchains:bin/llvm-objcopy) -O elf32-i386 $< $@",
        tools = [
            "//toolchains:bin/llvm-objcopy",
            "//toolchains:bin/require",
        ],
    )

def emulator_test(name, platform, srcs, deps = [], copts = [], size = "small", tags = [], emulator = None, **kwargs):
    """An image of test cases for `platform`, booted by the runner under `bazel test`.

    Args:
      name: the test's name; the image is `<name>_image`.
      platform: a platform of //platforms (it picks the board and the backend).
      srcs: the test cases and their helpers.
      deps: libraries the cases use.
      copts: extra compiler flags.
      size: the Bazel test size.
      tags: extra tags; "emulator" is always added.
      emulator: the runner's emulator entry when it is not named like the
        platform (e.g. "bochs_ryzen" for the SVM platform under Bochs).
      **kwargs: passed to the sh_test.
    """
    emulator_image(name = name + "_image", platform = platform, srcs = srcs, deps = deps, copts = copts)
    native.sh_test(
        name = name,
        size = size,
        srcs = ["//testing/runner:run_emulator.py"],
        args = [
            "--platform",
            emulator if emulator else platform,
            "--image",
            "$(rootpath :%s_image_elf)" % name,
        ],
        data = [":%s_image_elf" % name],
        tags = tags + ["emulator"],
        **kwargs
    )
