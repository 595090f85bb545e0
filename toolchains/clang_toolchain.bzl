"""One macro that declares a complete clang toolchain for one target."""

load(":cc_toolchain_config.bzl", "cc_toolchain_config")

CLANG_RESOURCE_INCLUDE = "/usr/lib/llvm-14/lib/clang/14.0.6/include"

WARNINGS = [
    "-Wall",
    "-Wextra",
    "-Werror",
]

def clang_toolchain(name, cpu, os, target_triple, target_libc, compile_flags, link_flags, c_flags = ["-std=c11"], cxx_flags = [], link_libs = [], builtin_include_dirs = [CLANG_RESOURCE_INCLUDE], supports_pic = False, sanitizers = False):
    """Declares `<name>_config`, `<name>_cc_toolchain` and the toolchain `name`.

    Args:
      name: toolchain name.
      cpu: Bazel cpu name, also the @platforms//cpu constraint.
      os: @platforms//os constraint name (linux or none).
      target_triple: clang --target value.
      target_libc: "glibc" for the host, "none" for bare metal.
      compile_flags: flags for every compile action (C, C++, assembler).
      link_flags: flags for every link action.
      c_flags: flags for C compiles only.
      cxx_flags: flags for C++ compiles only.
      link_libs: libraries appended to every link.
      builtin_include_dirs: the only system include directories allowed.
      supports_pic: whether position-independent code is supported.
      sanitizers: whether the toolchain defines the `asan` (ASan + UBSan) and `fuzzer` (libFuzzer + ASan + UBSan) features.
    """
    cc_toolchain_config(
        name = name + "_config",
        builtin_include_dirs = builtin_include_dirs,
        c_flags = c_flags,
        compile_flags = ["--target=" + target_triple] + compile_flags + WARNINGS,
        cpu = cpu,
        cxx_flags = cxx_flags,
        link_flags = ["--target=" + target_triple, "-fuse-ld=lld"] + link_flags,
        link_libs = link_libs,
        sanitizers = sanitizers,
        supports_pic = supports_pic,
        target_libc = target_libc,
        target_triple = target_triple,
    )
    native.cc_toolchain(
        name = name + "_cc_toolchain",
        all_files = ":tool_files",
        ar_files = ":tool_files",
        as_files = ":tool_files",
        compiler_files = ":tool_files",
        dwp_files = ":empty",
        linker_files = ":tool_files",
        objcopy_files = ":tool_files",
        strip_files = ":tool_files",
        supports_param_files = True,
        toolchain_config = ":" + name + "_config",
        toolchain_identifier = name,
    )
    native.toolchain(
        name = name,
        exec_compatible_with = [
            "@platforms//cpu:x86_64",
            "@platforms//os:linux",
        ],
        target_compatible_with = [
            "@platforms//cpu:" + cpu,
            "@platforms//os:" + os,
        ],
        toolchain = ":" + name + "_cc_toolchain",
        toolchain_type = "@bazel_tools//tools/cpp:toolchain_type",
    )
