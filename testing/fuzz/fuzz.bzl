"""fuzz_test: a libFuzzer target with a bounded CI campaign and a long-run target.

    fuzz_test(
        name = "decode_fuzz",
        srcs = ["decode_fuzz.c"],
        deps = ["//backends/arm_el2:decode"],
    )

declares, in the calling package:

- `decode_fuzz_test`: a `bazel test` that runs a bounded, seeded campaign
  (`runs` inputs or `max_total_time` seconds, whichever comes first) from the
  seed corpus `fuzz_corpus/decode_fuzz/` and fails on a crash, a sanitizer
  report, or a failed FUZZ_CHECK (an output outside the documented set);
- `decode_fuzz`: `bazel run` it for a long campaign (arguments go to libFuzzer,
  e.g. `-- -max_total_time=600 -jobs=2`); its growing corpus lives outside the
  tree (see run_fuzzer.sh);
- `decode_fuzz_bin`: the instrumented libFuzzer binary.

The fuzz target and its whole dependency graph are rebuilt with the host
toolchain's `fuzzer` feature (libFuzzer + ASan + UBSan) through a transition,
so the decoder under test is coverage-instrumented with no change to its
BUILD file. Adding a fuzz target for a new decoder is one call of this macro
plus a few seed files.
"""

_HOST_ONLY = [str(Label("//platforms:fake"))]

def _fuzzer_transition_impl(settings, attr):
    _ignore = attr  # @unused
    features = [f for f in settings["//command_line_option:features"] if f not in ("asan", "fuzzer")]
    return {"//command_line_option:features": features + ["fuzzer"]}

_fuzzer_transition = transition(
    implementation = _fuzzer_transition_impl,
    inputs = ["//command_line_option:features"],
    outputs = ["//command_line_option:features"],
)

def _fuzzer_binary_impl(ctx):
    binary = ctx.attr.binary[0]
    built = binary[DefaultInfo].files_to_run.executable
    out = ctx.actions.declare_file(ctx.label.name)
    ctx.actions.symlink(output = out, target_file = built, is_executable = True)
    runfiles = ctx.runfiles(files = [out]).merge(binary[DefaultInfo].default_runfiles)
    return [DefaultInfo(files = depset([out]), runfiles = runfiles, executable = out)]

fuzzer_binary = rule(
    implementation = _fuzzer_binary_impl,
    doc = "Rebuilds the cc_binary `binary` with the toolchain's `fuzzer` feature.",
    executable = True,
    attrs = {
        "binary": attr.label(
            mandatory = True,
            cfg = _fuzzer_transition,
            doc = "A cc_binary that defines LLVMFuzzerTestOneInput (libFuzzer supplies main).",
        ),
        "_allowlist_function_transition": attr.label(
            default = "@bazel_tools//tools/allowlists/function_transition_allowlist",
        ),
    },
)

def fuzz_test(name, srcs, deps = [], runs = 1000000, max_total_time = 20, size = "medium"):
    """A libFuzzer target `<name>_bin`, its bounded campaign `<name>_test` and the long-run `<name>`.

    Args:
      name: the fuzz target's name; its seed corpus is `fuzz_corpus/<name>/`.
      srcs: the fuzz target's sources (they define LLVMFuzzerTestOneInput).
      deps: the libraries under test.
      runs: inputs the CI campaign executes (seed corpus included).
      max_total_time: upper bound in seconds of the CI campaign.
      size: Bazel test size of the CI campaign.
    """
    corpus_dir = "fuzz_corpus/" + name
    seeds = native.glob([corpus_dir + "/*"], allow_empty = False)
    seed_path = native.package_name() + "/" + corpus_dir
    native.cc_binary(
        name = name + "_plain",
        testonly = True,
        srcs = srcs,
        deps = deps + ["//testing/fuzz:fuzz_check"],
        # Only meaningful with libFuzzer's main: built through `<name>_bin`.
        tags = ["manual"],
        target_compatible_with = _HOST_ONLY,
    )
    fuzzer_binary(
        name = name + "_bin",
        testonly = True,
        binary = ":" + name + "_plain",
        tags = ["fuzz"],
        target_compatible_with = _HOST_ONLY,
    )
    native.sh_test(
        name = name + "_test",
        size = size,
        srcs = ["//testing/fuzz:run_fuzzer.sh"],
        args = [
            "test",
            "$(rootpath :%s_bin)" % name,
            seed_path,
            "-runs=%d" % runs,
            "-max_total_time=%d" % max_total_time,
        ],
        data = [":" + name + "_bin"] + seeds,
        tags = ["fuzz"],
        target_compatible_with = _HOST_ONLY,
    )
    native.sh_binary(
        name = name,
        testonly = True,
        srcs = ["//testing/fuzz:run_fuzzer.sh"],
        args = [
            "run",
            "$(rootpath :%s_bin)" % name,
            seed_path,
        ],
        data = [":" + name + "_bin"] + seeds,
        tags = ["fuzz"],
        target_compatible_with = _HOST_ONLY,
    )
