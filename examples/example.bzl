"""Images and runners of the examples: a bare-metal program built for each
emulated machine through a platform transition, and `bazel run` targets that
boot it with the emulator runner in plain mode.

    example_image(name = "hello_image", srcs = [...], deps = [...])

declares the cc_binary `hello_image` (for any board; the board support is
chosen by the CPU) and `hello_image_<arch>_elf`, that binary built for each
machine of MACHINES.
"""

load("//platforms:platform_binary.bzl", "platform_binary")

# arch -> the platform of //platforms that boots it.
MACHINES = {
    "aarch64": "qemu_virt_aarch64",
    "riscv64": "qemu_virt_riscv64",
    "x86_64": "qemu_x86_64_svm",
    "x86_64_vmx": "bochs_x86_64_vmx",
}

# Machines whose loader (Multiboot) wants the 64-bit image wrapped as ELF32.
_ELF32 = [
    "x86_64",
    "x86_64_vmx",
]

BOARD = select({
    "@platforms//cpu:aarch64": ["//platforms/qemu_virt_aarch64"],
    "@platforms//cpu:riscv64": ["//platforms/qemu_virt_riscv64"],
    "@platforms//cpu:x86_64": ["//platforms/x86_64"],
    # Other ISAs: added with their examples; incompatible targets are skipped.
    "//conditions:default": [],
})

def example_image(name, srcs, deps = [], arches = MACHINES.keys(), target_compatible_with = ["@platforms//os:none"], **kwargs):
    """Declares the cc_binary `name` and, per arch of MACHINES, `<name>_<arch>_elf`.

    Args:
      name: the image's name.
      srcs: its sources (use select() for the per-ISA files).
      deps: the libraries it uses; the board support is added.
      arches: the keys of MACHINES to build it for.
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
    for arch in arches:
        elf = "%s_%s_elf" % (name, arch)
        platform_binary(
            name = elf + ("64" if arch in _ELF32 else ""),
            binary = ":" + name,
            platform = "//platforms:" + MACHINES[arch],
        )
        if arch in _ELF32:
            native.genrule(
                name = elf,
                srcs = [":%s64" % elf],
                outs = [elf + ".elf"],
                cmd = "$(location //toolchains:bin/llvm-objcopy) -O elf32-i386 $< $@",
                tools = [
                    "//toolchains:bin/llvm-objcopy",
                    "//toolchains:bin/require",
                ],
            )

def example_runner(name, image, arch, extra_args = [], data = []):
    """A `bazel run` target that boots `image` on the machine of `arch`.

    Args:
      name: the target's name.
      image: the image built for that machine (an `<x>_<arch>_elf` target).
      arch: a key of MACHINES.
      extra_args: more arguments for the runner.
      data: more files the runner needs.
    """
    native.sh_binary(
        name = name,
        srcs = ["//testing/runner:run_emulator.py"],
        args = [
            "--plain",
            "--platform",
            MACHINES[arch],
            "--image",
            "$(rootpath %s)" % image,
        ] + extra_args,
        data = [image] + data,
    )
