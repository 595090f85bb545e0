/* Cross-CPU interrupt injection into a vCPU's lock-free queue. */
#include "internal.h"
#include "irq_queue.h"

int vcpu_inject_interrupt(struct vcpu *v, uint32_t vector)
{
    return vcpu_inject_interrupt_trigger(v, vector, VCPU_TRIGGER_EDGE);
}

int vcpu_inject_interrupt_trigger(struct vcpu *v, uint32_t vector, enum vcpu_trigger_mode trigger)
{
    if (v == NULL)
        return VCPU_ERR_INVALID_ARG;
    if (state_of(v) == VCPU_STATE_INVALID)
        return VCPU_ERR_BAD_STATE;
    if (!(VCPU_ARCH_VECTOR_VALID(vector)) || (vector & IRQ_QUEUE_LEVEL) != 0)
        return VCPU_ERR_INVALID_ARG;
    if (trigger == VCPU_TRIGGER_EDGE)
        return irq_queue_push(&v->irqs, vector);
    if (trigger != VCPU_TRIGGER_LEVEL)
        return VCPU_ERR_INVALID_ARG;
    if (!VCPU_ARCH_TRIGGER_LEVEL)
        return VCPU_ERR_NOT_SUPPORTED;
    return irq_queue_push(&v->irqs, vector | IRQ_QUEUE_LEVEL);
}
