/* Read-only accessors: any state, any CPU, NULL-safe. */
#include "internal.h"

enum vcpu_state vcpu_state(const struct vcpu *v)
{
    return v == NULL ? VCPU_STATE_INVALID : state_of(v);
}

vcpu_id_t vcpu_id(const struct vcpu *v)
{
    return v == NULL ? 0 : v->id;
}

vcpu_vm_id_t vcpu_vm_id(const struct vcpu *v)
{
    return v == NULL ? 0 : v->vm_id;
}

bool vcpu_is_bsp(const struct vcpu *v)
{
    return v != NULL && v->id == 0;
}

int vcpu_favor_cpu(const struct vcpu *v)
{
    return v == NULL ? VCPU_NO_CPU : v->favor_cpu;
}

uint64_t vcpu_cpu_mask(const struct vcpu *v)
{
    return v == NULL ? 0 : v->cpu_mask;
}

int vcpu_owner_cpu(const struct vcpu *v)
{
    if (v == NULL)
        return VCPU_NO_CPU;
    /* Only a bound vCPU has an owner; zeroed memory (INVALID) holds 0 there. */
    switch (state_of(v)) {
    case VCPU_STATE_READY:
    case VCPU_STATE_RUNNING:
    case VCPU_STATE_BLOCKED:
        return v->owner_cpu;
    default:
        return VCPU_NO_CPU;
    }
}

const char *vcpu_state_name(enum vcpu_state state)
{
    switch (state) {
    case VCPU_STATE_INVALID:
        return "INVALID";
    case VCPU_STATE_CREATED:
        return "CREATED";
    case VCPU_STATE_FREE:
        return "FREE";
    case VCPU_STATE_READY:
        return "READY";
    case VCPU_STATE_RUNNING:
        return "RUNNING";
    case VCPU_STATE_BLOCKED:
        return "BLOCKED";
    }
    return "INVALID_STATE";
}

bool vcpu_core_is_bound(const struct vcpu *v)
{
    enum vcpu_state s = vcpu_state(v);
    return s == VCPU_STATE_READY || s == VCPU_STATE_RUNNING || s == VCPU_STATE_BLOCKED;
}
