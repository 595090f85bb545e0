/* Per-CPU enable/disable: checks for SVM, sets EFER.SVME and the host save area. */
#include <vcpu/arch.h>

#include "cpu.h"

int vcpu_arch_percpu_init(struct vcpu_arch_percpu *ap, uint32_t cpu_id)
{
    *ap = (struct vcpu_arch_percpu){.cpu_id = cpu_id};
    return VCPU_OK;
}

int vcpu_arch_percpu_enable(struct vcpu_arch_percpu *ap)
{
    uint32_t a, b, c, d;
    cpuid(0x80000000u, &a, &b, &c, &d);
    if (a < 0x8000000au)
        return VCPU_ERR_NOT_SUPPORTED;
    cpuid(0x80000001u, &a, &b, &c, &d);
    if (!((c >> 2) & 1) || (rdmsr(MSR_VM_CR) & VM_CR_SVMDIS))
        return VCPU_ERR_NOT_SUPPORTED;
    cpuid(0x8000000au, &a, &b, &c, &d);
    if (!(d & 1)) /* nested paging */
        return VCPU_ERR_NOT_SUPPORTED;
    ap->nrips = (d >> 3) & 1;
    ap->hsave = vcpu_host_alloc_pages(1);
    if (ap->hsave == NULL)
        return VCPU_ERR_NO_MEMORY;
    ap->saved_efer = rdmsr(MSR_EFER);
    ap->saved_hsave_pa = rdmsr(MSR_VM_HSAVE_PA);
    wrmsr(MSR_VM_HSAVE_PA, vcpu_host_virt_to_phys(ap->hsave));
    wrmsr(MSR_EFER, ap->saved_efer | EFER_SVME);
    return VCPU_OK;
}

int vcpu_arch_percpu_disable(struct vcpu_arch_percpu *ap)
{
    wrmsr(MSR_EFER, ap->saved_efer & ~EFER_SVME);
    wrmsr(MSR_VM_HSAVE_PA, ap->saved_hsave_pa);
    vcpu_host_free_pages(ap->hsave, 1);
    ap->hsave = NULL;
    return VCPU_OK;
}
