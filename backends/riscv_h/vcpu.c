/* vCPU hooks of the arch contract other than running. */
#include <vcpu/arch.h>
#include <vcpu/riscv_h.h>

#include "csr.h"

/* VMIDs are handed out per vCPU, round robin over 1..VMID_COUNT-1 (14 bits;
 * hardware with fewer VMID bits ignores the upper ones). */
#define VMID_COUNT 0x4000u
static uint32_t next_vmid;

static uint64_t allocate_vmid(void)
{
    uint32_t n = __atomic_fetch_add(&next_vmid, 1, __ATOMIC_RELAXED);
    return 1 + n % (VMID_COUNT - 1);
}

int vcpu_arch_init(struct vcpu *v, const struct vcpu_create_config *cfg)
{
    struct vcpu_arch *a = &v->arch;
    *a = (struct vcpu_arch){0};
    a->hartid = cfg != NULL && cfg->hartid != 0 ? cfg->hartid : v->id;
    a->hstatus = HSTATUS_SPV | HSTATUS_SPVP | HSTATUS_VTW | HSTATUS_VSXL_64;
    a->timer_pending = ~0ull;
    a->vs.vstimecmp = ~0ull;
    /* The SBI boot convention: a0 = hart id. */
    a->regs.x[10] = a->hartid;
    return VCPU_OK;
}

uint64_t vcpu_arch_hw_id(const struct vcpu *v)
{
    return v->arch.hartid; /* what SBI HSM calls name it by */
}

int vcpu_arch_setup(struct vcpu *v, vcpu_gpa_t entry, vcpu_hpa_t npt_root,
                    const struct vcpu_setup_config *cfg)
{
    struct vcpu_arch *a = &v->arch;
    if ((npt_root & 0x3fff) != 0) /* Sv39x4 roots are 16 KiB aligned */
        return VCPU_ERR_INVALID_ARG;
    if (cfg != NULL && cfg->vmm_extension_count > RISCV_H_MAX_VMM_EXTENSIONS)
        return VCPU_ERR_INVALID_ARG;
    a->regs.pc = entry;
    a->hgatp = HGATP_MODE_SV39X4 | allocate_vmid() << 44 | (npt_root >> 12);
    a->vmm_extension_count = 0;
    if (cfg != NULL) {
        a->regs.x[11] = cfg->a1;
        a->vmm_extension_count = cfg->vmm_extension_count;
        for (uint32_t i = 0; i < cfg->vmm_extension_count; i++)
            a->vmm_extensions[i] = cfg->vmm_extensions[i];
    }
    a->pending_flush = 1;
    return VCPU_OK;
}

int vcpu_arch_set_entry(struct vcpu *v, vcpu_gpa_t entry)
{
    v->arch.regs.pc = entry;
    return VCPU_OK;
}

int vcpu_arch_bind(struct vcpu *v, struct vcpu_arch_percpu *ap)
{
    (void)ap; /* the guest's CSRs are loaded at each entry */
    v->arch.pending_flush = 1;
    return VCPU_OK;
}

int vcpu_arch_unbind(struct vcpu *v, struct vcpu_arch_percpu *ap)
{
    (void)v;
    (void)ap;
    return VCPU_OK;
}

int vcpu_arch_queue_interrupt(struct vcpu *v, uint32_t vector)
{
    (void)vector; /* only VSSIP (2) passes VCPU_ARCH_VECTOR_VALID */
    if (v->arch.hvip & HVIP_VSSIP)
        return VCPU_ERR_BUSY; /* the previous one is not taken yet */
    v->arch.hvip |= HVIP_VSSIP;
    return VCPU_OK;
}

uint64_t vcpu_arch_get_gpr(const struct vcpu *v, unsigned idx)
{
    return idx == 0 ? 0 : v->arch.regs.x[idx];
}

void vcpu_arch_set_gpr(struct vcpu *v, unsigned idx, uint64_t val)
{
    if (idx != 0)
        v->arch.regs.x[idx] = val;
}

int vcpu_arch_complete_read(struct vcpu *v, const struct vcpu_exit *exit, uint64_t value)
{
    uint32_t reg;
    uint64_t extended;
    /* IO_READ is refused there too: no port I/O on RISC-V. */
    int rc = vcpu_core_read_destination(exit, value, &reg, &extended);
    if (rc != VCPU_OK)
        return rc;
    if (reg >= VCPU_ARCH_GPR_COUNT)
        return VCPU_ERR_INVALID_ARG;
    if (reg != 0) /* x0 discards */
        v->arch.regs.x[reg] = extended;
    return VCPU_OK;
}
