/* Per-CPU enable/disable: checks for the H extension, installs the trap
 * vector and the guest delegation, detects Sstc. */
#include <vcpu/arch.h>

#include "csr.h"

extern const char riscv_h_trap_entry[];
int riscv_h_probe_h(void);

int vcpu_arch_percpu_init(struct vcpu_arch_percpu *ap, uint32_t cpu_id)
{
    *ap = (struct vcpu_arch_percpu){.cpu_id = cpu_id};
    return VCPU_OK;
}

int vcpu_arch_percpu_enable(struct vcpu_arch_percpu *ap)
{
    if (!riscv_h_probe_h())
        return VCPU_ERR_NOT_SUPPORTED;
    ap->saved_stvec = CSR_READ(stvec);
    ap->saved_sscratch = CSR_READ(sscratch);
    ap->saved_hedeleg = CSR_READ(hedeleg);
    ap->saved_hideleg = CSR_READ(hideleg);
    CSR_WRITE(sscratch, 0);
    CSR_WRITE(stvec, (uintptr_t)riscv_h_trap_entry);
    CSR_WRITE(hedeleg, HEDELEG_GUEST);
    CSR_WRITE(hideleg, HIDELEG_GUEST);
    CSR_WRITE(hcounteren, 0xffffffffu);
    CSR_WRITE(hvip, 0);
    /* Sstc: henvcfg.STCE sticks only where vstimecmp exists. */
    CSR_SET(0x60a, HENVCFG_STCE);
    ap->sstc = (CSR_READ(0x60a) & HENVCFG_STCE) != 0;
    return VCPU_OK;
}

int vcpu_arch_percpu_disable(struct vcpu_arch_percpu *ap)
{
    CSR_CLEAR(0x60a, HENVCFG_STCE);
    CSR_WRITE(hvip, 0);
    CSR_WRITE(hgatp, 0);
    CSR_WRITE(hedeleg, ap->saved_hedeleg);
    CSR_WRITE(hideleg, ap->saved_hideleg);
    CSR_WRITE(stvec, ap->saved_stvec);
    CSR_WRITE(sscratch, ap->saved_sscratch);
    return VCPU_OK;
}
