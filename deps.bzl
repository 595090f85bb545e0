"""The external repositories @vcpu needs, and its toolchains.

A workspace that depends on vcpu (including vcpu's own WORKSPACE) calls both:

    load("@vcpu//:deps.bzl", "vcpu_dependencies", "vcpu_register_toolchains")

    vcpu_dependencies()

    vcpu_register_toolchains()

Everything is offline: Debian packages or stand-ins under toolchains/repos.
A repository the caller already declared is left alone, so a consumer can
bring its own rules_cc, rules_java or googletest. The stand-ins' paths are
found through labels of this repository, so they resolve inside vcpu's tree
wherever the calling workspace lives.
"""

load("//testing/lint:buildifier_repository.bzl", "buildifier_repository")

def _vcpu_local_dir_impl(ctx):
    # The directory `subdir` next to `anchor` (a file of this repository),
    # linked entry by entry. The stand-ins hold a WORKSPACE file, so they are
    # no package of vcpu and need an anchor in the package above them.
    directory = ctx.path(ctx.attr.anchor).dirname.get_child(ctx.attr.subdir)
    for entry in directory.readdir():
        ctx.symlink(entry, entry.basename)

_vcpu_local_dir = repository_rule(
    implementation = _vcpu_local_dir_impl,
    attrs = {
        "anchor": attr.label(mandatory = True, allow_single_file = True),
        "subdir": attr.string(mandatory = True),
    },
    local = True,
    doc = "A local_repository whose path is a directory of vcpu's tree.",
)

def _missing(name):
    return native.existing_rule(name) == None

# A WORKSPACE macro: it declares repositories, not targets, so no name.
# buildifier: disable=unnamed-macro
def vcpu_dependencies():
    """Declares the repositories @vcpu needs that are not declared yet."""

    # Bazel's own cc rules load @rules_cc; Debian's bazel-rules-cc does not
    # load under Bazel 4.2.3, so a minimal forwarding repository stands in.
    if _missing("rules_cc"):
        _vcpu_local_dir(
            name = "rules_cc",
            anchor = Label("//toolchains/repos:BUILD.bazel"),
            subdir = "rules_cc",
        )

    # Debian's bazel-rules-java.
    if _missing("rules_java"):
        native.local_repository(
            name = "rules_java",
            path = "/usr/share/bazel/rules/java",
        )

    # Fetched even by a plain `bazel test`; the stand-in fails clearly if
    # coverage is actually asked for.
    if _missing("remote_coverage_tools"):
        _vcpu_local_dir(
            name = "remote_coverage_tools",
            anchor = Label("//toolchains/repos:BUILD.bazel"),
            subdir = "remote_coverage_tools",
        )

    # GoogleTest from Debian's googletest source package.
    if _missing("com_google_googletest"):
        native.new_local_repository(
            name = "com_google_googletest",
            build_file = str(Label("//toolchains/repos:googletest.BUILD")),
            path = "/usr/src/googletest",
        )

    # The buildifier that ./bazelw installs into toolchains/.cache, as an
    # input of //testing/lint:lint_test (testing/lint/buildifier_repository.bzl).
    if _missing("vcpu_buildifier"):
        buildifier_repository(name = "vcpu_buildifier")

# buildifier: disable=unnamed-macro
def vcpu_register_toolchains():
    """Registers vcpu's clang toolchains (host and bare-metal)."""
    native.register_toolchains(str(Label("//toolchains:all")))
