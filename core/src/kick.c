/* vcpu_kick: make the vCPU's current or next vcpu_run() return promptly. */
#include "internal.h"

int vcpu_kick(struct vcpu *v)
{
    if (v == NULL)
        return VCPU_ERR_INVALID_ARG;
    enum vcpu_state state = state_of(v);
    if (state != VCPU_STATE_READY && state != VCPU_STATE_RUNNING && state != VCPU_STATE_BLOCKED)
        return VCPU_ERR_BAD_STATE;
    /* Pairs with vcpu_run(): it moves to RUNNING, then reads `kick`. */
    atomic_store_u32_sc(&v->kick, 1);
    if (atomic_load_u32_sc(&v->state) == VCPU_STATE_RUNNING) {
        int32_t cpu = v->owner_cpu;
        if (cpu >= 0 && (uint32_t)cpu < VCPU_MAX_CPUS)
            vcpu_host_kick_cpu((uint32_t)cpu);
    }
    return VCPU_OK;
}
