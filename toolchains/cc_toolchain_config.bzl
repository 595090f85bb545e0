"""A small clang cc_toolchain_config with separate C and C++ flags.

Bazel's legacy features supply include paths, defines, user flags, outputs and
libraries; this config adds only the project's own flags.
"""

load("@bazel_tools//tools/build_defs/cc:action_names.bzl", "ACTION_NAMES")
load(
    "@bazel_tools//tools/cpp:cc_toolchain_config_lib.bzl",
    "feature",
    "flag_group",
    "flag_set",
    "tool_path",
    "with_feature_set",
)

_C_COMPILE = [ACTION_NAMES.c_compile]
_CXX_COMPILE = [
    ACTION_NAMES.cpp_compile,
    ACTION_NAMES.cpp_header_parsing,
    ACTION_NAMES.cpp_module_compile,
    ACTION_NAMES.cpp_module_codegen,
    ACTION_NAMES.linkstamp_compile,
]
_ASM = [ACTION_NAMES.assemble, ACTION_NAMES.preprocess_assemble]
_ALL_COMPILE = _C_COMPILE + _CXX_COMPILE + _ASM
_LINK = [
    ACTION_NAMES.cpp_link_executable,
    ACTION_NAMES.cpp_link_dynamic_library,
    ACTION_NAMES.cpp_link_nodeps_dynamic_library,
]

# AddressSanitizer + UndefinedBehaviorSanitizer, requested with --features=asan
# (--config=asan). Only toolchains with `sanitizers = True` define the feature;
# a toolchain that does not define a requested feature ignores it, so bare-metal
# images built through a transition stay unsanitized under --config=asan.
_ASAN_COMPILE = [
    "-fsanitize=address,undefined",
    "-fno-sanitize-recover=all",
    "-fno-omit-frame-pointer",
]
_ASAN_LINK = [
    "-fsanitize=address,undefined",
    # The link driver is clang, not clang++: pull in the C++ part of UBSan too.
    "-fsanitize-link-c++-runtime",
]

# libFuzzer with ASan + UBSan, requested with --features=fuzzer (the fuzz
# targets' transition sets it: testing/fuzz/fuzz.bzl). Every compile action of
# the fuzz binary's dependency graph gets the coverage instrumentation; the link
# adds libFuzzer's main (Debian's libclang-rt-14-dev).
_FUZZER_COMPILE = [
    "-fsanitize=fuzzer,address,undefined",
    "-fno-sanitize-recover=all",
    "-fno-omit-frame-pointer",
]
_FUZZER_LINK = [
    "-fsanitize=fuzzer,address,undefined",
    "-fsanitize-link-c++-runtime",
]

# Optimization per compilation mode (-c dbg | fastbuild | opt).
_MODE_FLAGS = {
    "dbg": ["-O0", "-g"],
    "fastbuild": ["-O1", "-g1"],
    "opt": ["-O2"],
}

def _flags_feature(name, actions, flags, enabled = True):
    return feature(
        name = name,
        enabled = enabled,
        flag_sets = [flag_set(actions = actions, flag_groups = [flag_group(flags = flags)])] if flags else [],
    )

def _sanitizer_feature(name, compile_flags, link_flags):
    return feature(
        name = name,
        flag_sets = [
            flag_set(actions = _C_COMPILE + _CXX_COMPILE, flag_groups = [flag_group(flags = compile_flags)]),
            flag_set(actions = _LINK, flag_groups = [flag_group(flags = link_flags)]),
        ],
    )

def _impl(ctx):
    tools = {
        "ar": "bin/llvm-ar",
        "cpp": "bin/clang",
        "gcc": "bin/clang",
        "gcov": "bin/llvm-cov",
        "ld": "bin/ld.lld",
        "llvm-cov": "bin/llvm-cov",
        "nm": "bin/llvm-nm",
        "objcopy": "bin/llvm-objcopy",
        "objdump": "bin/llvm-objdump",
        "strip": "bin/llvm-strip",
    }
    features = [
        feature(name = "dbg"),
        feature(name = "opt"),
        feature(name = "fastbuild"),
        feature(name = "supports_pic", enabled = ctx.attr.supports_pic),
        _flags_feature("vcpu_compile_flags", _ALL_COMPILE, ctx.attr.compile_flags),
        _flags_feature("vcpu_c_flags", _C_COMPILE, ctx.attr.c_flags),
        _flags_feature("vcpu_cxx_flags", _CXX_COMPILE, ctx.attr.cxx_flags),
        _flags_feature("vcpu_link_flags", _LINK, ctx.attr.link_flags),
        feature(
            name = "vcpu_mode_flags",
            enabled = True,
            flag_sets = [
                flag_set(
                    actions = _C_COMPILE + _CXX_COMPILE,
                    flag_groups = [flag_group(flags = flags)],
                    with_features = [with_feature_set(features = [mode])],
                )
                for mode, flags in _MODE_FLAGS.items()
            ],
        ),
        # Link libraries come after the objects and archives.
        _flags_feature("vcpu_link_libs", _LINK, ctx.attr.link_libs),
    ]
    if ctx.attr.sanitizers:
        features.append(_sanitizer_feature("asan", _ASAN_COMPILE, _ASAN_LINK))
        features.append(_sanitizer_feature("fuzzer", _FUZZER_COMPILE, _FUZZER_LINK))
    return cc_common.create_cc_toolchain_config_info(
        ctx = ctx,
        features = features,
        cxx_builtin_include_directories = ctx.attr.builtin_include_dirs,
        toolchain_identifier = ctx.attr.name,
        host_system_name = "x86_64-unknown-linux-gnu",
        target_system_name = ctx.attr.target_triple,
        target_cpu = ctx.attr.cpu,
        target_libc = ctx.attr.target_libc,
        compiler = "clang",
        abi_version = "none",
        abi_libc_version = "none",
        tool_paths = [tool_path(name = k, path = v) for k, v in tools.items()],
    )

cc_toolchain_config = rule(
    implementation = _impl,
    attrs = {
        "builtin_include_dirs": attr.string_list(),
        "c_flags": attr.string_list(),
        "compile_flags": attr.string_list(),
        "cpu": attr.string(mandatory = True),
        "cxx_flags": attr.string_list(),
        "link_flags": attr.string_list(),
        "link_libs": attr.string_list(),
        "sanitizers": attr.bool(default = False),  # defines the "asan" and "fuzzer" features
        "supports_pic": attr.bool(default = False),
        "target_libc": attr.string(mandatory = True),
        "target_triple": attr.string(mandatory = True),
    },
    provides = [CcToolchainConfigInfo],
)
