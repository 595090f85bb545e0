"""doxygen_html: an HTML API reference made by Doxygen (Debian's doxygen and
graphviz), as a directory of the build outputs.

    doxygen_html(
        name = "api_html",
        doxyfile = "Doxyfile",
        srcs = ["//core:public_headers", "api_mainpage.dox"],
        filter = "doxygen_filter.sh",
    )

builds bazel-bin/docs/api_html/index.html. Doxygen's warnings fail the build
(the Doxyfile sets WARN_AS_ERROR).
"""

def _doxygen_html_impl(ctx):
    out = ctx.actions.declare_directory(ctx.label.name)
    inputs = ctx.files.srcs
    ctx.actions.run_shell(
        inputs = inputs + [ctx.file.doxyfile, ctx.file.filter],
        outputs = [out],
        command = """
set -eu
if ! command -v doxygen >/dev/null || ! command -v dot >/dev/null; then
    echo "api_html: doxygen and graphviz are needed: run ./bazelw (it installs them)" >&2
    exit 1
fi
{{ cat {doxyfile}; echo "INPUT = {inputs}"; echo "OUTPUT_DIRECTORY = {out}";
   echo "INPUT_FILTER = {filter}"; }} | doxygen -
""".format(
            doxyfile = ctx.file.doxyfile.path,
            inputs = " ".join([f.path for f in inputs]),
            out = out.path,
            filter = ctx.file.filter.path,
        ),
        mnemonic = "Doxygen",
        progress_message = "Generating the API reference %s" % out.short_path,
        use_default_shell_env = True,
    )
    return [DefaultInfo(files = depset([out]))]

doxygen_html = rule(
    implementation = _doxygen_html_impl,
    doc = "Runs Doxygen over `srcs` with `doxyfile`; the output is the directory `<name>`.",
    attrs = {
        "doxyfile": attr.label(allow_single_file = True, mandatory = True, doc = "The Doxyfile."),
        "filter": attr.label(allow_single_file = True, mandatory = True, doc = "The INPUT_FILTER script."),
        "srcs": attr.label_list(allow_files = True, mandatory = True, doc = "Headers and .dox pages."),
    },
)
