/* vCPU hooks of the v2 contract: PC/SP/system-register access, fault
 * injection, teardown and the stage-2 format. */
#include <vcpu/arch.h>

#include "decode.h"
#include "el1_state.h"

#define SPSR_MODE_MASK 0xfull
#define SPSR_EL1T 0x4ull
#define SPSR_EL1H 0x5ull
#define SPSR_EL_MASK 0xcull /* M[3:2]: the exception level */
#define SPSR_EL1H_DAIF_MASKED 0x3c5ull
/* ESR_EL1 fields of the faults injected. */
#define ESR_IL (1ull << 25)
#define ESR_EC_SHIFT 26
#define ESR_EC_DABT_LOWER 0x24ull
#define ESR_EC_DABT_CUR 0x25ull
#define ESR_DABT_WNR (1ull << 6)
#define ESR_DFSC_SYNC_EXTERNAL 0x10ull
/* Offsets into the guest's VBAR_EL1 of its synchronous vectors. */
#define VECTOR_CUR_SP0 0x000ull
#define VECTOR_CUR_SPX 0x200ull
#define VECTOR_LOWER_A64 0x400ull

/* The guest's saved EL1 registers as they are now: from the CPU when they are
 * loaded there (the caller is then the owning CPU), else from memory. */
static void el1_read(const struct vcpu *v, uint64_t el1[ARM_EL2_EL1_REG_COUNT])
{
    if (v->arch.el1_loaded) {
        arm_el2_el1_save(el1);
    } else {
        for (unsigned i = 0; i < ARM_EL2_EL1_REG_COUNT; i++)
            el1[i] = v->arch.el1[i];
    }
}

static void el1_write(struct vcpu *v, const uint64_t el1[ARM_EL2_EL1_REG_COUNT])
{
    for (unsigned i = 0; i < ARM_EL2_EL1_REG_COUNT; i++)
        v->arch.el1[i] = el1[i];
    if (v->arch.el1_loaded)
        arm_el2_el1_restore(el1);
}

/* The saved-array index of the SP of the mode the guest runs in. */
static unsigned sp_index(const struct vcpu *v)
{
    return (v->arch.regs.spsr & SPSR_MODE_MASK) == SPSR_EL1H ? ARM_EL2_EL1_sp_el1
                                                             : ARM_EL2_EL1_sp_el0;
}

static int el1_index(enum vcpu_arch_reg_kind kind, vcpu_sysreg_t sysreg, const struct vcpu *v)
{
    return kind == VCPU_ARCH_REG_SP ? (int)sp_index(v) : arm_el2_el1_index(sysreg);
}

int vcpu_arch_get_reg(const struct vcpu *v, enum vcpu_arch_reg_kind kind, vcpu_sysreg_t sysreg,
                      uint64_t *val)
{
    if (kind == VCPU_ARCH_REG_PC) {
        *val = v->arch.regs.pc;
        return VCPU_OK;
    }
    int idx = el1_index(kind, sysreg, v);
    if (idx < 0 || (kind != VCPU_ARCH_REG_SP && kind != VCPU_ARCH_REG_SYSREG))
        return VCPU_ERR_INVALID_ARG;
    uint64_t el1[ARM_EL2_EL1_REG_COUNT];
    el1_read(v, el1);
    *val = el1[idx];
    return VCPU_OK;
}

int vcpu_arch_set_reg(struct vcpu *v, enum vcpu_arch_reg_kind kind, vcpu_sysreg_t sysreg,
                      uint64_t val)
{
    if (kind == VCPU_ARCH_REG_PC) {
        v->arch.regs.pc = val;
        return VCPU_OK;
    }
    int idx = el1_index(kind, sysreg, v);
    if (idx < 0 || (kind != VCPU_ARCH_REG_SP && kind != VCPU_ARCH_REG_SYSREG))
        return VCPU_ERR_INVALID_ARG;
    uint64_t el1[ARM_EL2_EL1_REG_COUNT];
    el1_read(v, el1);
    el1[idx] = val;
    el1_write(v, el1);
    return VCPU_OK;
}

int vcpu_arch_inject_fault(struct vcpu *v, const struct vcpu_exit *exit)
{
    struct vcpu_arch *a = &v->arch;
    bool from_el0 = (a->regs.spsr & SPSR_EL_MASK) == 0;
    uint64_t pc = a->regs.pc;
    uint64_t esr = ESR_IL; /* EC 0x00 (unknown reason): UNDEF */
    bool data_abort = false;
    switch (exit->reason) {
    case VCPU_EXIT_MMIO_READ:
    case VCPU_EXIT_MMIO_WRITE:
        /* A synchronous external abort on the access, at the access. */
        pc -= arm_el2_esr_insn_len(exit->raw.arm64.esr);
        esr = ESR_IL | (from_el0 ? ESR_EC_DABT_LOWER : ESR_EC_DABT_CUR) << ESR_EC_SHIFT |
              ESR_DFSC_SYNC_EXTERNAL | (exit->reason == VCPU_EXIT_MMIO_WRITE ? ESR_DABT_WNR : 0);
        data_abort = true;
        break;
    case VCPU_EXIT_SYSREG_READ:
    case VCPU_EXIT_SYSREG_WRITE:
        /* An unimplemented system register is UNDEFINED on ARM. */
        pc -= arm_el2_esr_insn_len(exit->raw.arm64.esr);
        break;
    case VCPU_EXIT_UNKNOWN:
        break; /* the PC is still at the instruction */
    default:
        return VCPU_ERR_NOT_SUPPORTED; /* IO_*: no port I/O on ARM */
    }
    uint64_t el1[ARM_EL2_EL1_REG_COUNT];
    el1_read(v, el1);
    el1[ARM_EL2_EL1_elr_el1] = pc;
    el1[ARM_EL2_EL1_spsr_el1] = a->regs.spsr;
    el1[ARM_EL2_EL1_esr_el1] = esr;
    if (data_abort)
        el1[ARM_EL2_EL1_far_el1] = exit->raw.arm64.far; /* the guest's virtual address */
    el1_write(v, el1);
    uint64_t mode = a->regs.spsr & SPSR_MODE_MASK;
    uint64_t offset =
        from_el0 ? VECTOR_LOWER_A64 : (mode == SPSR_EL1T ? VECTOR_CUR_SP0 : VECTOR_CUR_SPX);
    a->regs.pc = el1[ARM_EL2_EL1_vbar_el1] + offset;
    a->regs.spsr = SPSR_EL1H_DAIF_MASKED;
    return VCPU_OK;
}

void vcpu_arch_destroy(struct vcpu *v)
{
    /* init and setup allocate nothing, and unbind already took the vCPU's
     * EL1 and FP/SIMD state off its CPU. VMIDs belong to each CPU's table,
     * not to the vCPU: one whose VM is gone is reassigned, and flushed, when
     * a CPU needs it. */
    v->arch.el1_loaded = 0;
    v->arch.fp_loaded = 0;
}

void vcpu_arch_stage2_format(struct vcpu_stage2_format *fmt)
{
    /* The default VTCR_EL2: 4 KiB granule, T0SZ = 32, start at level 1. */
    *fmt = (struct vcpu_stage2_format){.levels = 3, .granule = 4096, .ipa_bits = 32};
}
