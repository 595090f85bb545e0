/* vcpu_arch_run: first-entry VMCS setup, injection, VMLAUNCH/VMRESUME,
 * decoding the exit. */
#include <vcpu/arch.h>

#include "backends/x86_common/guest_memory.h"
#include "backends/x86_common/cpu.h"
#include "backends/x86_common/host_apic.h"
#include "backends/x86_common/xcr0.h"
#include "caps.h"
#include "decode.h"
#include "event.h"
#include "fpu.h"
#include "vmcs.h"
#include "vmcs_state.h"
#include "vmx_insn.h"

/* Loads the guest's registers from gpr[] (all but RSP, which is in the VMCS),
 * VMLAUNCHes (launched 0) or VMRESUMEs, and on the exit saves them back.
 * Returns enum vmx_entry_result. Host callee-saved registers are preserved;
 * host RFLAGS.IF is clear after it (a VM exit clears RFLAGS). */
int vmx_enter_guest(uint64_t *gpr, uint32_t launched);

#define INVEPT_SINGLE 1u
#define INVEPT_ALL 2u

/* Puts the next event into the VM-entry interruption information: a fault
 * vcpu_inject_fault() asked for, else an exception to reflect (#AC), else an
 * interrupted delivery, else a pending interrupt; or asks for an
 * interrupt-window exit when the guest cannot take the interrupt now. */
static void inject_pending(struct vcpu_arch *a, const struct vcpu_arch_percpu *ap)
{
    /* MOV to / from a debug register exits until the guest first uses one;
     * from then on they are switched at every entry (enter_guest). */
    uint32_t proc = ap->proc | (a->dr_active ? 0u : PROC_MOV_DR);
    struct vmx_event e = {0, 0, 0};
    if (a->fault_pending) {
        /* The faulting instruction restarts; whatever it interrupted is
         * delivered again when it re-executes. */
        e = vmx_fault_event(a->fault_undefined != 0, (vmread(VMCS_GUEST_CR0) & CR0_PE) != 0);
        a->fault_pending = 0;
        a->reflect_info = 0;
        a->redeliver_info = 0;
    } else if (a->reflect_info != 0) {
        e = (struct vmx_event){a->reflect_info, a->reflect_error, 0};
        a->reflect_info = 0;
        a->redeliver_info = 0;
    } else if (a->redeliver_info != 0) {
        /* An event was being delivered when the guest exited: redeliver it,
         * with its error code and (software events) instruction length. */
        e = (struct vmx_event){a->redeliver_info, a->redeliver_error, a->redeliver_len};
        a->redeliver_info = 0;
    }
    if (e.info != 0) {
        vmwrite(VMCS_ENTRY_INTR_INFO, e.info);
        vmwrite(VMCS_ENTRY_EXCEPTION_ERROR, e.error);
        vmwrite(VMCS_ENTRY_INSTRUCTION_LEN, e.insn_len);
        if (a->x86.pending_vector >= 0)
            proc |= PROC_INTERRUPT_WINDOW;
    } else if (a->x86.pending_vector >= 0) {
        if (vmx_guest_interruptible(vmread(VMCS_GUEST_RFLAGS),
                                    (uint32_t)vmread(VMCS_GUEST_INTERRUPTIBILITY))) {
            vmwrite(VMCS_ENTRY_INTR_INFO,
                    vmx_external_interrupt_info((uint32_t)a->x86.pending_vector));
            a->x86.pending_vector = -1;
        } else {
            proc |= PROC_INTERRUPT_WINDOW;
        }
    }
    vmwrite(VMCS_PROC_CONTROLS, proc);
}

/* Reads the guest instruction at RIP, through the guest's paging and EPT,
 * and the mode it executes in. */
static size_t read_insn(const struct vcpu_arch *a, uint64_t rip, uint8_t *out, size_t len,
                        enum x86_cpu_mode *mode)
{
    uint64_t efer = vmread(VMCS_GUEST_EFER);
    struct x86_guest_paging paging =
        x86_guest_paging_of(vmread(VMCS_GUEST_CR0), efer, vmread(VMCS_GUEST_CR3));
    *mode = x86_guest_mode(efer, (uint32_t)vmread(VMCS_SEG_AR(SEG_CS)), vmread(VMCS_GUEST_RFLAGS));
    uint64_t cs_base = *mode == X86_MODE_64 ? 0 : vmread(VMCS_GUEST_CS_BASE);
    return x86_read_guest(&paging, a->ept_root, true, cs_base + rip, out, len);
}

/* After an exit that moved RIP past an instruction, or the VMM moved it:
 * the STI / MOV-SS blocking of the old instruction ends with it. */
static void set_rip(uint64_t rip)
{
    vmwrite(VMCS_GUEST_RIP, rip);
    uint64_t blocking = vmread(VMCS_GUEST_INTERRUPTIBILITY);
    if (blocking & (INTERRUPTIBILITY_STI | INTERRUPTIBILITY_MOV_SS))
        vmwrite(VMCS_GUEST_INTERRUPTIBILITY,
                blocking & ~(uint64_t)(INTERRUPTIBILITY_STI | INTERRUPTIBILITY_MOV_SS));
}

/* Brings the VMCS up to date before an entry: makes it current (several
 * vCPUs may be bound to one CPU), the setup's start state on the first
 * entry, then a new entry point or PC if one was set. */
static void prepare_entry(struct vcpu_arch *a, struct vcpu_arch_percpu *ap)
{
    uint64_t pa = vcpu_host_virt_to_phys(a->vmcs);
    if (ap->current_vmcs != pa) {
        (void)vmptrld(pa); /* bind made it active on this CPU; cannot fail */
        ap->current_vmcs = pa;
    }
    if (!a->vmcs_written) {
        vmx_write_controls(a, ap);
        vmx_write_guest_start(a, ap, a->entry);
        a->vmcs_written = 1;
        a->entry_pending = 0;
    } else if (a->entry_pending) {
        vmx_set_guest_entry(ap, a->entry);
        a->entry_pending = 0;
    }
    if (a->rip_dirty) {
        set_rip(a->rip);
        a->rip_dirty = 0;
    }
    if (a->flush_stage2) {
        invept(ap->invept_single ? INVEPT_SINGLE : INVEPT_ALL, vmx_eptp(a->ept_root));
        a->flush_stage2 = 0;
    }
}

/* XSETBV: the guest's new XCR0 if allowed (then past the instruction), else
 * #GP(0) at it (#UD where the CPU has no XSAVE). */
static void emulate_xsetbv(struct vcpu_arch *a, const struct vcpu_arch_percpu *ap, uint64_t rip)
{
    uint64_t value = (a->gpr[X86_RAX] & 0xffffffffu) | a->gpr[X86_RDX] << 32;
    uint32_t cpl = ((uint32_t)vmread(VMCS_SEG_AR(SEG_SS)) >> 5) & 3u;
    if (ap->xcr0_supported != 0 &&
        x86_xsetbv_allowed(cpl, (uint32_t)a->gpr[X86_RCX], value, ap->xcr0_supported)) {
        a->xcr0 = value;
        a->rip = rip + vmread(VMCS_EXIT_INSTRUCTION_LEN);
        set_rip(a->rip);
    } else {
        a->fault_pending = 1;
        a->fault_undefined = ap->xcr0_supported == 0;
    }
}

#define DR7_RESET 0x400u

/* VM entry and exit with the guest's XCR0, DR6 and (once it used them)
 * DR0-DR3 in the CPU, the host's back after the exit; DR7 is in the VMCS,
 * and the exit leaves 0x400 in the CPU, so the host's is put back. The
 * guest's XCR0 is read back: XSETBV always exits, but what the CPU holds is
 * the guest's in any case. Returns vmx_enter_guest()'s result. */
static int enter_guest(struct vcpu_arch *a, const struct vcpu_arch_percpu *ap)
{
    uint64_t host_xcr0 = 0;
    if (ap->xcr0_supported != 0) {
        host_xcr0 = xgetbv0();
        if (host_xcr0 != a->xcr0)
            xsetbv0(a->xcr0);
    }
    uint64_t host_dr7, host_dr6 = 0;
    __asm__ volatile("mov %%db7, %0" : "=r"(host_dr7));
    struct x86_debug_regs host_dr;
    if (a->dr_active) {
        read_debug_addr_regs(host_dr.dr);
        __asm__ volatile("mov %%db6, %0" : "=r"(host_dr6));
        write_debug_addr_regs(a->dr.dr);
        __asm__ volatile("mov %0, %%db6" : : "r"(a->dr6));
    }

    int result = vmx_enter_guest(a->gpr, a->launched);

    if (a->dr_active) {
        read_debug_addr_regs(a->dr.dr);
        __asm__ volatile("mov %%db6, %0" : "=r"(a->dr6));
        write_debug_addr_regs(host_dr.dr);
        __asm__ volatile("mov %0, %%db6" : : "r"(host_dr6));
    }
    if (host_dr7 != DR7_RESET)
        __asm__ volatile("mov %0, %%db7" : : "r"(host_dr7));
    if (ap->xcr0_supported != 0) {
        a->xcr0 = xgetbv0();
        if (a->xcr0 != host_xcr0)
            xsetbv0(host_xcr0);
    }
    return result;
}

/* Handles the exits the backend resolves itself without the VMM: a guest
 * #AC is reflected into the guest, MOV to / from CR8 works on the guest's
 * virtual TPR, XSETBV is emulated on the vCPU's own XCR0, the first MOV to /
 * from a debug register makes DR0-DR3 and DR6 the guest's while it runs
 * (the instruction then re-executes). Returns true if the guest can simply be entered again. A
 * machine check is handed to the host's own #MC handler first (then the exit
 * is UNKNOWN to the VMM). */
static bool handled_by_backend(struct vcpu_arch *a, const struct vcpu_arch_percpu *ap,
                               uint32_t reason, uint64_t rip)
{
    if (reason == VMX_EXIT_XSETBV) {
        emulate_xsetbv(a, ap, rip);
        return true;
    }
    if (reason == VMX_EXIT_MOV_DR) {
        a->dr_active = 1;
        return true;
    }
    if (reason == VMX_EXIT_EXCEPTION_NMI) {
        uint32_t info = (uint32_t)vmread(VMCS_EXIT_INTR_INFO);
        switch (vmx_exception_action(info)) {
        case VMX_EXCEPTION_REFLECT: {
            struct vmx_event e =
                vmx_exception_event(info & 0xffu, (info & INTR_INFO_ERROR_CODE) != 0,
                                    (uint32_t)vmread(VMCS_EXIT_INTR_ERROR));
            a->reflect_info = e.info;
            a->reflect_error = e.error;
            return true;
        }
        case VMX_EXCEPTION_HOST_MACHINE_CHECK:
            __asm__ volatile("int $18"); /* the host's machine-check handler */
            return false;
        default:
            return false;
        }
    }
    if (reason == VMX_EXIT_CR_ACCESS &&
        vmx_emulate_cr8(vmread(VMCS_EXIT_QUALIFICATION), a->gpr, &a->tpr)) {
        a->rip = rip + vmread(VMCS_EXIT_INSTRUCTION_LEN);
        set_rip(a->rip);
        return true;
    }
    return false;
}

int vcpu_arch_run(struct vcpu *v, struct vcpu_arch_percpu *ap, struct vcpu_exit *exit)
{
    struct vcpu_arch *a = &v->arch;
    prepare_entry(a, ap);
    vmx_fpu_enter(ap, a);
    uint64_t rip;
    uint32_t reason;
    for (;;) {
        inject_pending(a, ap);
        vmwrite(VMCS_GUEST_RSP, a->gpr[X86_RSP]);

        int result = enter_guest(a, ap);

        a->x86.last_read_valid = false;
        if (result != VMX_ENTERED) {
            uint32_t error =
                result == VMX_FAIL_VALID ? (uint32_t)vmread(VMCS_INSTRUCTION_ERROR) : 0;
            vmx_decode_entry_failure((enum vmx_entry_result)result, error, exit);
            return VCPU_OK;
        }
        a->launched = 1;
        a->gpr[X86_RSP] = vmread(VMCS_GUEST_RSP);
        rip = vmread(VMCS_GUEST_RIP);
        a->rip = rip;
        a->exit_rip = rip;
        uint32_t idt_info = (uint32_t)vmread(VMCS_IDT_VECTORING_INFO);
        struct vmx_event redeliver = {0, 0, 0};
        if (idt_info & INTR_INFO_VALID)
            redeliver = vmx_reinject_event(idt_info, (uint32_t)vmread(VMCS_IDT_VECTORING_ERROR),
                                           (uint32_t)vmread(VMCS_EXIT_INSTRUCTION_LEN));
        a->redeliver_info = redeliver.info;
        a->redeliver_error = redeliver.error;
        a->redeliver_len = redeliver.insn_len;
        reason = (uint32_t)vmread(VMCS_EXIT_REASON);
        /* A physical interrupt pending in the host makes the next entry exit
         * at once, so looping here never delays a kick. */
        if ((reason & VMX_EXIT_REASON_ENTRY_FAILURE) || !handled_by_backend(a, ap, reason, rip))
            break;
    }
    struct vmx_exit_facts f = {
        .reason = reason,
        .qualification = vmread(VMCS_EXIT_QUALIFICATION),
        .guest_physical = vmread(VMCS_GUEST_PHYSICAL_ADDRESS),
        .guest_linear = vmread(VMCS_GUEST_LINEAR_ADDRESS),
        .insn_len = (uint32_t)vmread(VMCS_EXIT_INSTRUCTION_LEN),
        .gpr = a->gpr,
        .poweroff_port = a->x86.poweroff_port,
        .poweroff_slp_typ = a->x86.poweroff_slp_typ,
        .apic_id = a->x86.apic_id,
    };
    uint8_t insn[X86_INSN_MAX];
    uint32_t basic = f.reason & 0xffffu;
    if (basic == VMX_EXIT_EPT_VIOLATION && !(f.reason & VMX_EXIT_REASON_ENTRY_FAILURE)) {
        f.insn = insn;
        f.insn_avail = read_insn(a, rip, insn, sizeof(insn), &f.mode);
        a->flush_stage2 = 1; /* the VMM may map the page before the next entry */
    } else if (basic == VMX_EXIT_EXTERNAL_INTERRUPT) {
        f.host_vector = x86_host_pending_vector();
    }
    uint64_t advance = vmx_decode_exit(&f, &a->x86.init_seen, exit, &a->x86.last_read);
    a->x86.last_read_valid = exit->reason == VCPU_EXIT_MMIO_READ;
    if (advance != 0) {
        a->rip = rip + advance;
        set_rip(a->rip);
    }
    return VCPU_OK;
}
