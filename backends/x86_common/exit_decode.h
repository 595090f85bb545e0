/* Exit records both x86 backends build the same way (pure, host-tested):
 * the hypercall register convention of <vcpu/x86.h> and RDMSR/WRMSR. */
#ifndef X86_COMMON_EXIT_DECODE_H
#define X86_COMMON_EXIT_DECODE_H

#include <stdbool.h>
#include <vcpu/exit.h>

#ifdef __cplusplus
extern "C" {
#endif

/* HYPERCALL from the guest registers `gpr` (RAX..R15): nr in RAX, arguments
 * in RBX, RCX, RDX, RSI, RDI, R8. Sets the reason and payload only. Pure; any
 * CPU. */
void x86_hypercall_exit(const uint64_t *gpr, struct vcpu_exit *exit);

/* Decodes an intercepted RDMSR (`write` false) or WRMSR of the MSR in ECX,
 * with `gpr` = RAX..R15 of the guest CPU whose x2APIC id is `self`: RDMSR →
 * SYSREG_READ (MSR, destination RAX for EDX:EAX); WRMSR of the ICR → as
 * x2apic_decode_icr() with EDX:EAX; any other WRMSR → SYSREG_WRITE (MSR,
 * EDX:EAX). Sets the reason and payload and leaves exit->raw as it was.
 * Pure; any CPU. */
void x86_decode_msr_exit(bool write, const uint64_t *gpr, uint64_t self, uint64_t *init_seen,
                         struct vcpu_exit *exit);

#ifdef __cplusplus
}
#endif

#endif
