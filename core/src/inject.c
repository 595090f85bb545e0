/* Cross-CPU interrupt injection into a vCPU's lock-free queue. */
#include "internal.h"
#include "irq_queue.h"

int vcpu_inject_interrupt(struct vcpu *v, uint32_t vector)
{
    if (v == NULL)
        return VCPU_ERR_INVALID_ARG;
    if (state_of(v) == VCPU_STATE_INVALID)
        return VCPU_ERR_BAD_STATE;
    if (!(VCPU_ARCH_VECTOR_VALID(vector)))
        return VCPU_ERR_INVALID_ARG;
    return irq_queue_push(&v->irqs, vector);
}
