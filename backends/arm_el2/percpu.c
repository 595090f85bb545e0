/* Per-CPU enable/disable: checks for EL2, installs the backend's vectors and
 * per-CPU context, and restores what it changed on disable. */
#include <vcpu/arch.h>

#include "sysreg.h"

extern const char arm_el2_vectors[];

int vcpu_arch_percpu_init(struct vcpu_arch_percpu *ap, uint32_t cpu_id)
{
    *ap = (struct vcpu_arch_percpu){.cpu_id = cpu_id};
    return VCPU_OK;
}

int vcpu_arch_percpu_enable(struct vcpu_arch_percpu *ap)
{
    if (((READ_SYSREG(CurrentEL) >> 2) & 3) != 2)
        return VCPU_ERR_NOT_SUPPORTED;
    ap->saved_vbar = READ_SYSREG(vbar_el2);
    ap->saved_hcr = READ_SYSREG(hcr_el2);
    ap->saved_tpidr = READ_SYSREG(tpidr_el2);
    ap->saved_mdcr = READ_SYSREG(mdcr_el2);
    ap->saved_cnthctl = READ_SYSREG(cnthctl_el2);
    ap->saved_cptr = READ_SYSREG(cptr_el2);
    ap->loaded = NULL;
    ap->fp_owner = NULL;
    ap->vmids = (struct arm_el2_vmid_table){0};
    ap->vmid_bits = MMFR1_VMIDBITS(READ_SYSREG(id_aa64mmfr1_el1)) == 2 ? 16 : 8;
    WRITE_SYSREG(tpidr_el2, (uintptr_t)&ap->ctx);
    WRITE_SYSREG(vbar_el2, (uintptr_t)arm_el2_vectors);
    /* Host IRQs reach EL2. Guests may read the physical counter but not
     * program the EL1 physical timer (its interrupt is the host's: it would
     * fire on whatever runs on this CPU later); accesses to CNTP_* trap as
     * SYSREG exits. MDCR_EL2 is the vCPU's at each entry (run.c); here no
     * debug exception is routed to EL2. */
    WRITE_SYSREG(hcr_el2, HCR_RW | HCR_IMO);
    WRITE_SYSREG(mdcr_el2, ap->saved_mdcr & MDCR_HPMN_MASK);
    WRITE_SYSREG(cnthctl_el2, CNTHCTL_EL1PCTEN);
    WRITE_SYSREG(cntvoff_el2, 0);
    isb();
    /* The VMID table starts empty: no VMID may hold entries from before. */
    __asm__ volatile("tlbi alle1; dsb nsh; isb" ::: "memory");
    return VCPU_OK;
}

int vcpu_arch_percpu_disable(struct vcpu_arch_percpu *ap)
{
    WRITE_SYSREG(vbar_el2, ap->saved_vbar);
    WRITE_SYSREG(hcr_el2, ap->saved_hcr);
    WRITE_SYSREG(tpidr_el2, ap->saved_tpidr);
    WRITE_SYSREG(mdcr_el2, ap->saved_mdcr);
    WRITE_SYSREG(cnthctl_el2, ap->saved_cnthctl);
    WRITE_SYSREG(cptr_el2, ap->saved_cptr);
    WRITE_SYSREG(vttbr_el2, 0);
    isb();
    /* No VMID may carry entries into a later enable's fresh table. */
    __asm__ volatile("tlbi alle1; dsb nsh; isb" ::: "memory");
    ap->loaded = NULL;
    ap->fp_owner = NULL;
    return VCPU_OK;
}
