/* Guest register access and read-exit completion. */
#include "internal.h"

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
    if (exit == NULL || !vcpu_exit_is_read(exit->reason))
        return VCPU_ERR_INVALID_ARG;
    return vcpu_arch_complete_read(v, exit, value);
}
