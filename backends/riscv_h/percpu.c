/* Per-CPU enable/disable: checks for the H extension, installs the trap
 * vector and the guest delegation, probes VMIDLEN, Sstc and senvcfg. */
#include <vcpu/arch.h>

#include "csr.h"
#include "vmid.h"

extern const char riscv_h_trap_entry[];
int riscv_h_probe_h(void);
int riscv_h_probe_stimecmp(void);
int riscv_h_probe_senvcfg(void);

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
    ap->saved_henvcfg = CSR_READ(0x60a);
    CSR_WRITE(sscratch, 0);
    CSR_WRITE(stvec, (uintptr_t)riscv_h_trap_entry);
    CSR_WRITE(hedeleg, HEDELEG_GUEST);
    ap->hedeleg = HEDELEG_GUEST; /* run.c clears illegal instruction while FP is not loaded */
    ap->fp_owner = NULL;
    CSR_WRITE(hideleg, HIDELEG_GUEST);
    CSR_WRITE(hcounteren, 0xffffffffu);
    CSR_WRITE(hvip, 0);
    /* VMIDLEN: the VMID bits of hgatp that keep a written one. */
    CSR_WRITE(hgatp, 0x3ffful << 44);
    ap->vmids = (struct riscv_h_vmid_cpu){.bits = riscv_h_vmid_bits(CSR_READ(hgatp))};
    CSR_WRITE(hgatp, 0);
    hfence_gvma_all();
    /* Sstc: stimecmp must be readable here (the CPU has it and the firmware
     * enabled it) and henvcfg.STCE must stick. henvcfg.STCE alone is not
     * enough: QEMU 7.2 keeps it set without Sstc. */
    ap->sstc = 0;
    if (riscv_h_probe_stimecmp()) {
        CSR_SET(0x60a, HENVCFG_STCE);
        ap->sstc = (CSR_READ(0x60a) & HENVCFG_STCE) != 0;
    }
    if (!ap->sstc)
        CSR_CLEAR(0x60a, HENVCFG_STCE);
    ap->senvcfg = (uint32_t)riscv_h_probe_senvcfg();
    return VCPU_OK;
}

int vcpu_arch_percpu_disable(struct vcpu_arch_percpu *ap)
{
    CSR_WRITE(0x60a, ap->saved_henvcfg);
    CSR_WRITE(hvip, 0);
    CSR_WRITE(hgatp, 0);
    hfence_gvma_all();
    CSR_WRITE(hedeleg, ap->saved_hedeleg);
    CSR_WRITE(hideleg, ap->saved_hideleg);
    CSR_WRITE(stvec, ap->saved_stvec);
    CSR_WRITE(sscratch, ap->saved_sscratch);
    return VCPU_OK;
}
