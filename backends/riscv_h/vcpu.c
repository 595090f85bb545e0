/* vCPU hooks of the arch contract other than running. */
#include <vcpu/arch.h>
#include <vcpu/riscv_h.h>

#include "csr.h"
#include "decode.h"

int vcpu_arch_init(struct vcpu *v, const struct vcpu_create_config *cfg)
{
    struct vcpu_arch *a = &v->arch;
    *a = (struct vcpu_arch){0};
    a->hartid = cfg != NULL && cfg->hartid != 0 ? cfg->hartid : v->id;
    a->hstatus = HSTATUS_SPV | HSTATUS_SPVP | HSTATUS_VTW | HSTATUS_VSXL_64;
    a->guest_spp = SSTATUS_SPP; /* the guest starts in VS-mode */
    a->timer_pending = ~0ull;
    a->vs.vstimecmp = ~0ull;
    /* The SBI boot convention: a0 = hart id. */
    a->regs.x[A0] = a->hartid;
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
    /* The VMID is filled in at each entry (vmid.c). */
    a->hgatp = HGATP_MODE_SV39X4 | (npt_root >> 12);
    a->vmm_extension_count = 0;
    if (cfg != NULL) {
        a->regs.x[A1] = cfg->a1;
        a->vmm_extension_count = cfg->vmm_extension_count;
        for (uint32_t i = 0; i < cfg->vmm_extension_count; i++)
            a->vmm_extensions[i] = cfg->vmm_extensions[i];
    }
    a->flush_stage2 = 1;
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
    v->arch.flush_stage2 = 1;
    return VCPU_OK;
}

int vcpu_arch_unbind(struct vcpu *v, struct vcpu_arch_percpu *ap)
{
    (void)v;
    (void)ap;
    return VCPU_OK;
}

int vcpu_arch_queue_interrupt(struct vcpu *v, uint32_t vector, enum vcpu_trigger_mode trigger)
{
    (void)trigger; /* always EDGE: VCPU_ARCH_TRIGGER_LEVEL is 0 */
    (void)vector;  /* only VSSIP (2) passes VCPU_ARCH_VECTOR_VALID */
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

void vcpu_arch_destroy(struct vcpu *v)
{
    /* init and setup allocate no pages; the VMID is per-CPU and
     * generation-tagged (vmid.c), so a destroyed vCPU's is never handed out
     * again before the CPU flushed it. */
    (void)v;
}

/* The saved system registers, by the CSR number the guest uses for them. */
static uint64_t *saved_csr(struct vcpu_arch *a, vcpu_sysreg_t csr)
{
    switch (csr) {
    case RISCV_CSR_SSTATUS:
        return &a->vs.vsstatus;
    case RISCV_CSR_SIE:
        return &a->vs.vsie;
    case RISCV_CSR_STVEC:
        return &a->vs.vstvec;
    case RISCV_CSR_SCOUNTEREN:
        return &a->vs.scounteren;
    case RISCV_CSR_SENVCFG:
        return &a->vs.senvcfg;
    case RISCV_CSR_SSCRATCH:
        return &a->vs.vsscratch;
    case RISCV_CSR_SEPC:
        return &a->vs.vsepc;
    case RISCV_CSR_SCAUSE:
        return &a->vs.vscause;
    case RISCV_CSR_STVAL:
        return &a->vs.vstval;
    case RISCV_CSR_SATP:
        return &a->vs.vsatp;
    case RISCV_CSR_STIMECMP:
        return &a->vs.vstimecmp;
    default:
        return NULL;
    }
}

int vcpu_arch_get_reg(const struct vcpu *v, enum vcpu_arch_reg_kind kind, vcpu_sysreg_t sysreg,
                      uint64_t *val)
{
    const struct vcpu_arch *a = &v->arch;
    if (kind == VCPU_ARCH_REG_PC) {
        *val = a->regs.pc;
        return VCPU_OK;
    }
    if (kind == VCPU_ARCH_REG_SP) {
        *val = a->regs.x[2];
        return VCPU_OK;
    }
    const uint64_t *p =
        kind == VCPU_ARCH_REG_SYSREG ? saved_csr((struct vcpu_arch *)a, sysreg) : NULL;
    if (p == NULL)
        return VCPU_ERR_INVALID_ARG;
    *val = *p;
    return VCPU_OK;
}

int vcpu_arch_set_reg(struct vcpu *v, enum vcpu_arch_reg_kind kind, vcpu_sysreg_t sysreg,
                      uint64_t val)
{
    struct vcpu_arch *a = &v->arch;
    if (kind == VCPU_ARCH_REG_PC) {
        a->regs.pc = val;
        return VCPU_OK;
    }
    if (kind == VCPU_ARCH_REG_SP) {
        a->regs.x[2] = val;
        return VCPU_OK;
    }
    uint64_t *p = kind == VCPU_ARCH_REG_SYSREG ? saved_csr(a, sysreg) : NULL;
    if (p == NULL)
        return VCPU_ERR_INVALID_ARG;
    *p = val;
    return VCPU_OK;
}

int vcpu_arch_inject_fault(struct vcpu *v, const struct vcpu_exit *exit)
{
    struct vcpu_arch *a = &v->arch;
    uint64_t cause, tval;
    switch (exit->reason) {
    case VCPU_EXIT_MMIO_READ:
        cause = CAUSE_LOAD_ACCESS_FAULT;
        tval = a->exit_stval;
        break;
    case VCPU_EXIT_MMIO_WRITE:
        cause = CAUSE_STORE_ACCESS_FAULT;
        tval = a->exit_stval;
        break;
    case VCPU_EXIT_SYSREG_READ:
    case VCPU_EXIT_SYSREG_WRITE:
    case VCPU_EXIT_UNKNOWN:
        /* An inaccessible CSR is an illegal instruction on RISC-V. */
        cause = CAUSE_ILLEGAL_INSTRUCTION;
        tval = a->exit_insn;
        break;
    default:
        return VCPU_ERR_NOT_SUPPORTED; /* IO_*: no port I/O on RISC-V */
    }
    /* Trap to VS-mode as the hardware would: vsepc = the instruction,
     * vsstatus.SPP = the mode it ran in, SPIE = SIE, SIE = 0. */
    a->vs.vsepc = a->exit_pc;
    a->vs.vscause = cause;
    a->vs.vstval = tval;
    uint64_t st = a->vs.vsstatus & ~(SSTATUS_SPP | SSTATUS_SPIE | SSTATUS_SIE);
    if (a->guest_spp)
        st |= SSTATUS_SPP;
    if (a->vs.vsstatus & SSTATUS_SIE)
        st |= SSTATUS_SPIE;
    a->vs.vsstatus = st;
    a->guest_spp = SSTATUS_SPP;
    a->regs.pc = a->vs.vstvec & ~3ull; /* exceptions go to the base */
    return VCPU_OK;
}

void vcpu_arch_stage2_format(struct vcpu_stage2_format *fmt)
{
    /* Sv39x4: three levels of 4 KiB tables, 41-bit guest-physical addresses
     * (the root is 16 KiB). */
    fmt->levels = 3;
    fmt->granule = 4096;
    fmt->ipa_bits = 41;
}
