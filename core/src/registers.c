/* Guest register access and read-exit completion. */
#include "internal.h"
#include "open_exit.h"

int vcpu_set_gpr(struct vcpu *v, unsigned idx, uint64_t val)
{
    if (v == NULL)
        return VCPU_ERR_INVALID_ARG;
    int rc = check_register_access(v);
    if (rc != VCPU_OK)
        return rc;
    if (idx >= VCPU_ARCH_GPR_COUNT)
        return VCPU_ERR_INVALID_ARG;
    vcpu_arch_set_gpr(v, idx, val);
    return VCPU_OK;
}

int vcpu_get_gpr(const struct vcpu *v, unsigned idx, uint64_t *val)
{
    if (v == NULL)
        return VCPU_ERR_INVALID_ARG;
    int rc = check_register_access(v);
    if (rc != VCPU_OK)
        return rc;
    if (idx >= VCPU_ARCH_GPR_COUNT || val == NULL)
        return VCPU_ERR_INVALID_ARG;
    *val = vcpu_arch_get_gpr(v, idx);
    return VCPU_OK;
}

int vcpu_set_return_value(struct vcpu *v, uint64_t val)
{
    if (v == NULL)
        return VCPU_ERR_INVALID_ARG;
    int rc = check_register_access(v);
    if (rc != VCPU_OK)
        return rc;
    vcpu_arch_set_gpr(v, VCPU_ARCH_RETURN_GPR, val);
    return VCPU_OK;
}

int vcpu_complete_read(struct vcpu *v, const struct vcpu_exit *exit, uint64_t value)
{
    if (v == NULL)
        return VCPU_ERR_INVALID_ARG;
    enum vcpu_state state = state_of(v);
    if (state != VCPU_STATE_READY && state != VCPU_STATE_BLOCKED)
        return VCPU_ERR_BAD_STATE;
    if (!on_owning_cpu(v))
        return VCPU_ERR_WRONG_CPU;
    if (exit == NULL || !vcpu_exit_is_read(exit->reason) || !open_exit_read_well_formed(exit))
        return VCPU_ERR_INVALID_ARG;
    if (!open_exit_is_read(&v->open_exit))
        return VCPU_ERR_BAD_STATE; /* nothing to complete */
    if (!open_exit_matches(&v->open_exit, exit))
        return VCPU_ERR_INVALID_ARG; /* not the pending read */
    int rc = vcpu_arch_complete_read(v, exit, value);
    if (rc == VCPU_OK)
        v->open_exit.reason = VCPU_EXIT_NOTHING;
    return rc;
}

/* Splits a vcpu_reg_t into the backend's kind and system register; false for
 * a value the VCPU_REG_* macros do not produce. */
static bool decode_reg(vcpu_reg_t reg, enum vcpu_arch_reg_kind *kind, vcpu_sysreg_t *sysreg)
{
    uint64_t k = reg >> 32;
    *sysreg = (vcpu_sysreg_t)reg;
    if (k == VCPU_ARCH_REG_SYSREG) {
        *kind = VCPU_ARCH_REG_SYSREG;
        return true;
    }
    if ((k != VCPU_ARCH_REG_PC && k != VCPU_ARCH_REG_SP) || *sysreg != 0)
        return false;
    *kind = (enum vcpu_arch_reg_kind)k;
    return true;
}

int vcpu_get_reg(const struct vcpu *v, vcpu_reg_t reg, uint64_t *val)
{
    if (v == NULL)
        return VCPU_ERR_INVALID_ARG;
    int rc = check_register_access(v);
    if (rc != VCPU_OK)
        return rc;
    enum vcpu_arch_reg_kind kind;
    vcpu_sysreg_t sysreg;
    if (val == NULL || !decode_reg(reg, &kind, &sysreg))
        return VCPU_ERR_INVALID_ARG;
    return vcpu_arch_get_reg(v, kind, sysreg, val);
}

int vcpu_set_reg(struct vcpu *v, vcpu_reg_t reg, uint64_t val)
{
    if (v == NULL)
        return VCPU_ERR_INVALID_ARG;
    int rc = check_register_access(v);
    if (rc != VCPU_OK)
        return rc;
    enum vcpu_arch_reg_kind kind;
    vcpu_sysreg_t sysreg;
    if (!decode_reg(reg, &kind, &sysreg))
        return VCPU_ERR_INVALID_ARG;
    return vcpu_arch_set_reg(v, kind, sysreg, val);
}
