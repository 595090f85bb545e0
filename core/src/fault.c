/* vcpu_inject_fault: resolve the latest exit by a fault in the guest. */
#include "internal.h"
#include "open_exit.h"

int vcpu_inject_fault(struct vcpu *v, const struct vcpu_exit *exit)
{
    if (v == NULL || exit == NULL || !open_exit_faultable(exit->reason))
        return VCPU_ERR_INVALID_ARG;
    enum vcpu_state state = state_of(v);
    if (state != VCPU_STATE_READY && state != VCPU_STATE_BLOCKED)
        return VCPU_ERR_BAD_STATE;
    if (!on_owning_cpu(v))
        return VCPU_ERR_WRONG_CPU;
    if (!open_exit_matches(&v->open_exit, exit))
        return VCPU_ERR_BAD_STATE; /* not the latest unresumed exit, or resolved */
    int rc = vcpu_arch_inject_fault(v, exit);
    if (rc == VCPU_OK)
        v->open_exit.reason = VCPU_EXIT_NOTHING;
    return rc;
}
