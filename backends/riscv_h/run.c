/* vcpu_arch_run: load the guest's H-extension state, switch worlds, decode. */
#include <vcpu/arch.h>
#include <vcpu/riscv_h.h>

#include "csr.h"
#include "decode.h"
#include "vmid.h"

uint64_t riscv_h_enter_guest(struct riscv_h_cpu_context *ctx);
int riscv_h_fetch_guest_u16(uint64_t gva, uint32_t *out);
void riscv_h_fp_save(struct riscv_h_fp_state *fp);
void riscv_h_fp_load(const struct riscv_h_fp_state *fp);

#define SSTATUS_FS (3ul << 13)
#define SSTATUS_FS_CLEAN (2ul << 13)
#define SSTATUS_FS_DIRTY (3ul << 13)
#define SSTATUS_VS (3ul << 9)
#define HEDELEG_ILLEGAL (1ul << CAUSE_ILLEGAL_INSTRUCTION)

/* Bumped by every SBI RFENCE call: each vCPU flushes its guest TLB entries at
 * its next entry after a bump, wherever it runs (see rfence()). */
static uint64_t rfence_generation;

#define HGATP_VMID_MASK (0x3ffful << 44)
#define RFENCE_MAX_HARTS 64u /* hart_mask_base = -1 looks up hart ids below this */

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

/* Waits until `t` (another vCPU of the VM) cannot use guest TLB entries older
 * than RFENCE generation `gen`: it is not in the guest, or it entered after
 * flushing for `gen`. A target in the guest is sent the host's kick interrupt,
 * which makes it exit (EXTERNAL_INTERRUPT to its VMM). */
static void rfence_wait(const struct vcpu *t, uint64_t gen)
{
    const struct vcpu_arch *ta = &t->arch;
    bool kicked = false;
    while (__atomic_load_n(&ta->in_guest, __ATOMIC_SEQ_CST) != 0 &&
           __atomic_load_n(&ta->rfence_seen, __ATOMIC_ACQUIRE) < gen) {
        int32_t cpu = t->owner_cpu;
        if (!kicked && cpu >= 0) {
            vcpu_host_kick_cpu((uint32_t)cpu);
            kicked = true;
        }
    }
}

/* SBI RFENCE (any function): every vCPU flushes its VS-stage TLB entries at
 * its next entry; returns only after each target of hart_mask (a0) /
 * hart_mask_base (a1; -1 = every hart) has left the guest or flushed. A
 * target hart id the VM does not have is SBI_ERR_INVALID_PARAM (then nothing
 * is waited for). */
static int64_t rfence(const struct vcpu *v)
{
    const struct vcpu_arch *a = &v->arch;
    struct riscv_h_hart_set harts;
    if (!riscv_h_decode_hart_mask(a->regs.x[A0], a->regs.x[A1], &harts))
        return RISCV_SBI_ERR_INVALID_PARAM;
    for (uint32_t i = 0; !harts.all && i < 64; i++) {
        if ((harts.mask >> i & 1) && vcpu_core_find_vcpu(v->vm_id, harts.base + i) == NULL)
            return RISCV_SBI_ERR_INVALID_PARAM;
    }
    uint64_t gen = __atomic_add_fetch(&rfence_generation, 1, __ATOMIC_SEQ_CST);
    for (uint32_t i = 0; i < RFENCE_MAX_HARTS; i++) {
        if (!(harts.mask >> i & 1))
            continue;
        const struct vcpu *t = vcpu_core_find_vcpu(v->vm_id, harts.base + i);
        if (t != NULL && t != v)
            rfence_wait(t, gen);
    }
    /* The caller itself flushes at its next entry, before it resumes. */
    return RISCV_SBI_SUCCESS;
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
            a->vs.vstimecmp = a->regs.x[A0];
        } else {
            a->timer_pending = a->regs.x[A0];
            a->hvip &= ~HVIP_VSTIP;
        }
        break;
    case RISCV_H_SBI_RFENCE:
        err = rfence(v);
        value = 0;
        break;
    case RISCV_H_SBI_HART_STATUS: {
        const struct vcpu *target = vcpu_core_find_vcpu(v->vm_id, a->regs.x[A0]);
        if (target == NULL)
            err = RISCV_SBI_ERR_INVALID_PARAM;
        else
            value = vcpu_core_is_bound(target) ? 0 : 1; /* STARTED / STOPPED */
        break;
    }
    case RISCV_H_SBI_RETURN:
        break;
    case RISCV_H_SBI_EXIT:
        a->regs.x[A0] = (uint64_t)err;
        a->regs.pc += 4;
        return; /* a1 is the VMM's to set */
    }
    a->regs.x[A0] = (uint64_t)err;
    a->regs.x[A1] = value;
    a->regs.pc += 4;
}

/* The lazy FP switch. A CPU's FP registers hold one vCPU's values at most
 * (ap->fp_owner, confirmed by the vCPU's fp_cpu_plus1, since it may have run
 * elsewhere since). An entry whose vCPU's values are loaded runs with
 * sstatus.FS = Clean and illegal instructions delegated; otherwise with
 * sstatus.FS = Off and illegal instructions kept in HS, so that the guest's
 * first FP instruction traps here (fp_load()), and the run re-enters at that
 * instruction with the values loaded. A real illegal instruction then traps
 * again, delegated, to the guest. Every exit that left FS Dirty saves the
 * registers into the vCPU, so a CPU's registers are never needed later (no
 * pointer to a vCPU is kept that could outlive it). Vector state is not
 * offered: sstatus.VS is Off while a guest runs. */
static void set_hedeleg(struct vcpu_arch_percpu *ap, uint64_t value)
{
    if (ap->hedeleg != value) {
        CSR_WRITE(hedeleg, value);
        ap->hedeleg = value;
    }
}

static void fp_enter(const struct vcpu *v, struct vcpu_arch_percpu *ap)
{
    bool loaded = ap->fp_owner == v && v->arch.fp_cpu_plus1 == ap->cpu_id + 1;
    CSR_CLEAR(sstatus, SSTATUS_FS | SSTATUS_VS);
    if (loaded)
        CSR_SET(sstatus, SSTATUS_FS_CLEAN);
    set_hedeleg(ap, loaded ? HEDELEG_GUEST : HEDELEG_GUEST & ~HEDELEG_ILLEGAL);
}

/* After an exit: keeps what the guest wrote to its FP registers. */
static void fp_exit(struct vcpu *v)
{
    if ((CSR_READ(sstatus) & SSTATUS_FS) == SSTATUS_FS_DIRTY)
        riscv_h_fp_save(&v->arch.fp);
}

/* The guest's first FP instruction of a run trapped (illegal instruction,
 * not delegated): loads its FP registers, first saving the host's if the
 * host had FP enabled (sstatus.FS not Off when vcpu_run was called). */
static void fp_load(struct vcpu *v, struct vcpu_arch_percpu *ap, bool host_fp)
{
    if (host_fp && !ap->host_fp_saved) {
        riscv_h_fp_save(&ap->host_fp);
        ap->host_fp_saved = 1;
    }
    riscv_h_fp_load(&v->arch.fp);
    ap->fp_owner = v;
    v->arch.fp_cpu_plus1 = ap->cpu_id + 1;
}

/* Masks the host's interrupts (sstatus.SIE) and returns whether they were
 * enabled: an interrupt taken between loading sscratch and the guest's SRET
 * would be saved as the guest's trap with the host's registers. */
static uint64_t mask_host_interrupts(void)
{
    uint64_t old;
    __asm__ volatile("csrrc %0, sstatus, %1" : "=r"(old) : "r"(SSTATUS_SIE) : "memory");
    return old & SSTATUS_SIE;
}

/* One entry into the guest and the decoding of its exit. Returns true if the
 * exit was the lazy FP trap (the FP registers are loaded now: enter again at
 * the same instruction), false when *exit is the exit for the VMM. */
static bool run_once(struct vcpu *v, struct vcpu_arch_percpu *ap, struct vcpu_exit *exit, bool sstc,
                     bool host_fp)
{
    struct vcpu_arch *a = &v->arch;
    if (!sstc && a->timer_pending != ~0ull && CSR_READ(time) >= a->timer_pending) {
        a->hvip |= HVIP_VSTIP;
        a->timer_pending = ~0ull;
    }
    if (riscv_h_vmid_assign(&ap->vmids, ap->cpu_id, &a->vmid, v))
        a->flush_stage2 = 1;
    CSR_WRITE(hgatp, (a->hgatp & ~HGATP_VMID_MASK) | (uint64_t)a->vmid.vmid << 44);
    if (a->flush_stage2) {
        hfence_gvma_all();
        a->flush_stage2 = 0;
    }
    /* Pairs with rfence(): either it sees in_guest and waits, or this load
     * sees its generation and flushes before entering. */
    __atomic_store_n(&a->in_guest, 1, __ATOMIC_SEQ_CST);
    uint64_t generation = __atomic_load_n(&rfence_generation, __ATOMIC_SEQ_CST);
    if (a->rfence_seen != generation) {
        hfence_vvma_all();                        /* the current VMID's VS-stage entries */
        __asm__ volatile("fence.i" ::: "memory"); /* remote_fence_i */
        __atomic_store_n(&a->rfence_seen, generation, __ATOMIC_RELEASE);
    }
    load_vs_state(a, sstc);
    fp_enter(v, ap);
    /* scounteren and senvcfg have no VS copies: the guest's replace the host's. */
    uint64_t host_scounteren = CSR_READ(scounteren);
    CSR_WRITE(scounteren, a->vs.scounteren);
    if (ap->senvcfg) {
        ap->host_senvcfg = CSR_READ(0x10a);
        CSR_WRITE(0x10a, a->vs.senvcfg);
    }
    /* Resume in the mode the guest left (VS or VU). */
    uint64_t hstatus = a->hstatus & ~HSTATUS_SPVP;
    if (a->guest_spp)
        hstatus |= HSTATUS_SPVP;
    CSR_WRITE(hstatus, hstatus);
    if (a->guest_spp)
        CSR_SET(sstatus, SSTATUS_SPP);
    else
        CSR_CLEAR(sstatus, SSTATUS_SPP);

    ap->ctx.guest = &a->regs;
    riscv_h_enter_guest(&ap->ctx);
    ap->ctx.guest = NULL;

    uint64_t scause = CSR_READ(scause), stval = CSR_READ(stval);
    uint64_t htval = CSR_READ(htval), htinst = CSR_READ(htinst);
    a->guest_spp = CSR_READ(sstatus) & SSTATUS_SPP; /* the mode the trap came from */
    __atomic_store_n(&a->in_guest, 0, __ATOMIC_SEQ_CST);
    save_vs_state(a, sstc);
    fp_exit(v);
    a->vs.scounteren = CSR_READ(scounteren);
    CSR_WRITE(scounteren, host_scounteren);
    if (ap->senvcfg) {
        a->vs.senvcfg = CSR_READ(0x10a);
        CSR_WRITE(0x10a, ap->host_senvcfg);
    }

    if (scause == CAUSE_ILLEGAL_INSTRUCTION && (ap->hedeleg & HEDELEG_ILLEGAL) == 0) {
        fp_load(v, ap, host_fp);
        return true;
    }
    a->exit_pc = a->regs.pc;
    a->exit_stval = stval;
    a->exit_insn = 0;
    uint64_t step = 0;
    if (scause & CAUSE_INTERRUPT) {
        *exit = (struct vcpu_exit){.reason = VCPU_EXIT_EXTERNAL_INTERRUPT};
        exit->external_interrupt.vector = scause & ~CAUSE_INTERRUPT;
    } else if (scause == CAUSE_VS_ECALL) {
        handle_sbi(v, exit, sstc);
    } else if (scause == CAUSE_LOAD_GUEST_PAGE_FAULT || scause == CAUSE_STORE_GUEST_PAGE_FAULT) {
        uint32_t insn = fetch_insn(a->regs.pc, htinst);
        a->exit_insn = insn;
        step = riscv_h_decode_guest_page_fault(scause, stval, htval, insn, a->regs.x, exit);
    } else if (scause == CAUSE_FETCH_GUEST_PAGE_FAULT) {
        *exit = (struct vcpu_exit){.reason = VCPU_EXIT_NESTED_PAGE_FAULT};
        exit->nested_page_fault.addr = riscv_h_fault_gpa(stval, htval);
        exit->nested_page_fault.access_flags = VCPU_MAP_EXECUTE;
    } else if (scause == CAUSE_VIRTUAL_INSTRUCTION) {
        /* Read from guest memory: stval is not trusted (QEMU 7.2 leaves a
         * stale instruction there for hypervisor loads/stores in VS-mode). */
        uint32_t insn = fetch_insn(a->regs.pc, 0);
        if (insn == 0)
            insn = (uint32_t)stval;
        a->exit_insn = insn;
        step = riscv_h_decode_virtual_instruction(insn, a->regs.x, exit);
    } else {
        *exit = (struct vcpu_exit){.reason = VCPU_EXIT_UNKNOWN};
        a->exit_insn = fetch_insn(a->regs.pc, 0);
    }
    if (exit->reason == VCPU_EXIT_UNKNOWN)
        step = 0; /* the PC stays at the instruction */
    if (exit->reason == VCPU_EXIT_NESTED_PAGE_FAULT)
        a->flush_stage2 = 1;
    a->regs.pc += step;
    riscv_h_fill_raw(exit, scause, stval, htval, htinst);
    return false;
}

int vcpu_arch_run(struct vcpu *v, struct vcpu_arch_percpu *ap, struct vcpu_exit *exit)
{
    bool sstc = ap->sstc != 0;
    uint64_t host_sie = mask_host_interrupts();
    uint64_t host_fsvs = CSR_READ(sstatus) & (SSTATUS_FS | SSTATUS_VS);
    bool host_fp = (host_fsvs & SSTATUS_FS) != 0;
    if (host_fp)
        ap->fp_owner = NULL; /* the host may have used its FP registers since */
    while (run_once(v, ap, exit, sstc, host_fp)) {
    }
    if (ap->host_fp_saved) {
        riscv_h_fp_load(&ap->host_fp);
        ap->host_fp_saved = 0;
        ap->fp_owner = NULL;
    }
    CSR_CLEAR(sstatus, SSTATUS_FS | SSTATUS_VS);
    CSR_SET(sstatus, host_fsvs);
    if (host_sie)
        CSR_SET(sstatus, SSTATUS_SIE);
    return VCPU_OK;
}
