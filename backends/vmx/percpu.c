/* Per-CPU enable/disable: checks for VMX and what the backend needs from it
 * (capability MSRs), adjusts CR0/CR4 to the fixed bits, VMXON / VMXOFF. */
#include <vcpu/arch.h>

#include "backends/x86_common/cpu.h"
#include "caps.h"
#include "vmcs.h"
#include "vmx_insn.h"

#define CR4_OSXSAVE (1ull << 18)
#define XCR0_FITS_ONE_PAGE 0x2ffull /* x87, SSE, AVX, MPX, AVX-512, PKRU */

int vcpu_arch_percpu_init(struct vcpu_arch_percpu *ap, uint32_t cpu_id)
{
    *ap = (struct vcpu_arch_percpu){.cpu_id = cpu_id};
    return VCPU_OK;
}

/* Reads the capability MSRs, each only where it exists. */
static void read_caps(struct vmx_cap_msrs *m)
{
    *m = (struct vmx_cap_msrs){0};
    m->basic = rdmsr(MSR_VMX_BASIC);
    m->pin = rdmsr(MSR_VMX_PINBASED);
    m->proc = rdmsr(MSR_VMX_PROCBASED);
    m->exit = rdmsr(MSR_VMX_EXIT);
    m->entry = rdmsr(MSR_VMX_ENTRY);
    if (m->basic & VMX_BASIC_TRUE_CONTROLS) {
        m->true_pin = rdmsr(MSR_VMX_TRUE_PINBASED);
        m->true_proc = rdmsr(MSR_VMX_TRUE_PROCBASED);
        m->true_exit = rdmsr(MSR_VMX_TRUE_EXIT);
        m->true_entry = rdmsr(MSR_VMX_TRUE_ENTRY);
    }
    if (vmx_proc2_readable(m->proc)) {
        m->proc2 = rdmsr(MSR_VMX_PROCBASED2);
        if (vmx_ept_vpid_readable(m->proc2))
            m->ept_vpid = rdmsr(MSR_VMX_EPT_VPID_CAP);
    }
}

/* Checks IA32_FEATURE_CONTROL after the capability checks (`caps_ok`); locks
 * it with VMX enabled only if the firmware left it unlocked and the backend
 * can use this CPU. False if VMX stays unusable. */
static bool feature_control_allows_vmx(struct vcpu_arch_percpu *ap, bool caps_ok)
{
    uint64_t fc = rdmsr(MSR_FEATURE_CONTROL);
    ap->saved_feature_control = fc;
    switch (vmx_feature_control_action(fc, caps_ok)) {
    case VMX_FEATURE_CONTROL_KEEP:
        return true;
    case VMX_FEATURE_CONTROL_LOCK:
        wrmsr(MSR_FEATURE_CONTROL, fc | FEATURE_CONTROL_LOCK | FEATURE_CONTROL_VMX_OUTSIDE_SMX);
        return true;
    default:
        return false;
    }
}

/* Fills the controls and fixed bits of `ap`; false if something is missing. */
static bool check_caps(struct vcpu_arch_percpu *ap)
{
    struct vmx_cap_msrs m;
    struct vmx_controls c;
    read_caps(&m);
    if (!vmx_basic_usable(m.basic) || !vmx_compute_controls(&m, &c))
        return false;
    ap->revision = vmx_revision(m.basic);
    ap->pin = c.pin;
    ap->proc = c.proc;
    ap->proc2 = c.proc2;
    /* DR7 and DEBUGCTL switch with the VMCS (default-1 bits on every CPU). */
    ap->exit = c.exit | EXIT_SAVE_DEBUG;
    ap->entry = c.entry | ENTRY_LOAD_DEBUG;
    ap->invept_single = c.invept_single;
    ap->cr0_fixed0 = rdmsr(MSR_VMX_CR0_FIXED0);
    ap->cr0_fixed1 = rdmsr(MSR_VMX_CR0_FIXED1);
    ap->cr4_fixed0 = rdmsr(MSR_VMX_CR4_FIXED0);
    ap->cr4_fixed1 = rdmsr(MSR_VMX_CR4_FIXED1);
    return true;
}

int vcpu_arch_percpu_enable(struct vcpu_arch_percpu *ap)
{
    uint32_t a, b, c, d;
    cpuid(1, &a, &b, &c, &d);
    if (!((c >> 5) & 1))
        return VCPU_ERR_NOT_SUPPORTED;
    if (!feature_control_allows_vmx(ap, check_caps(ap)))
        return VCPU_ERR_NOT_SUPPORTED;
    uint32_t *region = vcpu_host_alloc_pages(1);
    if (region == NULL)
        return VCPU_ERR_NO_MEMORY;
    for (unsigned i = 0; i < 1024; i++)
        region[i] = 0;
    region[0] = ap->revision;
    ap->saved_cr0 = READ_CR(0);
    ap->saved_cr4 = READ_CR(4);
    WRITE_CR(0, vmx_fixed_bits(ap->saved_cr0, ap->cr0_fixed0, ap->cr0_fixed1, 0));
    /* XSETBV is emulated per vCPU: the backend switches XCR0, which needs
     * CR4.OSXSAVE. Only the components whose XSAVE area fits the vCPU's one
     * FP page (x87 to AVX-512 and PKRU) are offered. */
    uint64_t cr4 = ap->saved_cr4 | CR4_VMXE;
    ap->xcr0_supported = 0;
    if ((c >> 26) & 1) {
        cpuid(0xd, &a, &b, &c, &d);
        ap->xcr0_supported = ((uint64_t)d << 32 | a) & XCR0_FITS_ONE_PAGE;
        cr4 |= CR4_OSXSAVE;
    }
    WRITE_CR(4, vmx_fixed_bits(cr4, ap->cr4_fixed0, ap->cr4_fixed1, 0));
    if (!vmxon(vcpu_host_virt_to_phys(region))) {
        WRITE_CR(4, ap->saved_cr4);
        WRITE_CR(0, ap->saved_cr0);
        vcpu_host_free_pages(region, 1);
        return VCPU_ERR_HARDWARE;
    }
    ap->vmxon_region = region;
    return VCPU_OK;
}

int vcpu_arch_percpu_disable(struct vcpu_arch_percpu *ap)
{
    if (!vmxoff())
        return VCPU_ERR_HARDWARE;
    WRITE_CR(4, ap->saved_cr4);
    WRITE_CR(0, ap->saved_cr0);
    vcpu_host_free_pages(ap->vmxon_region, 1);
    ap->vmxon_region = NULL;
    return VCPU_OK;
}
