/* vcpu_arch_run: inject, VMRUN, decode the #VMEXIT. */
#include <vcpu/arch.h>
#include <vcpu/svm.h>

#include "backends/x86_common/guest_memory.h"
#include "cpu.h"
#include "decode.h"
#include "vmcb.h"

void svm_enter_guest(uint64_t vmcb_pa, uint64_t *gpr);

#define RFLAGS_IF (1ull << 9)
#define EXITINTINFO_VALID (1ull << 31)

/* Puts a pending interrupt into EVENTINJ when the guest can take it, else
 * asks for an interrupt-window exit (VINTR). */
static void inject_pending(struct vcpu_arch *a)
{
    uint8_t *vmcb = a->vmcb;
    uint64_t exitintinfo = vmcb_read(vmcb, VMCB_EXITINTINFO);
    uint32_t misc1 = *(volatile uint32_t *)(vmcb + VMCB_INTERCEPT_MISC1) & ~MISC1_VINTR;
    uint64_t vintr = vmcb_read(vmcb, VMCB_VINTR) & ~(VINTR_V_IRQ | VINTR_V_IGN_TPR);
    if (exitintinfo & EXITINTINFO_VALID) {
        /* An event was being delivered when the guest exited: redeliver it. */
        vmcb_write(vmcb, VMCB_EVENTINJ, exitintinfo & 0xffffffffu);
    } else if (a->pending_vector >= 0) {
        bool can_take = (vmcb_read(vmcb, VMCB_RFLAGS) & RFLAGS_IF) &&
                        !(vmcb_read(vmcb, VMCB_INTERRUPT_SHADOW) & 1);
        if (can_take) {
            vmcb_write(vmcb, VMCB_EVENTINJ, EVENTINJ_VALID | (uint32_t)a->pending_vector);
            a->pending_vector = -1;
        } else {
            misc1 |= MISC1_VINTR;
            vintr |= VINTR_V_IRQ | VINTR_V_IGN_TPR;
        }
    }
    vmcb_write32(vmcb, VMCB_INTERCEPT_MISC1, misc1);
    vmcb_write(vmcb, VMCB_VINTR, vintr);
}

/* The highest vector pending in the host's local APIC (its IRR). */
static uint32_t host_pending_vector(void)
{
    uint64_t apic_base = rdmsr(MSR_APIC_BASE);
    bool x2apic = (apic_base >> 10) & 1;
    for (int i = 7; i >= 0; i--) {
        uint32_t irr;
        if (x2apic) {
            irr = (uint32_t)rdmsr(0x820u + (uint32_t)i);
        } else {
            const volatile uint32_t *reg =
                (const volatile uint32_t *)(uintptr_t)((apic_base & ~0xfffull) + 0x200 +
                                                       0x10ull * (uint64_t)i);
            irr = *reg;
        }
        if (irr != 0)
            return (uint32_t)i * 32 + 31 - (uint32_t)__builtin_clz(irr);
    }
    return 0;
}

int vcpu_arch_run(struct vcpu *v, struct vcpu_exit *exit)
{
    struct vcpu_arch *a = &v->arch;
    uint8_t *vmcb = a->vmcb;
    inject_pending(a);
    *(volatile uint8_t *)(vmcb + VMCB_TLB_CONTROL) = a->flush_tlb ? 1 : 0;
    a->flush_tlb = 0;
    vmcb_write32(vmcb, VMCB_CLEAN, 0);

    svm_enter_guest(vcpu_host_virt_to_phys(vmcb), a->gpr);

    vmcb_write(vmcb, VMCB_EVENTINJ, 0);
    uint64_t rip = vmcb_read(vmcb, VMCB_RIP);
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
        .nrip = vmcb_read(vmcb, VMCB_NRIP),
        .gpr = gpr,
        .poweroff_port = a->poweroff_port,
        .apic_id = a->apic_id,
    };
    uint8_t insn[X86_INSN_MAX];
    if (f.exitcode == SVM_EXIT_NPF) {
        struct x86_guest_paging paging = {
            .paging = (vmcb_read(vmcb, VMCB_CR0) >> 31) & 1,
            .long_mode = (vmcb_read(vmcb, VMCB_EFER) >> 10) & 1,
            .cr3 = vmcb_read(vmcb, VMCB_CR3),
        };
        uint64_t cs_base = paging.long_mode ? 0 : vmcb_read(vmcb, VMCB_CS + 8);
        f.insn = insn;
        f.insn_len = x86_read_guest(&paging, a->npt_root, false, cs_base + rip, insn, sizeof(insn));
        a->flush_tlb = 1;
    } else if (f.exitcode == SVM_EXIT_INTR) {
        f.host_vector = host_pending_vector();
    }
    struct x86_mmio_insn read_insn;
    uint64_t advance = svm_decode_exit(&f, &a->init_seen, exit, &read_insn);
    a->last_insn_valid = exit->reason == VCPU_EXIT_MMIO_READ;
    if (a->last_insn_valid)
        __builtin_memcpy(a->last_insn, &read_insn, sizeof(read_insn));
    if (advance != 0)
        vmcb_write(vmcb, VMCB_RIP, rip + advance);
    return VCPU_OK;
}
