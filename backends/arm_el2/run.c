/* vcpu_arch_run: load the guest's EL2 controls, switch worlds, decode the exit. */
#include <vcpu/arch.h>
#include <vcpu/arm_el2.h>

#include "decode.h"
#include "el1_state.h"
#include "gic_virt.h"
#include "sysreg.h"

/* Vector kinds returned by arm_el2_enter_guest() (switch.S). */
enum { EXIT_SYNC = 0, EXIT_IRQ = 1, EXIT_FIQ = 2, EXIT_SERROR = 3 };

uint64_t arm_el2_enter_guest(struct arm_el2_cpu_context *ctx);

/* Makes `v`'s EL1 state the one in this CPU's registers. */
static void load_el1(struct vcpu_arch_percpu *ap, struct vcpu *v)
{
    if (ap->loaded == v)
        return;
    if (ap->loaded != NULL)
        arm_el2_el1_save(((struct vcpu *)(uintptr_t)ap->loaded)->arch.el1);
    arm_el2_el1_restore(v->arch.el1);
    ap->loaded = v;
}

/* PSCI AFFINITY_INFO of `target` in the VM of `caller`: ON (0) for a bound
 * vCPU, OFF (1) for another, INVALID_PARAMETERS for an unknown MPIDR. */
static uint64_t affinity_info(const struct vcpu *caller, uint64_t target)
{
    const struct vcpu *v = vcpu_core_find_vcpu(caller->vm_id, target & 0xff00ffffffull);
    if (v == NULL)
        return (uint64_t)(int64_t)ARM_PSCI_INVALID_PARAMETERS;
    return vcpu_core_is_bound(v) ? 0 : 1;
}

/* Handles a trapped SMC: PSCI in the backend or an exit for the VMM. */
static void handle_smc(struct vcpu *v, const struct arm_el2_trap *trap, struct vcpu_exit *exit)
{
    uint64_t ret;
    switch (arm_el2_decode_smc(trap, exit, &ret)) {
    case ARM_EL2_PSCI_AFFINITY_INFO:
        ret = affinity_info(v, trap->x[1]);
        break;
    case ARM_EL2_PSCI_RETURN:
    case ARM_EL2_PSCI_EXIT:
        break;
    }
    /* The VMM may still override x0 with vcpu_set_return_value(). */
    v->arch.regs.x[0] = ret;
    v->arch.regs.pc += 4; /* an SMC trap leaves ELR_EL2 at the SMC */
}

int vcpu_arch_run(struct vcpu *v, struct vcpu_arch_percpu *ap, struct vcpu_exit *exit)
{
    struct vcpu_arch *a = &v->arch;
    uint64_t host_hcr = READ_SYSREG(hcr_el2);

    load_el1(ap, v);
    WRITE_SYSREG(vttbr_el2, a->vttbr);
    WRITE_SYSREG(vtcr_el2, a->vtcr);
    WRITE_SYSREG(vmpidr_el2, a->vmpidr);
    WRITE_SYSREG(vpidr_el2, READ_SYSREG(midr_el1));
    WRITE_SYSREG(hcr_el2, a->hcr);
    isb();
    if (a->pending_npf_flush) {
        /* Stage-2 entries may have changed since this VMID last ran here. */
        __asm__ volatile("tlbi vmalls12e1is; dsb ish; isb" ::: "memory");
        a->pending_npf_flush = 0;
    }
    arm_el2_gic_load(a);

    ap->ctx.guest = &a->regs;
    uint64_t kind = arm_el2_enter_guest(&ap->ctx);
    ap->ctx.guest = NULL;

    struct arm_el2_trap trap = {
        .esr = READ_SYSREG(esr_el2),
        .far = READ_SYSREG(far_el2),
        .hpfar = READ_SYSREG(hpfar_el2),
        .x = a->regs.x,
    };
    arm_el2_gic_save(a);
    WRITE_SYSREG(hcr_el2, host_hcr);
    isb();

    switch (kind) {
    case EXIT_SYNC:
        if (arm_el2_esr_ec(trap.esr) == ESR_EC_SMC64) {
            handle_smc(v, &trap, exit);
        } else if (arm_el2_decode_sync(&trap, exit) == ARM_EL2_PC_ADVANCE) {
            a->regs.pc += arm_el2_esr_insn_len(trap.esr);
        }
        if (exit->reason == VCPU_EXIT_NESTED_PAGE_FAULT)
            a->pending_npf_flush = 1;
        break;
    case EXIT_IRQ:
        *exit = (struct vcpu_exit){.reason = VCPU_EXIT_EXTERNAL_INTERRUPT};
        exit->external_interrupt.vector = arm_el2_gic_pending_irq(a->gicc_base);
        break;
    default: /* FIQ, SError */
        *exit = (struct vcpu_exit){.reason = VCPU_EXIT_UNKNOWN};
        break;
    }
    exit->raw.arch = VCPU_ARCH_ARM64;
    exit->raw.arm64.esr = trap.esr;
    exit->raw.arm64.far = trap.far;
    exit->raw.arm64.hpfar = trap.hpfar;
    return VCPU_OK;
}
