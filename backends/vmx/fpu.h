/* FP/SIMD state of the guests (x87, SSE, and with XSAVE every component
 * the backend offers, `xcr0_supported`, whatever XCR0 the guest set: each
 * guest's own XCR0 is loaded only while it runs, run.c). The CPU holds one
 * vCPU's registers at a time; the per-CPU `fpu_owner` says whose. Switched
 * lazily, only when a different vCPU enters on that CPU: the previous
 * owner's registers are saved into its page and the entering one's loaded,
 * so one guest never reads another's. The host library code itself never
 * uses FP/SIMD registers (-mgeneral-regs-only). Target only; on the owning
 * CPU with interrupts masked. */
#ifndef VMX_FPU_H
#define VMX_FPU_H

#include <vcpu/arch.h>

/* Fills a vCPU's FP page with the architectural reset state (x87 control
 * word 0x37f, MXCSR 0x1f80, registers zero). Any CPU. */
void vmx_fpu_init_area(uint8_t *area);

/* Before entering `a` on the CPU of `ap`: makes the CPU hold a's FP state. */
void vmx_fpu_enter(struct vcpu_arch_percpu *ap, struct vcpu_arch *a);

/* At unbind: if the CPU of `ap` holds a's state, saves it into a's page and
 * leaves the CPU without an owner. */
void vmx_fpu_release(struct vcpu_arch_percpu *ap, struct vcpu_arch *a);

/* At destroy (any CPU): drops `a` as its last CPU's owner, so that CPU never
 * saves into a freed page. */
void vmx_fpu_forget(struct vcpu_arch *a);

#endif
