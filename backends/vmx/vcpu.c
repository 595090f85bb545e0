/* vCPU hooks of the arch contract other than running: VMCS, MSR bitmap and
 * MSR-area pages, VPID, recorded start state, loading/unloading the VMCS on a CPU,
 * registers, read completion. The VMCS fields themselves are written on the
 * owning CPU (vmcs_state.c) because VMWRITE needs the VMCS current there. */
#include <vcpu/arch.h>
#include <vcpu/vmx.h>

#include "backends/x86_common/read_completion.h"
#include "backends/x86_common/vcpu_state.h"
#include "msr_bitmap.h"
#include "vmcs_state.h"
#include "vmx_insn.h"

_Static_assert(VCPU_ARCH_GPR_COUNT == X86_GPR_COUNT, "the x86 register file");

#define VPID_COUNT 0xffffu /* VPIDs 1..0xffff; 0 is the host's */

static uint32_t next_vpid;

#define PAGES 3 /* VMCS, MSR bitmap, MSR areas */

int vcpu_arch_init(struct vcpu *v, const struct vcpu_create_config *cfg)
{
    struct vcpu_arch *a = &v->arch;
    /* Keep the pages of an earlier init of the same memory. */
    uint8_t *pages[PAGES] = {a->vmcs, a->msr_bitmap, a->msr_area};
    bool reuse = true;
    for (unsigned i = 0; i < PAGES; i++)
        reuse = reuse && pages[i] != NULL && vcpu_host_virt_to_phys(pages[i]) != 0;
    *a = (struct vcpu_arch){0};
    for (unsigned i = 0; i < PAGES && !reuse; i++) {
        pages[i] = vcpu_host_alloc_pages(1);
        if (pages[i] == NULL) {
            for (unsigned j = 0; j < i; j++)
                vcpu_host_free_pages(pages[j], 1);
            return VCPU_ERR_NO_MEMORY;
        }
    }
    for (unsigned i = 0; i < 4096; i++) {
        pages[0][i] = 0;
        pages[2][i] = 0;
    }
    vmx_msr_bitmap_build(pages[1]); /* deny by default */
    a->vmcs = pages[0];
    a->msr_bitmap = pages[1];
    a->msr_area = pages[2];
    vmx_msr_area_fill(vmx_guest_msr_area(a), NULL);
    vmx_msr_area_fill(vmx_host_msr_area(a), NULL);
    x86_vcpu_state_init(&a->x86, cfg != NULL && cfg->apic_id != 0 ? cfg->apic_id : v->id);
    a->vpid = (uint16_t)(1 + __atomic_fetch_add(&next_vpid, 1, __ATOMIC_RELAXED) % VPID_COUNT);
    return VCPU_OK;
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
    a->vmcs_written = 0;
    a->flush_ept = 1;
    return VCPU_OK;
}

int vcpu_arch_set_entry(struct vcpu *v, vcpu_gpa_t entry)
{
    v->arch.entry = entry; /* applied at the next entry, where the VMCS is current */
    v->arch.entry_pending = 1;
    return VCPU_OK;
}

int vcpu_arch_bind(struct vcpu *v, struct vcpu_arch_percpu *ap)
{
    struct vcpu_arch *a = &v->arch;
    uint64_t pa = vcpu_host_virt_to_phys(a->vmcs);
    *(volatile uint32_t *)a->vmcs = ap->revision;
    if (!vmclear(pa) || !vmptrld(pa))
        return VCPU_ERR_HARDWARE;
    a->launched = 0;
    a->flush_ept = 1;
    return vmx_write_host_state(a);
}

int vcpu_arch_unbind(struct vcpu *v, struct vcpu_arch_percpu *ap)
{
    (void)ap; /* VMCLEAR needs only the VMCS */
    v->arch.launched = 0;
    return vmclear(vcpu_host_virt_to_phys(v->arch.vmcs)) ? VCPU_OK : VCPU_ERR_HARDWARE;
}

int vcpu_arch_queue_interrupt(struct vcpu *v, uint32_t vector)
{
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
