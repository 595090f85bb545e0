/* vCPU hooks of the arch contract other than running: VMCS, MSR bitmap and
 * MSR-area pages, VPID, recorded start state, loading/unloading the VMCS on a CPU,
 * registers, read completion. The VMCS fields themselves are written on the
 * owning CPU (vmcs_state.c) because VMWRITE needs the VMCS current there. */
#include <vcpu/arch.h>
#include <vcpu/vmx.h>

#include "backends/x86_common/read_completion.h"
#include "backends/x86_common/vcpu_state.h"
#include "backends/x86_common/xcr0.h"
#include "fpu.h"
#include "msr_bitmap.h"
#include "vmcs_state.h"
#include "vmx_insn.h"
#include "vpid.h"

_Static_assert(VCPU_ARCH_GPR_COUNT == X86_GPR_COUNT, "the x86 register file");

#define PAGES 4 /* VMCS, MSR bitmap, MSR areas, FP state */

/* Frees the pages and the VPID `a` holds and forgets them. */
static void release(struct vcpu_arch *a)
{
    uint8_t **pages[PAGES] = {&a->vmcs, &a->msr_bitmap, &a->msr_area, &a->fpu};
    vmx_fpu_forget(a);
    for (unsigned i = 0; i < PAGES; i++) {
        if (*pages[i] != NULL)
            vcpu_host_free_pages(*pages[i], 1);
        *pages[i] = NULL;
    }
    vmx_vpid_free(&vmx_vpids, a->vpid);
    a->vpid = 0;
}

int vcpu_arch_init(struct vcpu *v, const struct vcpu_create_config *cfg)
{
    struct vcpu_arch *a = &v->arch;
    /* v is zeroed or destroyed memory: nothing in it is trusted or reused. */
    *a = (struct vcpu_arch){0};
    uint8_t *pages[PAGES];
    for (unsigned i = 0; i < PAGES; i++) {
        pages[i] = vcpu_host_alloc_pages(1);
        if (pages[i] == NULL) {
            for (unsigned j = 0; j < i; j++)
                vcpu_host_free_pages(pages[j], 1);
            return VCPU_ERR_NO_MEMORY;
        }
    }
    uint16_t vpid = vmx_vpid_alloc(&vmx_vpids);
    if (vpid == 0) {
        for (unsigned j = 0; j < PAGES; j++)
            vcpu_host_free_pages(pages[j], 1);
        return VCPU_ERR_NO_MEMORY;
    }
    for (unsigned i = 0; i < 4096; i++) {
        pages[0][i] = 0;
        pages[2][i] = 0;
    }
    vmx_msr_bitmap_build(pages[1]); /* deny by default */
    vmx_fpu_init_area(pages[3]);
    a->vmcs = pages[0];
    a->msr_bitmap = pages[1];
    a->msr_area = pages[2];
    a->fpu = pages[3];
    a->vpid = vpid;
    vmx_msr_area_fill(vmx_guest_msr_area(a), NULL);
    vmx_msr_area_fill(vmx_host_msr_area(a), NULL);
    a->xcr0 = XCR0_RESET_VALUE;
    x86_vcpu_state_init(&a->x86, cfg != NULL && cfg->apic_id != 0 ? cfg->apic_id : v->id);
    return VCPU_OK;
}

void vcpu_arch_destroy(struct vcpu *v)
{
    release(&v->arch);
}

uint64_t vcpu_arch_hw_id(const struct vcpu *v)
{
    return v->arch.x86.apic_id;
}

int vcpu_arch_setup(struct vcpu *v, vcpu_gpa_t entry, vcpu_hpa_t npt_root,
                    const struct vcpu_setup_config *cfg)
{
    struct vcpu_arch *a = &v->arch;
    if ((npt_root & 0xfff) != 0)
        return VCPU_ERR_INVALID_ARG;
    a->ept_root = npt_root;
    a->setup = cfg != NULL ? *cfg : (struct vcpu_setup_config){0};
    x86_vcpu_state_setup(&a->x86, a->setup.poweroff_port, a->setup.poweroff_slp_typ);
    vmx_msr_area_fill(vmx_guest_msr_area(a), NULL); /* KernelGSBase, STAR... start at 0 */
    a->entry = entry;
    a->entry_pending = 1;
    a->rip = vmx_start_rip(a, entry);
    a->rip_dirty = 0;
    a->vmcs_written = 0;
    a->flush_stage2 = 1;
    return VCPU_OK;
}

int vcpu_arch_set_entry(struct vcpu *v, vcpu_gpa_t entry)
{
    v->arch.entry = entry; /* applied at the next entry, where the VMCS is current */
    v->arch.entry_pending = 1;
    v->arch.rip = vmx_start_rip(&v->arch, entry);
    v->arch.rip_dirty = 0;
    return VCPU_OK;
}

int vcpu_arch_bind(struct vcpu *v, struct vcpu_arch_percpu *ap)
{
    struct vcpu_arch *a = &v->arch;
    uint64_t pa = vcpu_host_virt_to_phys(a->vmcs);
    *(volatile uint32_t *)a->vmcs = ap->revision;
    if (!vmclear(pa) || !vmptrld(pa))
        return VCPU_ERR_HARDWARE;
    ap->current_vmcs = pa;
    a->launched = 0;
    a->flush_stage2 = 1;
    return vmx_write_host_state(a);
}

int vcpu_arch_unbind(struct vcpu *v, struct vcpu_arch_percpu *ap)
{
    uint64_t pa = vcpu_host_virt_to_phys(v->arch.vmcs);
    vmx_fpu_release(ap, &v->arch);
    v->arch.launched = 0;
    if (ap->current_vmcs == pa)
        ap->current_vmcs = 0; /* VMCLEAR leaves no current VMCS */
    return vmclear(pa) ? VCPU_OK : VCPU_ERR_HARDWARE;
}

int vcpu_arch_queue_interrupt(struct vcpu *v, uint32_t vector, enum vcpu_trigger_mode trigger)
{
    (void)trigger; /* always EDGE: VCPU_ARCH_TRIGGER_LEVEL is 0 */
    return x86_queue_interrupt(&v->arch.x86, vector);
}

uint64_t vcpu_arch_get_gpr(const struct vcpu *v, unsigned idx)
{
    return v->arch.gpr[idx];
}

void vcpu_arch_set_gpr(struct vcpu *v, unsigned idx, uint64_t val)
{
    v->arch.gpr[idx] = val;
}

int vcpu_arch_complete_read(struct vcpu *v, const struct vcpu_exit *exit, uint64_t value)
{
    struct vcpu_arch *a = &v->arch;
    return x86_complete_read(a->gpr, exit, value,
                             a->x86.last_read_valid ? &a->x86.last_read : NULL);
}

/* The saved system registers: the MSRs switched through the VMCS MSR areas,
 * whose guest values live in memory (any CPU may read them while unbound).
 * Returns the entry of `msr` in the guest area, or NULL. */
static struct vmx_msr_entry *saved_msr(const struct vcpu_arch *a, vcpu_sysreg_t msr)
{
    if (a->msr_area == NULL)
        return NULL;
    struct vmx_msr_entry *area = vmx_guest_msr_area(a);
    for (unsigned i = 0; i < VMX_AREA_MSR_COUNT; i++) {
        if (vmx_area_msrs[i] == msr)
            return &area[i];
    }
    return NULL;
}

int vcpu_arch_get_reg(const struct vcpu *v, enum vcpu_arch_reg_kind kind, vcpu_sysreg_t sysreg,
                      uint64_t *val)
{
    const struct vcpu_arch *a = &v->arch;
    switch (kind) {
    case VCPU_ARCH_REG_PC:
        *val = a->rip;
        return VCPU_OK;
    case VCPU_ARCH_REG_SP:
        *val = a->gpr[X86_RSP];
        return VCPU_OK;
    case VCPU_ARCH_REG_SYSREG: {
        const struct vmx_msr_entry *e = saved_msr(a, sysreg);
        if (e == NULL)
            return VCPU_ERR_INVALID_ARG;
        *val = e->value;
        return VCPU_OK;
    }
    default:
        return VCPU_ERR_INVALID_ARG;
    }
}

int vcpu_arch_set_reg(struct vcpu *v, enum vcpu_arch_reg_kind kind, vcpu_sysreg_t sysreg,
                      uint64_t val)
{
    struct vcpu_arch *a = &v->arch;
    switch (kind) {
    case VCPU_ARCH_REG_PC:
        a->rip = val;
        a->rip_dirty = 1; /* written into the VMCS at the next entry */
        return VCPU_OK;
    case VCPU_ARCH_REG_SP:
        a->gpr[X86_RSP] = val; /* written into the VMCS at every entry */
        return VCPU_OK;
    case VCPU_ARCH_REG_SYSREG: {
        struct vmx_msr_entry *e = saved_msr(a, sysreg);
        if (e == NULL)
            return VCPU_ERR_INVALID_ARG;
        e->value = val; /* loaded by the VM-entry MSR-load area */
        return VCPU_OK;
    }
    default:
        return VCPU_ERR_INVALID_ARG;
    }
}

int vcpu_arch_inject_fault(struct vcpu *v, const struct vcpu_exit *exit)
{
    struct vcpu_arch *a = &v->arch;
    /* Back at the instruction (undoing the advance of the exit), which
     * faults at the next entry; no register of the access is written. */
    a->rip = a->exit_rip;
    a->rip_dirty = 1;
    a->fault_pending = 1;
    a->fault_undefined = exit->reason == VCPU_EXIT_UNKNOWN;
    a->x86.last_read_valid = false;
    return VCPU_OK;
}

void vcpu_arch_stage2_format(struct vcpu_stage2_format *fmt)
{
    /* EPT: 4 levels of 4 KiB tables, 48-bit guest-physical addresses. */
    fmt->levels = 4;
    fmt->granule = 4096;
    fmt->ipa_bits = 48;
}
