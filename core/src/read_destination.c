/* Where a completed single-register read exit writes, and what. */
#include <vcpu/arch.h>

int vcpu_core_read_destination(const struct vcpu_exit *exit, uint64_t value, uint32_t *reg,
                               uint64_t *extended)
{
    if (exit->reason == VCPU_EXIT_MMIO_READ) {
        const struct vcpu_exit_mmio_read *r = &exit->mmio_read;
        if (vcpu_width_bytes(r->width) == 0 || vcpu_width_bytes(r->reg_width) == 0)
            return VCPU_ERR_INVALID_ARG;
        *reg = r->reg;
        *extended = vcpu_read_value_extend(value, r->width, r->signed_ext, r->reg_width);
        return VCPU_OK;
    }
    if (exit->reason == VCPU_EXIT_SYSREG_READ) {
        *reg = exit->sysreg_read.reg;
        *extended = value;
        return VCPU_OK;
    }
    return VCPU_ERR_INVALID_ARG;
}
