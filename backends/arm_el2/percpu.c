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
    ap->loaded = NULL;
    WRITE_SYSREG(tpidr_el2, (uintptr_t)&ap->ctx);
    WRITE_SYSREG(vbar_el2, (uintptr_t)arm_el2_vectors);
    /* Host IRQs reach EL2; guests get the physical counter and timer, the
     * PMU, and have debug exceptions routed to EL2. */
    WRITE_SYSREG(hcr_el2, HCR_RW | HCR_IMO);
    WRITE_SYSREG(mdcr_el2, (ap->saved_mdcr & MDCR_HPMN_MASK) | MDCR_TDE);
    WRITE_SYSREG(cnthctl_el2, 3);
    WRITE_SYSREG(cntvoff_el2, 0);
    isb();
    return VCPU_OK;
}

int vcpu_arch_percpu_disable(struct vcpu_arch_percpu *ap)
{
    WRITE_SYSREG(vbar_el2, ap->saved_vbar);
    WRITE_SYSREG(hcr_el2, ap->saved_hcr);
    WRITE_SYSREG(tpidr_el2, ap->saved_tpidr);
    WRITE_SYSREG(mdcr_el2, ap->saved_mdcr);
    WRITE_SYSREG(cnthctl_el2, ap->saved_cnthctl);
    WRITE_SYSREG(vttbr_el2, 0);
    isb();
    ap->loaded = NULL;
    return VCPU_OK;
}
