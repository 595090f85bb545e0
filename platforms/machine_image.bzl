"""machine_image: a bare-metal binary built for a machine, in the format its
loader boots.

    machine_image(
        name = "hello_image_arm_el2_elf",
        binary = ":hello_image",
        machine = "qemu_virt_aarch64",
    )

rebuilds `binary` for the machine's platform (platforms/platform_binary.bzl)
and exposes it as `<name>.elf`; for a machine whose image_format is "elf32"
(Multiboot loaders) the 64-bit ELF (`<name>64`) is wrapped as ELF32 first.
The machine's facts come from platforms/machines.bzl.
"""

load("//platforms:machines.bzl", "MACHINE")
load("//platforms:platform_binary.bzl", "platform_binary")

# Labels of this repository, also when a workspace that depends on @vcpu
# calls the macro.
_OBJCOPY = str(Label("//toolchains:bin/llvm-objcopy"))

def machine_image(name, binary, machine, compilation_mode = ""):
    """Declares `name`: `binary` built for `machine`, ready for its emulator.

    Args:
      name: the target; its file is `<name>.elf`.
      binary: the cc_binary to rebuild (compatible with the machine's board).
      machine: a machine of platforms/machines.bzl.
      compilation_mode: overrides -c for the binary (e.g. "opt" for
        benchmarks); empty keeps the build's own.
    """
    m = MACHINE[machine]
    if m.image_format == "elf":
        platform_binary(
            name = name,
            binary = binary,
            platform = Label("//platforms:" + m.platform),
            compilation_mode = compilation_mode,
        )
        return
    platform_binary(
        name = name + "64",
        binary = binary,
        platform = Label("//platforms:" + m.platform),
        compilation_mode = compilation_mode,
    )
    native.genrule(
        name = name,
        srcs = [":%s64" % name],
        outs = [name + ".elf"],
        cmd = "$(location %s) -O elf32-i386 $< $@" % _OBJCOPY,
        tools = [
            _OBJCOPY,
            str(Label("//toolchains:bin/require")),
        ],
    )
