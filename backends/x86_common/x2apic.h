/* Decoding guest writes to the x2APIC interrupt command register (MSR
 * 0x830) into CPU_UP / SEND_IPI exits. Pure; shared by the x86 backends. */
#ifndef X86_COMMON_X2APIC_H
#define X86_COMMON_X2APIC_H

#include <vcpu/exit.h>

#define X2APIC_MSR_FIRST 0x800u
#define X2APIC_MSR_LAST 0x8ffu
#define X2APIC_MSR_ICR 0x830u

/* Decodes the ICR value `icr` written by the guest CPU whose x2APIC id is
 * `self`. `init_seen` is the sender's bit mask of x2APIC ids 0..63 it sent
 * INIT to, which have not been started by a SIPI since (updated here).
 * INIT (level assert) to itself → CPU_DOWN (the CPU parks itself in
 * wait-for-SIPI); INIT to another → NOTHING, the target's bit set; INIT level
 * de-assert (level 0, level-triggered) → NOTHING, no effect. SIPI → CPU_UP
 * (APIC id, entry = vector × 4096, arg 0) if the target's bit is set (the bit
 * is cleared), else NOTHING: as on hardware, only a CPU waiting after INIT
 * starts, so the second SIPI of INIT-SIPI-SIPI, or a SIPI to a started CPU,
 * is ignored. Targets with ids of 64 and above are not tracked: every SIPI to
 * them is CPU_UP. Fixed → SEND_IPI (destination, shorthand in target_cpu_aux,
 * vector); other delivery modes → UNKNOWN. Always writes *exit. */
void x2apic_decode_icr(uint64_t icr, uint64_t self, uint64_t *init_seen, struct vcpu_exit *exit);

#endif
