/* vcpu_arch_run: load the guest's EL2 controls, switch worlds, decode the exit. */
#include <vcpu/arch.h>
#include <vcpu/arm_el2.h>

#include "decode.h"
#include "el1_state.h"
#include "fpsimd.h"
#include "gic_virt.h"
#include "sysreg.h"

/* Vector kinds returned by arm_el2_enter_guest() (switch.S). */
enum { EXIT_SYNC = 0, EXIT_IRQ = 1, EXIT_FIQ = 2, EXIT_SERROR = 3 };

/* ESR_EL2.EC of an FP/SIMD access trapped by CPTR_EL2.TFP. */
#define ESR_EC_FP 0x07u

uint64_t arm_el2_enter_guest(struct arm_el2_cpu_context *ctx);

/* Makes `v`'s EL1 state the one in this CPU's registers. */
static void load_el1(struct vcpu_arch_percpu *ap, struct vcpu *v)
{
    if (ap->loaded == v)
        return;
    if (ap->loaded != NULL) {
        struct vcpu *prev = (struct vcpu *)(uintptr_t)ap->loaded;
        arm_el2_el1_save(prev->arch.el1);
        prev->arch.el1_loaded = 0;
    }
    arm_el2_el1_restore(v->arch.el1);
    ap->loaded = v;
    v->arch.el1_loaded = 1;
}

/* The guest's first FP/SIMD access since it was last loaded here: makes its
 * registers the CPU's (saving the previous owner's) and stops trapping. */
static void load_fpsimd(struct vcpu_arch_percpu *ap, struct vcpu *v)
{
    WRITE_SYSREG(cptr_el2, CPTR_RES1 | CPTR_TTA);
    isb();
    if (ap->fp_owner != NULL) {
        struct vcpu *prev = (struct vcpu *)(uintptr_t)ap->fp_owner;
        arm_el2_fpsimd_save(&prev->arch.fp);
        prev->arch.fp_loaded = 0;
    }
    arm_el2_fpsimd_restore(&v->arch.fp);
    ap->fp_owner = v;
    v->arch.fp_loaded = 1;
}

/* Points VTTBR_EL2 at `v`'s stage-2 tables under the VMID this CPU gives its
 * VM, and invalidates what the TLBs may hold for that VMID from another VM
 * (owner change) or from older tables (after a stage-2 fault or a bind). */
static void load_stage2(struct vcpu_arch_percpu *ap, struct vcpu *v)
{
    struct vcpu_arch *a = &v->arch;
    bool owner_changed = false;
    uint32_t vmid = arm_el2_vmid_assign(&ap->vmids, arm_el2_vmid_usable(ap->vmid_bits), v->vm_id,
                                        a->root, &owner_changed);
    uint64_t vtcr = (a->vtcr & ~VTCR_VS) | (ap->vmid_bits == 16 ? VTCR_VS : 0);
    WRITE_SYSREG(vtcr_el2, vtcr);
    WRITE_SYSREG(vttbr_el2, a->root | (uint64_t)vmid << 48);
    isb();
    if (a->flush_stage2) {
        /* The VM's tables changed: other CPUs running it (under their own
         * VMIDs) must drop their entries too. */
        __asm__ volatile("tlbi alle1is; dsb ish; isb" ::: "memory");
        a->flush_stage2 = 0;
    } else if (owner_changed) {
        /* Only this CPU used this VMID for its previous owner. */
        __asm__ volatile("tlbi vmalls12e1; dsb nsh; isb" ::: "memory");
    }
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

/* Handles a trapped SMC: PSCI in the backend or an exit for the VMM. An SMC
 * the backend does not know is UNKNOWN with the PC left at it and x0 intact. */
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
    if (exit->reason == VCPU_EXIT_UNKNOWN)
        return;
    /* The VMM may still override x0 with vcpu_set_return_value(). */
    v->arch.regs.x[0] = ret;
    v->arch.regs.pc += 4; /* an SMC trap leaves ELR_EL2 at the SMC */
}

/* Enters the guest until an exit that is not the backend's own FP/SIMD trap;
 * returns the vector kind and the exit's syndrome in *trap. */
static uint64_t enter(struct vcpu_arch_percpu *ap, struct vcpu *v, struct arm_el2_trap *trap)
{
    struct vcpu_arch *a = &v->arch;
    for (;;) {
        WRITE_SYSREG(cptr_el2, CPTR_RES1 | CPTR_TTA | (ap->fp_owner == v ? 0 : CPTR_TFP));
        isb();
        ap->ctx.guest = &a->regs;
        uint64_t kind = arm_el2_enter_guest(&ap->ctx);
        ap->ctx.guest = NULL;
        *trap = (struct arm_el2_trap){
            .esr = READ_SYSREG(esr_el2),
            .far = READ_SYSREG(far_el2),
            .hpfar = READ_SYSREG(hpfar_el2),
            .x = a->regs.x,
        };
        if (kind != EXIT_SYNC || arm_el2_esr_ec(trap->esr) != ESR_EC_FP || ap->fp_owner == v)
            return kind;
        load_fpsimd(ap, v); /* then retry the instruction */
    }
}

int vcpu_arch_run(struct vcpu *v, struct vcpu_arch_percpu *ap, struct vcpu_exit *exit)
{
    struct vcpu_arch *a = &v->arch;
    uint64_t host_hcr = READ_SYSREG(hcr_el2);

    load_el1(ap, v);
    load_stage2(ap, v);
    WRITE_SYSREG(vmpidr_el2, a->vmpidr);
    WRITE_SYSREG(vpidr_el2, READ_SYSREG(midr_el1));
    WRITE_SYSREG(mdcr_el2, (ap->saved_mdcr & MDCR_HPMN_MASK) | a->mdcr);
    WRITE_SYSREG(hcr_el2, a->hcr);
    isb();
    arm_el2_gic_load(a);

    struct arm_el2_trap trap;
    uint64_t kind = enter(ap, v, &trap);

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
            a->flush_stage2 = 1;
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
