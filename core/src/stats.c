/* Per-vCPU statistics. The counters are bumped by vcpu_run() itself. */
#include "internal.h"

int vcpu_stats(const struct vcpu *v, struct vcpu_stats *out)
{
    if (v == NULL || out == NULL)
        return VCPU_ERR_INVALID_ARG;
    *out = v->stats;
    return VCPU_OK;
}

int vcpu_stats_reset(struct vcpu *v)
{
    if (v == NULL)
        return VCPU_ERR_INVALID_ARG;
    switch (state_of(v)) {
    case VCPU_STATE_READY:
    case VCPU_STATE_RUNNING:
    case VCPU_STATE_BLOCKED:
        if (!on_owning_cpu(v))
            return VCPU_ERR_WRONG_CPU;
        break;
    default:
        break;
    }
    v->stats = (struct vcpu_stats){0};
    return VCPU_OK;
}
