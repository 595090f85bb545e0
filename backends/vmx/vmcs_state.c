/* Host state, controls and guest start state in the current VMCS (see
 * vmcs_state.h). */
#include "vmcs_state.h"

#include "backends/x86_common/cpu.h"
#include "caps.h"
#include "event.h"
#include "vmcs.h"

/* Real-mode CS: a read/write data type (3), which only an unrestricted guest
 * may have and which needs DPL 0 but not DPL = RPL: the selector is base >> 4,
 * whose RPL bits are arbitrary, while a code type (9/11) would need CS.DPL =
 * SS.DPL = 0 and CS.DPL = CS.RPL at once. Real mode does not check CS's type. */
#define AR_REAL_MODE_CS SEG_AR_DATA16

extern const char vmx_exit_point[];

struct descriptor_table {
    uint16_t limit;
    uint64_t base;
} __attribute__((packed));

/* The base of the TSS descriptor `selector` in the GDT at `gdt`. */
static uint64_t tss_base(uint64_t gdt, uint16_t selector)
{
    const volatile uint32_t *d = (const volatile uint32_t *)(uintptr_t)(gdt + (selector & ~7u));
    return (d[0] >> 16) | (uint64_t)(d[1] & 0xff) << 16 | (uint64_t)(d[1] >> 24) << 24 |
           (uint64_t)d[2] << 32;
}

#define READ_SEG(name)                                                                             \
    ({                                                                                             \
        uint16_t s_;                                                                               \
        __asm__ volatile("mov %%" #name ", %0" : "=r"(s_));                                        \
        s_;                                                                                        \
    })

int vmx_write_host_state(struct vcpu_arch *a)
{
    struct descriptor_table gdtr, idtr;
    uint16_t tr;
    __asm__ volatile("sgdt %0; sidt %1; str %2" : "=m"(gdtr), "=m"(idtr), "=r"(tr));
    if ((tr & ~7u) == 0)
        return VCPU_ERR_NOT_SUPPORTED;
    vmwrite(VMCS_HOST_CR0, READ_CR(0));
    vmwrite(VMCS_HOST_CR3, READ_CR(3));
    vmwrite(VMCS_HOST_CR4, READ_CR(4));
    vmwrite(VMCS_HOST_CS_SEL, READ_SEG(cs) & ~7u);
    vmwrite(VMCS_HOST_SS_SEL, READ_SEG(ss) & ~7u);
    vmwrite(VMCS_HOST_DS_SEL, READ_SEG(ds) & ~7u);
    vmwrite(VMCS_HOST_ES_SEL, READ_SEG(es) & ~7u);
    vmwrite(VMCS_HOST_FS_SEL, READ_SEG(fs) & ~7u);
    vmwrite(VMCS_HOST_GS_SEL, READ_SEG(gs) & ~7u);
    vmwrite(VMCS_HOST_TR_SEL, tr & ~7u);
    vmwrite(VMCS_HOST_FS_BASE, rdmsr(MSR_FS_BASE));
    vmwrite(VMCS_HOST_GS_BASE, rdmsr(MSR_GS_BASE));
    vmwrite(VMCS_HOST_TR_BASE, tss_base(gdtr.base, tr));
    vmwrite(VMCS_HOST_GDTR_BASE, gdtr.base);
    vmwrite(VMCS_HOST_IDTR_BASE, idtr.base);
    vmwrite(VMCS_HOST_SYSENTER_CS, rdmsr(MSR_SYSENTER_CS));
    vmwrite(VMCS_HOST_SYSENTER_ESP, rdmsr(MSR_SYSENTER_ESP));
    vmwrite(VMCS_HOST_SYSENTER_EIP, rdmsr(MSR_SYSENTER_EIP));
    vmwrite(VMCS_HOST_EFER, rdmsr(MSR_EFER));
    vmwrite(VMCS_HOST_RIP, (uint64_t)(uintptr_t)vmx_exit_point);
    uint64_t host[VMX_AREA_MSR_COUNT];
    for (unsigned i = 0; i < VMX_AREA_MSR_COUNT; i++)
        host[i] = rdmsr(vmx_area_msrs[i]);
    vmx_msr_area_fill(vmx_host_msr_area(a), host);
    return VCPU_OK;
}

void vmx_write_controls(const struct vcpu_arch *a, const struct vcpu_arch_percpu *ap)
{
    vmwrite(VMCS_PIN_CONTROLS, ap->pin);
    vmwrite(VMCS_PROC_CONTROLS, ap->proc);
    vmwrite(VMCS_PROC2_CONTROLS, ap->proc2);
    vmwrite(VMCS_EXIT_CONTROLS, ap->exit);
    vmwrite(VMCS_ENTRY_CONTROLS, ap->entry);
    vmwrite(VMCS_EXCEPTION_BITMAP, VMX_EXCEPTION_BITMAP); /* #AC and #MC */
    vmwrite(VMCS_CR3_TARGET_COUNT, 0);
    /* KernelGSBase, STAR, LSTAR, CSTAR, SFMASK: the guest's are loaded at
     * entry and stored at exit (one area), then the host's are loaded. */
    uint64_t guest_area = vcpu_host_virt_to_phys(vmx_guest_msr_area(a));
    vmwrite(VMCS_ENTRY_MSR_LOAD_ADDR, guest_area);
    vmwrite(VMCS_ENTRY_MSR_LOAD_COUNT, VMX_AREA_MSR_COUNT);
    vmwrite(VMCS_EXIT_MSR_STORE_ADDR, guest_area);
    vmwrite(VMCS_EXIT_MSR_STORE_COUNT, VMX_AREA_MSR_COUNT);
    vmwrite(VMCS_EXIT_MSR_LOAD_ADDR, vcpu_host_virt_to_phys(vmx_host_msr_area(a)));
    vmwrite(VMCS_EXIT_MSR_LOAD_COUNT, VMX_AREA_MSR_COUNT);
    vmwrite(VMCS_ENTRY_INTR_INFO, 0);
    vmwrite(VMCS_MSR_BITMAP, vcpu_host_virt_to_phys(a->msr_bitmap));
    vmwrite(VMCS_EPT_POINTER, vmx_eptp(a->ept_root));
    vmwrite(VMCS_VPID, a->vpid);
    vmwrite(VMCS_LINK_POINTER, ~0ull);
    /* The guest owns CR0 and CR4 except VMXE, which it reads as 0. */
    vmwrite(VMCS_CR0_MASK, 0);
    vmwrite(VMCS_CR4_MASK, CR4_VMXE);
    vmwrite(VMCS_CR4_SHADOW, 0);
}

static void segment(unsigned n, uint16_t selector, uint32_t ar, uint32_t limit, uint64_t base)
{
    vmwrite(VMCS_SEG_SEL(n), selector);
    vmwrite(VMCS_SEG_AR(n), ar);
    vmwrite(VMCS_SEG_LIMIT(n), limit);
    vmwrite(VMCS_SEG_BASE(n), base);
}

static void set_cr0_cr4(const struct vcpu_arch_percpu *ap, uint64_t cr0, uint64_t cr4)
{
    vmwrite(VMCS_GUEST_CR0, vmx_fixed_bits(cr0, ap->cr0_fixed0, ap->cr0_fixed1, CR0_PE | CR0_PG));
    vmwrite(VMCS_GUEST_CR4, vmx_fixed_bits(cr4, ap->cr4_fixed0, ap->cr4_fixed1, 0));
    vmwrite(VMCS_CR4_SHADOW, cr4 & ~CR4_VMXE);
}

/* 16-bit real mode at `entry`, as after INIT-SIPI. */
static void real_mode_state(const struct vcpu_arch_percpu *ap, vcpu_gpa_t entry)
{
    uint64_t base = entry & ~0xfull;
    for (unsigned n = SEG_ES; n <= SEG_GS; n++) {
        if (n == SEG_CS)
            segment(n, (uint16_t)(base >> 4), AR_REAL_MODE_CS, 0xffff, base);
        else
            segment(n, 0, SEG_AR_DATA16, 0xffff, 0);
    }
    vmwrite(VMCS_GUEST_RIP, entry & 0xf);
    set_cr0_cr4(ap, X86_CR0_REAL_MODE_START, 0);
    vmwrite(VMCS_GUEST_EFER, 0);
    vmwrite(VMCS_ENTRY_CONTROLS, ap->entry & ~ENTRY_IA32E_GUEST);
}

/* 64-bit mode at `entry` with flat segments and paging at `cfg->cr3`. */
static void long_mode_state(const struct vcpu_arch_percpu *ap, vcpu_gpa_t entry,
                            const struct vcpu_setup_config *cfg)
{
    for (unsigned n = SEG_ES; n <= SEG_GS; n++) {
        if (n == SEG_CS)
            segment(n, 0x08, SEG_AR_CODE64, 0xffffffff, 0);
        else
            segment(n, 0x10, SEG_AR_DATA, 0xffffffff, 0);
    }
    vmwrite(VMCS_GUEST_GDTR_BASE, cfg->gdtr_base);
    vmwrite(VMCS_GUEST_GDTR_LIMIT, cfg->gdtr_limit);
    vmwrite(VMCS_GUEST_RIP, entry);
    set_cr0_cr4(ap, X86_CR0_LONG_MODE_START, CR4_PAE);
    vmwrite(VMCS_GUEST_CR3, cfg->cr3);
    vmwrite(VMCS_GUEST_EFER, X86_EFER_LONG_MODE_START);
    vmwrite(VMCS_ENTRY_CONTROLS, ap->entry | ENTRY_IA32E_GUEST);
}

void vmx_write_guest_start(const struct vcpu_arch *a, const struct vcpu_arch_percpu *ap,
                           vcpu_gpa_t entry)
{
    segment(SEG_LDTR, 0, SEG_AR_UNUSABLE, 0, 0);
    segment(SEG_TR, 0, SEG_AR_TSS_BUSY, 0xffff, 0);
    vmwrite(VMCS_GUEST_GDTR_BASE, 0);
    vmwrite(VMCS_GUEST_GDTR_LIMIT, 0xffff);
    vmwrite(VMCS_GUEST_IDTR_BASE, 0);
    vmwrite(VMCS_GUEST_IDTR_LIMIT, 0xffff);
    vmwrite(VMCS_GUEST_CR3, 0);
    if (a->setup.long_mode)
        long_mode_state(ap, entry, &a->setup);
    else
        real_mode_state(ap, entry);
    vmwrite(VMCS_GUEST_RFLAGS, RFLAGS_FIXED);
    vmwrite(VMCS_GUEST_DR7, 0x400);
    vmwrite(VMCS_GUEST_DEBUGCTL, 0);
    vmwrite(VMCS_GUEST_PENDING_DBG, 0);
    vmwrite(VMCS_GUEST_INTERRUPTIBILITY, 0);
    vmwrite(VMCS_GUEST_ACTIVITY, 0);
    vmwrite(VMCS_GUEST_SYSENTER_CS, 0);
    vmwrite(VMCS_GUEST_SYSENTER_ESP, 0);
    vmwrite(VMCS_GUEST_SYSENTER_EIP, 0);
}

void vmx_set_guest_entry(const struct vcpu_arch_percpu *ap, vcpu_gpa_t entry)
{
    if ((vmread(VMCS_GUEST_CR0) & CR0_PE) == 0)
        real_mode_state(ap, entry);
    else
        vmwrite(VMCS_GUEST_RIP, entry);
}
