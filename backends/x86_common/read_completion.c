/* Read-exit completion for the x86 backends (see read_completion.h). */
#include "read_completion.h"

#include "insn_decode.h"

int x86_complete_read(uint64_t gpr[X86_GPR_COUNT], const struct vcpu_exit *exit, uint64_t value,
                      const struct x86_mmio_insn *last)
{
    switch (exit->reason) {
    case VCPU_EXIT_SYSREG_READ: /* RDMSR: EDX:EAX */
        gpr[X86_RAX] = value & 0xffffffffu;
        gpr[X86_RDX] = value >> 32;
        return VCPU_OK;
    case VCPU_EXIT_IO_READ: {
        struct x86_mmio_insn in = {.width = exit->io_read.width, .reg_width = exit->io_read.width};
        if (vcpu_width_bytes(in.width) == 0 || in.width == VCPU_WIDTH_64)
            return VCPU_ERR_INVALID_ARG;
        gpr[X86_RAX] = x86_load_result(&in, gpr[X86_RAX], value);
        return VCPU_OK;
    }
    case VCPU_EXIT_MMIO_READ: {
        const struct vcpu_exit_mmio_read *r = &exit->mmio_read;
        if (vcpu_width_bytes(r->width) == 0 || vcpu_width_bytes(r->reg_width) == 0 ||
            r->reg >= X86_GPR_COUNT)
            return VCPU_ERR_INVALID_ARG;
        struct x86_mmio_insn insn = {.width = r->width,
                                     .reg = r->reg,
                                     .reg_width = r->reg_width,
                                     .signed_ext = r->signed_ext};
        if (last != NULL && last->reg == r->reg && last->width == r->width)
            insn = *last;
        gpr[r->reg] = x86_load_result(&insn, gpr[r->reg], value);
        return VCPU_OK;
    }
    default:
        return VCPU_ERR_INVALID_ARG;
    }
}
