/* What both x86 backends do alike with their shared vCPU state (struct
 * x86_vcpu_state, <vcpu_backend/x86_state.h>): its start values, the setup
 * options they share, one pending interrupt. Pure; compiled and tested on the
 * host too. */
#ifndef X86_COMMON_VCPU_STATE_H
#define X86_COMMON_VCPU_STATE_H

#include <vcpu/error.h>
#include <vcpu_backend/x86_state.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Resets *s for a vCPU whose x2APIC id is `apic_id`: no pending interrupt,
 * no INIT seen, no last read, the default poweroff port
 * (X86_DEFAULT_POWEROFF_PORT) with SLP_TYP 0. Pure; any CPU. */
void x86_vcpu_state_init(struct x86_vcpu_state *s, uint32_t apic_id);

/* Applies the setup options both backends share: `poweroff_port` (0 keeps
 * the current one) and the S5 SLP_TYP `poweroff_slp_typ` (its low three
 * bits). Pure; any CPU. */
void x86_vcpu_state_setup(struct x86_vcpu_state *s, uint16_t poweroff_port,
                          uint8_t poweroff_slp_typ);

/* Accepts `vector` as the one pending interrupt: VCPU_OK, or VCPU_ERR_BUSY
 * while the previous one is not injected yet (nothing changes). Pure. */
int x86_queue_interrupt(struct x86_vcpu_state *s, uint32_t vector);

#ifdef __cplusplus
}
#endif

#endif
