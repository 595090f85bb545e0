/* vcpu_arch_run: load the guest's H-extension state, switch worlds, decode. */
#include <vcpu/arch.h>
#include <vcpu/riscv_h.h>

#include "csr.h"
#include "decode.h"

uint64_t riscv_h_enter_guest(struct riscv_h_cpu_context *ctx);
int riscv_h_fetch_guest_u16(uint64_t gva, uint32_t *out);

/* Bumped by every SBI RFENCE call: each vCPU flushes its guest TLB entries at
 * its next entry after a bump, wherever it runs. */
static uint64_t rfence_generation;

static void load_vs_state(const struct vcpu_arch *a, bool sstc)
{
    CSR_WRITE(vsstatus, a->vs.vsstatus);
    CSR_WRITE(vsie, a->vs.vsie);
    CSR_WRITE(vstvec, a->vs.vstvec);
    CSR_WRITE(vsscratch, a->vs.vsscratch);
    CSR_WRITE(vsepc, a->vs.vsepc);
    CSR_WRITE(vscause, a->vs.vscause);
    CSR_WRITE(vstval, a->vs.vstval);
    CSR_WRITE(vsatp, a->vs.vsatp);
    if (sstc)
        CSR_WRITE(0x24d, a->vs.vstimecmp);
    CSR_WRITE(hvip, a->hvip);
}

static void save_vs_state(struct vcpu_arch *a, bool sstc)
{
    a->vs.vsstatus = CSR_READ(vsstatus);
    a->vs.vsie = CSR_READ(vsie);
    a->vs.vstvec = CSR_READ(vstvec);
    a->vs.vsscratch = CSR_READ(vsscratch);
    a->vs.vsepc = CSR_READ(vsepc);
    a->vs.vscause = CSR_READ(vscause);
    a->vs.vstval = CSR_READ(vstval);
    a->vs.vsatp = CSR_READ(vsatp);
    if (sstc)
        a->vs.vstimecmp = CSR_READ(0x24d);
    /* VSSIP is the guest's to clear (sip.SSIP); keep what it left. */
    a->hvip = CSR_READ(hvip);
}

/* Reads the instruction at the guest PC: htinst if the hardware gave one,
 * else two HLVX halfword reads. Returns 0 if it cannot be read. */
static uint32_t fetch_insn(uint64_t pc, uint64_t htinst)
{
    uint32_t insn = riscv_h_htinst_to_insn(htinst);
    if (insn != 0)
        return insn;
    uint32_t lo, hi;
    if (riscv_h_fetch_guest_u16(pc, &lo) != 0)
        return 0;
    if (riscv_h_insn_length(lo) == 2)
        return lo;
    if (riscv_h_fetch_guest_u16(pc + 2, &hi) != 0)
        return 0;
    return lo | hi << 16;
}

static void handle_sbi(struct vcpu *v, struct vcpu_exit *exit, bool sstc)
{
    struct vcpu_arch *a = &v->arch;
    int64_t err;
    uint64_t value;
    const struct riscv_h_vmm_extensions vmm = {a->vmm_extensions, a->vmm_extension_count};
    switch (riscv_h_decode_sbi(a->regs.x, &vmm, exit, &err, &value)) {
    case RISCV_H_SBI_SET_TIMER:
        if (sstc) {
            a->vs.vstimecmp = a->regs.x[10];
        } else {
            a->timer_pending = a->regs.x[10];
            a->hvip &= ~HVIP_VSTIP;
        }
        break;
    case RISCV_H_SBI_RFENCE:
        __atomic_fetch_add(&rfence_generation, 1, __ATOMIC_ACQ_REL);
        break;
    case RISCV_H_SBI_HART_STATUS: {
        const struct vcpu *target = vcpu_core_find_vcpu(v->vm_id, a->regs.x[10]);
        if (target == NULL)
            err = RISCV_SBI_ERR_INVALID_PARAM;
        else
            value = vcpu_core_is_bound(target) ? 0 : 1; /* STARTED / STOPPED */
        break;
    }
    case RISCV_H_SBI_RETURN:
        break;
    case RISCV_H_SBI_EXIT:
        a->regs.x[10] = (uint64_t)err;
        a->regs.pc += 4;
        return; /* a1 is the VMM's to set */
    }
    a->regs.x[10] = (uint64_t)err;
    a->regs.x[11] = value;
    a->regs.pc += 4;
}

int vcpu_arch_run(struct vcpu *v, struct vcpu_arch_percpu *ap, struct vcpu_exit *exit)
{
    struct vcpu_arch *a = &v->arch;
    bool sstc = ap->sstc != 0;

    if (!sstc && a->timer_pending != ~0ull && CSR_READ(time) >= a->timer_pending) {
        a->hvip |= HVIP_VSTIP;
        a->timer_pending = ~0ull;
    }
    CSR_WRITE(hgatp, a->hgatp);
    uint64_t generation = __atomic_load_n(&rfence_generation, __ATOMIC_ACQUIRE);
    if (a->pending_flush) {
        hfence_gvma_all();
        a->pending_flush = 0;
    }
    if (a->rfence_seen != generation) {
        hfence_vvma_all();
        a->rfence_seen = generation;
    }
    load_vs_state(a, sstc);
    CSR_WRITE(hstatus, a->hstatus);
    CSR_SET(sstatus, SSTATUS_SPP);

    ap->ctx.guest = &a->regs;
    riscv_h_enter_guest(&ap->ctx);
    ap->ctx.guest = NULL;

    uint64_t scause = CSR_READ(scause), stval = CSR_READ(stval);
    uint64_t htval = CSR_READ(htval), htinst = CSR_READ(htinst);
    save_vs_state(a, sstc);

    uint64_t step = 0;
    if (scause & CAUSE_INTERRUPT) {
        *exit = (struct vcpu_exit){.reason = VCPU_EXIT_EXTERNAL_INTERRUPT};
        exit->external_interrupt.vector = scause & ~CAUSE_INTERRUPT;
    } else if (scause == CAUSE_VS_ECALL) {
        handle_sbi(v, exit, sstc);
    } else if (scause == CAUSE_LOAD_GUEST_PAGE_FAULT || scause == CAUSE_STORE_GUEST_PAGE_FAULT) {
        step = riscv_h_decode_guest_page_fault(scause, stval, htval, fetch_insn(a->regs.pc, htinst),
                                               a->regs.x, exit);
    } else if (scause == CAUSE_FETCH_GUEST_PAGE_FAULT) {
        *exit = (struct vcpu_exit){.reason = VCPU_EXIT_NESTED_PAGE_FAULT};
        exit->nested_page_fault.addr = riscv_h_fault_gpa(stval, htval);
        exit->nested_page_fault.access_flags = VCPU_MAP_EXECUTE;
    } else if (scause == CAUSE_VIRTUAL_INSTRUCTION) {
        uint32_t insn = stval != 0 ? (uint32_t)stval : fetch_insn(a->regs.pc, 0);
        step = riscv_h_decode_virtual_instruction(insn, a->regs.x, exit);
    } else {
        *exit = (struct vcpu_exit){.reason = VCPU_EXIT_UNKNOWN};
        uint32_t insn = fetch_insn(a->regs.pc, 0);
        step = insn != 0 ? riscv_h_insn_length(insn & 0xffff) : 4;
    }
    if (exit->reason == VCPU_EXIT_NESTED_PAGE_FAULT)
        a->pending_flush = 1;
    a->regs.pc += step;
    riscv_h_fill_raw(exit, scause, stval, htval, htinst);
    return VCPU_OK;
}
