/* The shared per-vCPU state of the x86 backends (see vcpu_state.h). */
#include "vcpu_state.h"

#include <vcpu/x86.h>

void x86_vcpu_state_init(struct x86_vcpu_state *s, uint32_t apic_id)
{
    *s = (struct x86_vcpu_state){0};
    s->apic_id = apic_id;
    s->poweroff_port = X86_DEFAULT_POWEROFF_PORT;
    s->pending_vector = -1;
}

void x86_vcpu_state_setup(struct x86_vcpu_state *s, uint16_t poweroff_port,
                          uint8_t poweroff_slp_typ)
{
    if (poweroff_port != 0)
        s->poweroff_port = poweroff_port;
    s->poweroff_slp_typ = poweroff_slp_typ & 7;
}

int x86_queue_interrupt(struct x86_vcpu_state *s, uint32_t vector)
{
    if (s->pending_vector >= 0)
        return VCPU_ERR_BUSY;
    s->pending_vector = (int32_t)vector;
    return VCPU_OK;
}
