/* vcpu_get_reg()/vcpu_set_reg() beyond the GPRs, vcpu_inject_fault() and
 * the nested page-table format. */
#include <vcpu/arch.h>
#include <vcpu/svm.h>

#include "backends/x86_common/x86_regs.h"
#include "event.h"
#include "vmcb.h"

/* The MSRs the VMCB holds for the guest, readable and writable through
 * VCPU_REG_SYSREG(msr) (docs/backends/svm.md). */
static const struct {
    uint32_t msr;
    uint16_t offset;
} saved_msrs[] = {
    {MSR_EFER, VMCB_EFER},
    {MSR_STAR, VMCB_STAR},
    {MSR_LSTAR, VMCB_LSTAR},
    {MSR_CSTAR, VMCB_CSTAR},
    {MSR_SFMASK, VMCB_SFMASK},
    {MSR_FS_BASE, VMCB_FS + 8},
    {MSR_GS_BASE, VMCB_GS + 8},
    {MSR_KERNEL_GS_BASE, VMCB_KERNEL_GS_BASE},
    {MSR_SYSENTER_CS, VMCB_SYSENTER_CS},
    {MSR_SYSENTER_ESP, VMCB_SYSENTER_ESP},
    {MSR_SYSENTER_EIP, VMCB_SYSENTER_EIP},
    {MSR_PAT, VMCB_G_PAT},
};

/* The VMCB offset of register (kind, sysreg), or 0 if not kept there. */
static unsigned reg_offset(enum vcpu_arch_reg_kind kind, vcpu_sysreg_t sysreg)
{
    if (kind == VCPU_ARCH_REG_PC)
        return VMCB_RIP;
    if (kind == VCPU_ARCH_REG_SP)
        return VMCB_RSP;
    if (kind != VCPU_ARCH_REG_SYSREG)
        return 0;
    for (unsigned i = 0; i < sizeof(saved_msrs) / sizeof(saved_msrs[0]); i++) {
        if (saved_msrs[i].msr == sysreg)
            return saved_msrs[i].offset;
    }
    return 0;
}

int vcpu_arch_get_reg(const struct vcpu *v, enum vcpu_arch_reg_kind kind, vcpu_sysreg_t sysreg,
                      uint64_t *val)
{
    unsigned off = reg_offset(kind, sysreg);
    if (off == 0)
        return VCPU_ERR_INVALID_ARG;
    *val = vmcb_read(v->arch.vmcb, off);
    return VCPU_OK;
}

int vcpu_arch_set_reg(struct vcpu *v, enum vcpu_arch_reg_kind kind, vcpu_sysreg_t sysreg,
                      uint64_t val)
{
    unsigned off = reg_offset(kind, sysreg);
    if (off == 0)
        return VCPU_ERR_INVALID_ARG;
    vmcb_write(v->arch.vmcb, off, val);
    return VCPU_OK;
}

/* #GP(0) for an access nothing claims, #UD for an UNKNOWN exit, at the RIP
 * of the exit (before the advance the exit applied). Delivered by EVENTINJ
 * at the next VMRUN (run.c), before any pending interrupt. */
int vcpu_arch_inject_fault(struct vcpu *v, const struct vcpu_exit *exit)
{
    struct vcpu_arch *a = &v->arch;
    switch (exit->reason) {
    case VCPU_EXIT_UNKNOWN:
        a->fault_event = svm_exception_event(X86_VECTOR_UD, false, 0);
        break;
    case VCPU_EXIT_MMIO_READ:
    case VCPU_EXIT_MMIO_WRITE:
    case VCPU_EXIT_SYSREG_READ:
    case VCPU_EXIT_SYSREG_WRITE:
    case VCPU_EXIT_IO_READ:
    case VCPU_EXIT_IO_WRITE:
        a->fault_event = svm_exception_event(X86_VECTOR_GP, true, 0);
        break;
    default:
        return VCPU_ERR_NOT_SUPPORTED;
    }
    vmcb_write(a->vmcb, VMCB_RIP, a->exit_rip);
    a->x86.last_read_valid = false;
    return VCPU_OK;
}

/* 4-level AMD64 tables with 4 KiB pages; 48 guest-physical bits. */
void vcpu_arch_stage2_format(struct vcpu_stage2_format *fmt)
{
    fmt->levels = 4;
    fmt->granule = 4096;
    fmt->ipa_bits = 48;
}
