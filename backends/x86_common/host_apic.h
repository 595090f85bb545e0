/* The host's local APIC as the x86 backends see it at an external-interrupt
 * exit: the interrupt is still pending there (not acknowledged by the exit). */
#ifndef X86_COMMON_HOST_APIC_H
#define X86_COMMON_HOST_APIC_H

#include <stdint.h>

/* Returns the highest vector pending in the calling CPU's local APIC IRR
 * (xAPIC registers through vcpu_host_phys_to_virt() of IA32_APIC_BASE, or
 * x2APIC MSRs, whichever mode it is in), 0 if none or if the host does not
 * map the xAPIC page. Host
 * only, with the APIC enabled; any CPU, about its own APIC. Cannot fail. */
uint32_t x86_host_pending_vector(void);

#endif
