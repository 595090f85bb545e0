/* Decoding guest writes to the x2APIC interrupt command register (MSR
 * 0x830) into CPU_UP / SEND_IPI exits. Pure; shared by the x86 backends. */
#ifndef X86_COMMON_X2APIC_H
#define X86_COMMON_X2APIC_H

#include <vcpu/exit.h>

#define X2APIC_MSR_FIRST 0x800u
#define X2APIC_MSR_LAST 0x8ffu
#define X2APIC_MSR_ICR 0x830u

/* Decodes the ICR value `icr` written by the guest CPU whose x2APIC id is
 * `self`. `init_seen` is a bit mask of x2APIC ids that received INIT (updated
 * here: INIT sets the target's bit, SIPI consumes it). INIT to itself →
 * CPU_DOWN (the CPU parks itself in wait-for-SIPI); INIT to another → NOTHING;
 * SIPI → CPU_UP (APIC id, entry = vector × 4096, arg 0); fixed → SEND_IPI
 * (destination, shorthand in target_cpu_aux, vector); other delivery modes →
 * UNKNOWN. Always writes *exit. */
void x2apic_decode_icr(uint64_t icr, uint64_t self, uint64_t *init_seen, struct vcpu_exit *exit);

#endif
