"""The source files the lint tests check, declared to Bazel.

The lint tests (//testing/lint, //docs:api_md_test) are ordinary sandboxed,
cached tests: their inputs are the files they check, so `bazel test //...`
re-runs them only when one of those files (or a linter config) changes, and
gives the same verdict on the same commit wherever it runs.

Every package's BUILD.bazel calls lint_sources() once, which declares the
package's source files as the filegroup ":lint_sources". //testing/lint
collects those filegroups (LINT_PACKAGES in its BUILD.bazel) and
lint_file_list picks, per check, the kinds of file the check reads.
"""

# Every kind of source file in the tree. The checks use some of them (see
# testing/lint/BUILD.bazel); the others are declared so that a check added
# later finds them.
LINT_SOURCE_PATTERNS = [
    "*.c",
    "*.h",
    "*.S",
    "*.cc",
    "*.bzl",
    "*.py",
    "*.sh",
    "BUILD",
    "BUILD.bazel",
    "*.BUILD",
    "WORKSPACE",
]

def lint_sources(name = "lint_sources", subdirs = ["**"]):
    """Declares the package's source files as the filegroup ":lint_sources".

    A glob stops at subpackages (they call lint_sources() themselves), so the
    filegroups of all packages together hold each source file once.

    Args:
      name: the filegroup's name; //testing/lint expects the default.
      subdirs: the folders of the package searched, as glob prefixes: every
        folder at any depth by default. The root package names its folders
        instead, so that its glob does not walk the bazel-* symlinks.
    """
    native.filegroup(
        name = name,
        srcs = native.glob([
            pattern if subdir == "" else subdir + "/" + pattern
            for subdir in subdirs
            for pattern in LINT_SOURCE_PATTERNS
        ]),
        visibility = ["//testing/lint:__pkg__"],
    )

def _tree_path(file, repo_paths):
    """The file's path in the source tree (external stand-ins included)."""
    if not file.owner.workspace_name:
        return file.short_path
    repo = file.owner.workspace_name
    if repo not in repo_paths:
        fail("lint_file_list: %s is in @%s, which has no entry in repo_paths" % (file.short_path, repo))
    prefix = "../%s/" % repo
    if not file.short_path.startswith(prefix):
        fail("lint_file_list: unexpected runfiles path " + file.short_path)
    return repo_paths[repo] + "/" + file.short_path[len(prefix):]

def _lint_file_list_impl(ctx):
    files = [
        f
        for f in ctx.files.srcs
        if f.is_source and [s for s in ctx.attr.suffixes if f.basename.endswith(s)]
    ]
    lines = sorted(["%s %s" % (_tree_path(f, ctx.attr.repo_paths), f.short_path) for f in files])
    if not lines:
        fail("lint_file_list: no file of %s in srcs" % ctx.attr.suffixes)
    listing = ctx.actions.declare_file(ctx.label.name + ".txt")
    ctx.actions.write(listing, "\n".join(lines) + "\n")
    return [DefaultInfo(
        files = depset([listing]),
        runfiles = ctx.runfiles(files = [listing] + files),
    )]

lint_file_list = rule(
    implementation = _lint_file_list_impl,
    doc = """The files of srcs whose names end with one of the suffixes.

    Writes NAME.txt, one line per file, sorted: its path in the source tree
    and its runfiles path (relative to the main repository's runfiles
    folder), separated by a space. The files themselves are the target's
    runfiles, so a test with this target in its data gets exactly them.
    testing/lint/lint_tree.sh rebuilds the tree from it.
    """,
    attrs = {
        "repo_paths": attr.string_dict(
            doc = "Where each external repository in srcs lives in the source tree.",
        ),
        "srcs": attr.label_list(allow_files = True, mandatory = True),
        "suffixes": attr.string_list(
            doc = "Name endings of the files kept, e.g. \".c\", \"BUILD.bazel\".",
            mandatory = True,
        ),
    },
)
