/* Per-CPU enable/disable: checks for SVM, sets EFER.SVME, the host save area
 * of VMRUN and the VMSAVE area of the host's FS/GS/TR/LDTR/syscall MSRs. */
#include <vcpu/arch.h>

#include "cpu.h"
#include "fpu.h"

#define CR4_OSFXSR (1ull << 9)

#define CPUID_SVM_NP (1u << 0)
#define CPUID_SVM_NRIPS (1u << 3)
#define CPUID_SVM_FLUSH_BY_ASID (1u << 6)

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
    if (!(d & CPUID_SVM_NP))
        return VCPU_ERR_NOT_SUPPORTED;
    ap->nrips = (d & CPUID_SVM_NRIPS) != 0;
    ap->flush_by_asid = (d & CPUID_SVM_FLUSH_BY_ASID) != 0;
    ap->hsave = vcpu_host_alloc_pages(1);
    ap->host_save = vcpu_host_alloc_pages(1);
    ap->host_fpu_pages = svm_fpu_area_pages();
    ap->host_fpu = vcpu_host_alloc_pages(ap->host_fpu_pages);
    if (ap->hsave == NULL || ap->host_save == NULL || ap->host_fpu == NULL) {
        vcpu_host_free_pages(ap->hsave, 1);
        vcpu_host_free_pages(ap->host_save, 1);
        vcpu_host_free_pages(ap->host_fpu, ap->host_fpu_pages);
        ap->hsave = ap->host_save = NULL;
        ap->host_fpu = NULL;
        return VCPU_ERR_NO_MEMORY;
    }
    /* FXSAVE/FXRSTOR cover the XMM registers only with CR4.OSFXSR. */
    ap->set_osfxsr = 0;
    if (!(READ_CR(4) & CR4_OSFXSR)) {
        WRITE_CR(4, READ_CR(4) | CR4_OSFXSR);
        ap->set_osfxsr = 1;
    }
    ap->host_save_pa = vcpu_host_virt_to_phys(ap->host_save);
    for (unsigned i = 0; i < sizeof(ap->asid_owner) / sizeof(ap->asid_owner[0]); i++)
        ap->asid_owner[i] = 0;
    /* XSETBV is emulated per vCPU: the host switches XCR0, which needs
     * CR4.OSXSAVE. */
    cpuid(1, &a, &b, &c, &d);
    ap->xcr0_supported = 0;
    ap->set_osxsave = 0;
    if ((c >> 26) & 1) {
        cpuid(0xd, &a, &b, &c, &d);
        ap->xcr0_supported = (uint64_t)d << 32 | a;
        if (!(READ_CR(4) & CR4_OSXSAVE)) {
            WRITE_CR(4, READ_CR(4) | CR4_OSXSAVE);
            ap->set_osxsave = 1;
        }
    }
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
    if (ap->set_osxsave) {
        WRITE_CR(4, READ_CR(4) & ~CR4_OSXSAVE);
        ap->set_osxsave = 0;
    }
    if (ap->set_osfxsr) {
        WRITE_CR(4, READ_CR(4) & ~CR4_OSFXSR);
        ap->set_osfxsr = 0;
    }
    vcpu_host_free_pages(ap->hsave, 1);
    vcpu_host_free_pages(ap->host_save, 1);
    vcpu_host_free_pages(ap->host_fpu, ap->host_fpu_pages);
    ap->hsave = ap->host_save = NULL;
    ap->host_fpu = NULL;
    return VCPU_OK;
}
