"""The machines: every emulated (and the host) machine, described once.

A machine is what an image runs on: an emulator with its options, a board
support library linked into the image, and the Bazel platform the image is
built for. It is not the same as a platform: the SVM image runs on two
machines (QEMU and Bochs' AMD model) from one platform, and several machines
may share one platform and board. Everything per machine is generated from
MACHINES below:

- the platform() targets and backend constraints (//platforms:BUILD.bazel),
- the images' board and format (machine_image, //testing/emulator),
- the emulator command lines (//platforms/emulator:machines.json, read by
  platforms/emulator/boot.py),
- the suites: every suite target is `<suite>_<short>...` for each machine whose
  `suites` names it (testing/conformance, testing/adversarial, testing/bench,
  testing/emulator, examples, toolchains/tests).

Adding a machine is one machine(...) entry (docs/porting.md, "Adding a
machine").
"""

# Every suite a machine may name, and where its targets are.
SUITES = {
    "adversarial": "//testing/adversarial:adversarial_<short>_test",
    "bench": "//testing/bench:exit_cost (row <short>)",
    "conformance": "//testing/conformance:conformance_<short>_test",
    "harness": "//testing/emulator:harness_<short>_test",
    "hello": "//examples/hello:hello_<short> and hello_<short>_test",
    "minivmm": "//examples/minivmm:minivmm_<short> and minivmm_<short>_*_test",
    "no_virtualization": "//testing/emulator:no_virtualization_test (must end with status 3)",
    "runner_selftest": "//testing/emulator:runner_selftest",
}

def machine(
        name,
        short,
        description,
        cpu,
        backend,
        platform,
        os = "none",
        board = None,
        emulator = None,
        emulator_args = [],
        bochs_model = None,
        image_format = "elf",
        pass_status = 0,
        smp_max = 8,
        suites = []):
    """One machine of MACHINES.

    Args:
      name: the machine's name: the runner's --machine, the benchmark's
        emulator column.
      short: the short name in the names of its suite targets
        (conformance_<short>_test, hello_<short>).
      description: one line for people (the runner's --help, the docs).
      cpu: the @platforms//cpu value of its CPU.
      backend: the vcpu_backend constraint value (//platforms:<backend>) of its
        platform.
      platform: the Bazel platform (//platforms:<platform>) its images are
        built for; created from the machines that name it, which must agree on
        cpu, os and backend.
      os: the @platforms//os value: "none" (bare metal) or "linux" (the host).
      board: the board support cc_library linked into its images; None for the
        host.
      emulator: the emulator's program: "qemu-system-<arch>" or "bochs"; None
        for the host.
      emulator_args: QEMU: the options that make the machine (-M, -cpu,
        devices, memory, console); the runner adds -smp and -kernel <image>.
      bochs_model: Bochs: the `cpu: model=` of its bochsrc.
      image_format: "elf" (booted as built) or "elf32" (the 64-bit ELF wrapped
        as ELF32: Multiboot loaders, QEMU -kernel and GRUB, want one).
      pass_status: the emulator's exit status when the image passes (QEMU x86:
        isa-debug-exit turns board_exit(0) into 33).
      smp_max: the most CPUs --smp may ask for.
      suites: the suites that run on it, keys of SUITES.

    Returns:
      the machine as a struct (JSON-encodable).
    """
    if emulator != None and board == None:
        fail("machine %s: an emulated machine needs a board" % name)
    if emulator != None and not (emulator == "bochs" or emulator.startswith("qemu-system-")):
        fail("machine %s: emulator must be qemu-system-<arch> or bochs, not %s" % (name, emulator))
    if (emulator == "bochs") != (bochs_model != None):
        fail("machine %s: bochs_model goes with emulator = \"bochs\" (and only there)" % name)
    if image_format not in ["elf", "elf32"]:
        fail("machine %s: image_format must be elf or elf32" % name)
    for suite in suites:
        if suite not in SUITES:
            fail("machine %s: unknown suite %s; the suites are %s" % (name, suite, ", ".join(SUITES.keys())))
    return struct(
        name = name,
        short = short,
        description = description,
        cpu = cpu,
        os = os,
        backend = backend,
        platform = platform,
        board = board,
        emulator = emulator,
        emulator_args = emulator_args,
        bochs_model = bochs_model,
        image_format = image_format,
        pass_status = pass_status,
        smp_max = smp_max,
        suites = suites,
    )

# QEMU x86: the console on stdio, the board's verdict through isa-debug-exit.
_QEMU_X86 = [
    "-m",
    "256M",
    "-display",
    "none",
    "-serial",
    "stdio",
    "-no-reboot",
    "-net",
    "none",
    "-device",
    "isa-debug-exit,iobase=0xf4,iosize=0x04",
]

# In order: the first machine of a backend is the one `bazel run
# //examples:hello` picks for it.
MACHINES = [
    machine(
        name = "host",
        short = "host",
        description = "the development machine: host tests link the fake backend",
        cpu = "x86_64",
        os = "linux",
        backend = "fake",
        platform = "host",
    ),
    machine(
        name = "qemu_virt_aarch64",
        short = "arm_el2",
        description = "QEMU -M virt,virtualization=on, Cortex-A72 (aarch64, EL2), GICv2",
        cpu = "aarch64",
        backend = "arm_el2",
        platform = "qemu_virt_aarch64",
        board = "//platforms/qemu_virt_aarch64",
        emulator = "qemu-system-aarch64",
        emulator_args = [
            "-M",
            "virt,virtualization=on",
            "-cpu",
            "cortex-a72",
            "-m",
            "256M",
            "-semihosting",
            "-nographic",
            "-no-reboot",
        ],
        suites = [
            "conformance",
            "adversarial",
            "bench",
            "runner_selftest",
            "hello",
            "minivmm",
        ],
    ),
    machine(
        name = "qemu_virt_riscv64",
        short = "riscv_h",
        description = "QEMU -M virt with the H extension (riscv64, HS-mode), OpenSBI",
        cpu = "riscv64",
        backend = "riscv_h",
        platform = "qemu_virt_riscv64",
        board = "//platforms/qemu_virt_riscv64",
        emulator = "qemu-system-riscv64",
        emulator_args = [
            "-M",
            "virt",
            "-cpu",
            "rv64",
            "-m",
            "256M",
            "-nographic",
            "-no-reboot",
            "-bios",
            "default",
        ],
        suites = [
            "conformance",
            "adversarial",
            "bench",
            "harness",
            "hello",
            "minivmm",
        ],
    ),
    machine(
        name = "qemu_virt_riscv64_no_sstc",
        short = "riscv_h_no_sstc",
        description = "QEMU -M virt, -cpu rv64,sstc=false: the H extension without Sstc",
        cpu = "riscv64",
        backend = "riscv_h",
        platform = "qemu_virt_riscv64",
        board = "//platforms/qemu_virt_riscv64",
        emulator = "qemu-system-riscv64",
        emulator_args = [
            "-M",
            "virt",
            "-cpu",
            "rv64,sstc=false",
            "-m",
            "256M",
            "-nographic",
            "-no-reboot",
            "-bios",
            "default",
        ],
        suites = ["conformance"],
    ),
    machine(
        name = "qemu_x86_64_svm",
        short = "svm",
        description = "QEMU x86_64 TCG -cpu max: AMD SVM with nested paging, no NRIP save",
        cpu = "x86_64",
        backend = "svm",
        platform = "qemu_x86_64_svm",
        board = "//platforms/x86_64",
        emulator = "qemu-system-x86_64",
        emulator_args = ["-cpu", "max"] + _QEMU_X86,
        image_format = "elf32",
        pass_status = 33,
        suites = [
            "conformance",
            "adversarial",
            "bench",
            "harness",
            "hello",
        ],
    ),
    machine(
        name = "bochs_ryzen",
        short = "svm_bochs",
        description = "Bochs model=ryzen: the SVM image on an AMD model with NRIP save",
        cpu = "x86_64",
        backend = "svm",
        platform = "qemu_x86_64_svm",
        board = "//platforms/x86_64",
        emulator = "bochs",
        bochs_model = "ryzen",
        image_format = "elf32",
        suites = [
            "conformance",
            "adversarial",
            "bench",
            "runner_selftest",
        ],
    ),
    machine(
        name = "bochs_x86_64_vmx",
        short = "vmx",
        description = "Bochs model=corei7_skylake_x: Intel VMX with EPT, unrestricted guest, VPID",
        cpu = "x86_64",
        backend = "vmx",
        platform = "bochs_x86_64_vmx",
        board = "//platforms/x86_64",
        emulator = "bochs",
        bochs_model = "corei7_skylake_x",
        image_format = "elf32",
        suites = [
            "conformance",
            "adversarial",
            "bench",
            "hello",
        ],
    ),
    # CPUs without the virtualization extension: the images must say so and
    # end with status 3 (//testing/emulator:no_virtualization_test).
    machine(
        name = "qemu_virt_aarch64_el1",
        short = "no_arm_el2",
        description = "QEMU -M virt without virtualization=on: the image starts at EL1",
        cpu = "aarch64",
        backend = "arm_el2",
        platform = "qemu_virt_aarch64",
        board = "//platforms/qemu_virt_aarch64",
        emulator = "qemu-system-aarch64",
        emulator_args = [
            "-M",
            "virt",
            "-cpu",
            "cortex-a72",
            "-m",
            "256M",
            "-semihosting",
            "-nographic",
            "-no-reboot",
        ],
        suites = ["no_virtualization"],
    ),
    machine(
        name = "qemu_virt_riscv64_no_h",
        short = "no_riscv_h",
        description = "QEMU -M virt, -cpu rv64,h=false: no H extension",
        cpu = "riscv64",
        backend = "riscv_h",
        platform = "qemu_virt_riscv64",
        board = "//platforms/qemu_virt_riscv64",
        emulator = "qemu-system-riscv64",
        emulator_args = [
            "-M",
            "virt",
            "-cpu",
            "rv64,h=false",
            "-m",
            "256M",
            "-nographic",
            "-no-reboot",
            "-bios",
            "default",
        ],
        suites = ["no_virtualization"],
    ),
    machine(
        name = "qemu_x86_64_no_svm",
        short = "no_svm",
        description = "QEMU x86_64 -cpu qemu64,-svm: the SVM image without SVM",
        cpu = "x86_64",
        backend = "svm",
        platform = "qemu_x86_64_svm",
        board = "//platforms/x86_64",
        emulator = "qemu-system-x86_64",
        emulator_args = ["-cpu", "qemu64,-svm"] + _QEMU_X86,
        image_format = "elf32",
        pass_status = 33,
        suites = ["no_virtualization"],
    ),
    machine(
        name = "qemu_x86_64_no_vmx",
        short = "no_vmx",
        description = "QEMU x86_64 -cpu qemu64,-vmx: the VMX image without VMX",
        cpu = "x86_64",
        backend = "vmx",
        platform = "bochs_x86_64_vmx",
        board = "//platforms/x86_64",
        emulator = "qemu-system-x86_64",
        emulator_args = ["-cpu", "qemu64,-vmx"] + _QEMU_X86,
        image_format = "elf32",
        pass_status = 33,
        suites = ["no_virtualization"],
    ),
]

MACHINE = {m.name: m for m in MACHINES}

def _check_unique():
    shorts = {}
    for m in MACHINES:
        if m.short in shorts:
            fail("machines %s and %s have the same short name %s" % (shorts[m.short], m.name, m.short))
        shorts[m.short] = m.name
    if len(MACHINE) != len(MACHINES):
        fail("two machines have the same name")

def _platforms():
    """platform name -> struct(name, cpu, os, backend), checked for agreement."""
    _check_unique()
    found = {}
    for m in MACHINES:
        p = struct(name = m.platform, cpu = m.cpu, os = m.os, backend = m.backend)
        if m.platform in found and found[m.platform] != p:
            fail("machine %s disagrees with another machine about platform %s" % (m.name, m.platform))
        found[m.platform] = p
    return found

# Every Bazel platform the machines name, in table order.
PLATFORMS = _platforms()

# The vcpu_backend constraint values, in table order.
BACKENDS = {m.backend: None for m in MACHINES}.keys()

def machines_with(suite):
    """The machines that run a suite.

    Args:
      suite: a suite name (see machine()).

    Returns:
      the machines whose `suites` name it, in table order.
    """
    return [m for m in MACHINES if suite in m.suites]

def by_backend(machines, prefix):
    """Picks one of `machines` by the backend of the build's platform.

    Args:
      machines: machines of MACHINES; the first of each backend stands for it.
      prefix: what the target names start with (e.g. ":hello_").

    Returns:
      a select() dict: "//platforms:backend_is_<backend>" -> prefix + the
      short name of that backend's first machine; the default is the first
      machine's.
    """
    picked = {"//conditions:default": prefix + machines[0].short}
    for m in reversed(machines):
        picked["//platforms:backend_is_" + m.backend] = prefix + m.short
    return picked

def by_cpu(cpus, value, default):
    """The same value on some CPUs.

    Args:
      cpus: @platforms//cpu values.
      value: what a select() gives on them.
      default: what it gives elsewhere.

    Returns:
      a select() dict: "@platforms//cpu:<cpu>" -> value, else default.
    """
    picked = {"@platforms//cpu:" + cpu: value for cpu in cpus}
    picked["//conditions:default"] = default
    return picked

def board_by_cpu(machines):
    """The board support of images that pick it by their CPU.

    Args:
      machines: machines of MACHINES; those of one CPU must share their board.

    Returns:
      a select() dict: "@platforms//cpu:<cpu>" -> [board].
    """
    boards = {}
    for m in machines:
        key = "@platforms//cpu:" + m.cpu
        if key in boards and boards[key] != [m.board]:
            fail("machines of cpu %s have different boards; select them by platform instead" % m.cpu)
        boards[key] = [m.board]
    return boards
