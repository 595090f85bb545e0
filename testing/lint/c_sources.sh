# Sourced by the static-analysis lint tests (clang_tidy_test.sh,
# cppcheck_test.sh): finds the source tree and says, per group of library
# folders, which C files there are and which compiler flags they are built
# with. Library code only: core/src, the backends and the ISA-independent
# building blocks of lib/ (lib/guest is per-ISA code in one folder and is not
# checked); tests/ folders (host GoogleTest suites and fuzz targets) are not
# checked.

# cd to the source tree: the runfiles symlink of WORKSPACE points into it (the
# tests are tagged "local", see BUILD.bazel).
cd_source_tree() {
    local workspace_file
    workspace_file="$(readlink -f "${TEST_SRCDIR}/${TEST_WORKSPACE}/WORKSPACE")"
    cd "$(dirname "$workspace_file")"
}

CLANG_RESOURCE_INCLUDE=/usr/lib/llvm-14/lib/clang/14.0.6/include

# One line per group: "folders|target flags". The host group is built with the
# fake backend's state; each hardware backend with its own target and state.
# A new backend adds a line (the test fails for a backend folder with none).
C_SOURCE_GROUPS=(
    "core/src backends/fake|-Ibackends/fake/include"
    "backends/arm_el2|--target=aarch64-none-elf -mgeneral-regs-only -Ibackends/arm_el2/include"
    "backends/riscv_h|--target=riscv64-unknown-elf -march=rv64gc -mabi=lp64d -Ibackends/riscv_h/include"
    "backends/svm backends/x86_common|--target=x86_64-unknown-none-elf -mgeneral-regs-only -Ibackends/svm/include -Ibackends/x86_common/include"
    "backends/vmx|--target=x86_64-unknown-none-elf -mgeneral-regs-only -Ibackends/vmx/include -Ibackends/x86_common/include"
    "lib/devices lib/fdt lib/loader lib/stage2|--target=aarch64-none-elf -mgeneral-regs-only"
)

# Flags every group shares: the project's C dialect and include roots.
C_COMMON_FLAGS=(-std=c11 -Wall -Wextra -Icore/include -I.)
# Bare-metal groups also get the freestanding headers only.
C_FREESTANDING_FLAGS=(-ffreestanding -nostdlibinc -isystem "$CLANG_RESOURCE_INCLUDE")

# Prints the tracked (or new, not ignored) .c files directly in the given folders.
c_files_in() {
    local dir
    for dir in "$@"; do
        [ -d "$dir" ] || continue
        git ls-files --cached --others --exclude-standard -- "$dir/*.c" |
            while read -r f; do [ -e "$f" ] && [ "$(dirname "$f")" = "$dir" ] && echo "$f"; done
    done
}

# Fails if a backend folder with C files belongs to no group.
check_groups_cover_backends() {
    local covered="" group dir
    for group in "${C_SOURCE_GROUPS[@]}"; do
        covered+=" ${group%%|*} "
    done
    for dir in backends/*/; do
        dir="${dir%/}"
        if [ -n "$(c_files_in "$dir")" ] && [[ "$covered" != *" $dir "* ]]; then
            echo "lint: $dir has C files but no flags in testing/lint/c_sources.sh" >&2
            return 1
        fi
    done
}
