/* vcpu_arch_run: inject, VMRUN, decode the #VMEXIT. */
#include <vcpu/arch.h>
#include <vcpu/svm.h>

#include "asid.h"
#include "backends/x86_common/guest_memory.h"
#include "backends/x86_common/host_apic.h"
#include "backends/x86_common/xcr0.h"
#include "cpu.h"
#include "decode.h"
#include "event.h"
#include "fpu.h"
#include "vmcb.h"

/* switch.S: VMSAVE host → VMLOAD guest, VMRUN, VMSAVE guest → VMLOAD host. */
void svm_enter_guest(uint64_t vmcb_pa, uint64_t *gpr, uint64_t host_save_pa);

/* Puts a pending interrupt into EVENTINJ when the guest can take it, else
 * asks for an interrupt-window exit (VINTR). */
static void inject_pending(struct vcpu_arch *a)
{
    uint8_t *vmcb = a->vmcb;
    uint64_t reinject = svm_reinject_event(vmcb_read(vmcb, VMCB_EXITINTINFO));
    uint32_t misc1 = *(volatile uint32_t *)(vmcb + VMCB_INTERCEPT_MISC1) & ~MISC1_VINTR;
    uint64_t vintr = vmcb_read(vmcb, VMCB_VINTR) & ~(VINTR_V_IRQ | VINTR_V_IGN_TPR);
    if (a->fault_event != 0) {
        /* A fault the backend or the VMM raised at the exit's instruction
         * replaces whatever that instruction was delivering. */
        vmcb_write(vmcb, VMCB_EVENTINJ, a->fault_event);
        a->fault_event = 0;
        if (a->x86.pending_vector >= 0) {
            misc1 |= MISC1_VINTR;
            vintr |= VINTR_V_IRQ | VINTR_V_IGN_TPR;
        }
    } else if (reinject != 0) {
        /* An event was being delivered when the guest exited: redeliver it,
         * with its error code. */
        vmcb_write(vmcb, VMCB_EVENTINJ, reinject);
    } else if (a->x86.pending_vector >= 0) {
        bool can_take = (vmcb_read(vmcb, VMCB_RFLAGS) & RFLAGS_IF) &&
                        !(vmcb_read(vmcb, VMCB_INTERRUPT_SHADOW) & 1);
        if (can_take) {
            vmcb_write(vmcb, VMCB_EVENTINJ, EVENTINJ_VALID | (uint32_t)a->x86.pending_vector);
            a->x86.pending_vector = -1;
        } else {
            misc1 |= MISC1_VINTR;
            vintr |= VINTR_V_IRQ | VINTR_V_IGN_TPR;
        }
    }
    vmcb_write32(vmcb, VMCB_INTERCEPT_MISC1, misc1);
    vmcb_write(vmcb, VMCB_VINTR, vintr);
}

/* The mode of the guest's code segment, for decoding its instructions. */
static enum x86_cpu_mode guest_mode(const uint8_t *vmcb)
{
    uint16_t cs_attr = *(const volatile uint16_t *)(vmcb + VMCB_CS + 2);
    return x86_guest_mode(vmcb_read(vmcb, VMCB_EFER), x86_seg_ar_from_vmcb(cs_attr),
                          vmcb_read(vmcb, VMCB_RFLAGS));
}

/* XSETBV: the guest's new XCR0 if allowed (then past the instruction),
 * else #GP(0) at it. */
static void emulate_xsetbv(struct vcpu_arch *a, const struct vcpu_arch_percpu *ap, uint64_t rip,
                           uint64_t nrip)
{
    uint8_t *vmcb = a->vmcb;
    uint64_t value = (vmcb_read(vmcb, VMCB_RAX) & 0xffffffffu) | a->gpr[X86_RDX] << 32;
    uint32_t cpl = *(const volatile uint8_t *)(vmcb + VMCB_CPL);
    if (ap->xcr0_supported == 0) {
        a->fault_event = svm_exception_event(X86_VECTOR_UD, false, 0);
    } else if (x86_xsetbv_allowed(cpl, (uint32_t)a->gpr[X86_RCX], value, ap->xcr0_supported)) {
        a->xcr0 = value;
        vmcb_write(vmcb, VMCB_RIP, nrip > rip ? nrip : rip + 3); /* 0F 01 D1 */
    } else {
        a->fault_event = svm_exception_event(X86_VECTOR_GP, true, 0);
    }
}

/* The exits the backend completes itself (decode.c reports them NOTHING). */
static void complete_in_backend(struct vcpu_arch *a, const struct vcpu_arch_percpu *ap,
                                uint64_t exitcode, uint64_t rip, uint64_t nrip)
{
    uint64_t reflect = svm_reflected_exception(exitcode);
    if (reflect != 0) {
        a->fault_event = reflect;
    } else if (exitcode == SVM_EXIT_XSETBV) {
        emulate_xsetbv(a, ap, rip, nrip);
    } else if (exitcode >= SVM_EXIT_DR_READ0 && exitcode < SVM_EXIT_DR_WRITE0 + 16) {
        /* From now on DR0-DR3 are the guest's while it runs. */
        a->dr_active = 1;
        vmcb_write32(a->vmcb, VMCB_INTERCEPT_DR, 0);
    }
}

int vcpu_arch_run(struct vcpu *v, struct vcpu_arch_percpu *ap, struct vcpu_exit *exit)
{
    struct vcpu_arch *a = &v->arch;
    uint8_t *vmcb = a->vmcb;
    inject_pending(a);
    /* Flush when asked (setup, bind, NPF) or when another vCPU used this
     * ASID on this CPU since this one last entered (shared ASIDs). */
    bool flush = svm_asid_enter(ap->asid_owner, a->asid, a->asid_tag) || a->flush_stage2;
    *(volatile uint8_t *)(vmcb + VMCB_TLB_CONTROL) = svm_tlb_control(flush, ap->flush_by_asid);
    a->flush_stage2 = 0;
    /* The guest may clear EFER.SVME (EFER is not intercepted); VMRUN needs it. */
    vmcb_write(vmcb, VMCB_EFER, vmcb_read(vmcb, VMCB_EFER) | EFER_SVME);
    vmcb_write32(vmcb, VMCB_CLEAN, 0);

    /* The guest's FP/SSE/AVX registers, XCR0 and (once it used them)
     * DR0-DR3 only while it runs; VMRUN switches DR6/DR7 itself. The FP
     * state is switched eagerly: the host's saved, the guest's loaded, and
     * back after the exit (see docs/backends/svm.md).
     * The saves and loads run under an XCR0 of every supported component
     * (XSAVE covers only what XCR0 enables; SSE is usable with XCR0 = 1). */
    uint64_t full = ap->xcr0_supported, host_xcr0 = 0;
    int xsave = full != 0;
    if (xsave) {
        host_xcr0 = xgetbv0();
        if (host_xcr0 != full)
            xsetbv0(full);
    }
    svm_fpu_save(ap->host_fpu, xsave);
    svm_fpu_load(a->fpu, xsave);
    if (xsave && a->xcr0 != full)
        xsetbv0(a->xcr0);
    struct x86_debug_regs host_dr;
    if (a->dr_active) {
        read_debug_addr_regs(host_dr.dr);
        write_debug_addr_regs(a->dr.dr);
    }

    svm_enter_guest(vcpu_host_virt_to_phys(vmcb), a->gpr, ap->host_save_pa);

    if (a->dr_active) {
        read_debug_addr_regs(a->dr.dr);
        write_debug_addr_regs(host_dr.dr);
    }
    if (xsave) {
        /* What the CPU holds now is the guest's: the same as a->xcr0 where
         * XSETBV exits, its own value where it does not (QEMU 7.2's TCG does
         * not honour the intercept). Either way the host gets its own back. */
        a->xcr0 = xgetbv0();
        if (a->xcr0 != full)
            xsetbv0(full);
    }
    svm_fpu_save(a->fpu, xsave);
    svm_fpu_load(ap->host_fpu, xsave);
    if (xsave && host_xcr0 != full)
        xsetbv0(host_xcr0);

    vmcb_write(vmcb, VMCB_EVENTINJ, 0);
    uint64_t rip = vmcb_read(vmcb, VMCB_RIP);
    a->exit_rip = rip;
    uint64_t gpr[VCPU_ARCH_GPR_COUNT];
    for (unsigned i = 0; i < VCPU_ARCH_GPR_COUNT; i++)
        gpr[i] = a->gpr[i];
    gpr[X86_RAX] = vmcb_read(vmcb, VMCB_RAX);
    gpr[X86_RSP] = vmcb_read(vmcb, VMCB_RSP);
    struct svm_exit_facts f = {
        .exitcode = vmcb_read(vmcb, VMCB_EXITCODE),
        .exitinfo1 = vmcb_read(vmcb, VMCB_EXITINFO1),
        .exitinfo2 = vmcb_read(vmcb, VMCB_EXITINFO2),
        .exitintinfo = vmcb_read(vmcb, VMCB_EXITINTINFO),
        .rip = rip,
        .rflags = vmcb_read(vmcb, VMCB_RFLAGS),
        .nrip = ap->nrips ? vmcb_read(vmcb, VMCB_NRIP) : 0,
        .gpr = gpr,
        .poweroff_port = a->x86.poweroff_port,
        .poweroff_slp_typ = a->x86.poweroff_slp_typ,
        .apic_id = a->x86.apic_id,
    };
    uint8_t insn[X86_INSN_MAX];
    if (f.exitcode == SVM_EXIT_NPF) {
        struct x86_guest_paging paging = x86_guest_paging_of(
            vmcb_read(vmcb, VMCB_CR0), vmcb_read(vmcb, VMCB_EFER), vmcb_read(vmcb, VMCB_CR3));
        f.mode = guest_mode(vmcb);
        uint64_t cs_base = f.mode == X86_MODE_64 ? 0 : vmcb_read(vmcb, VMCB_CS + 8);
        f.insn = insn;
        f.insn_len = x86_read_guest(&paging, a->npt_root, false, cs_base + rip, insn, sizeof(insn));
        a->flush_stage2 = 1;
    } else if (f.exitcode == SVM_EXIT_INTR) {
        f.host_vector = x86_host_pending_vector();
    }
    uint64_t advance = svm_decode_exit(&f, &a->x86.init_seen, exit, &a->x86.last_read);
    a->x86.last_read_valid = exit->reason == VCPU_EXIT_MMIO_READ;
    if (advance != 0)
        vmcb_write(vmcb, VMCB_RIP, rip + advance);
    if (exit->reason == VCPU_EXIT_NOTHING)
        complete_in_backend(a, ap, f.exitcode, rip, f.nrip);
    return VCPU_OK;
}
