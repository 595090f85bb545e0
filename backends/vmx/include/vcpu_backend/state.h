/* Backend state layout of the Intel VMX backend. */
#ifndef VCPU_BACKEND_VMX_STATE_H
#define VCPU_BACKEND_VMX_STATE_H

#include <vcpu/types.h>
#include <vcpu_backend/x86_state.h>

#ifdef __cplusplus
extern "C" {
#endif

/* RAX..R15 in the x86 encoding order; the hypercall returns in RAX. */
#define VCPU_ARCH_GPR_COUNT 16u
#define VCPU_ARCH_RETURN_GPR 0u
/* Injectable vectors: external interrupts 32..255. */
#define VCPU_ARCH_VECTOR_MIN 32u
#define VCPU_ARCH_VECTOR_MAX 255u
#define VCPU_ARCH_VECTOR_VALID(v) ((v) >= VCPU_ARCH_VECTOR_MIN && (v) <= VCPU_ARCH_VECTOR_MAX)
/* Level-triggered injection is not delivered yet (VCPU_ERR_NOT_SUPPORTED). */
#define VCPU_ARCH_TRIGGER_LEVEL 0
#define VCPU_ARCH_EXIT_ARCH VCPU_ARCH_VMX

/* Options of vcpu_init(). */
struct vcpu_create_config {
    uint32_t apic_id; /* the guest's x2APIC id; 0 means the vCPU id */
};

/* Options of vcpu_setup() (as SVM's). NULL (or long_mode false) starts the
 * guest in 16-bit real mode at `entry` (CS base = entry & ~0xf; unrestricted
 * guest); long_mode starts it in 64-bit mode at `entry` with paging rooted at
 * guest-physical `cr3`. */
struct vcpu_setup_config {
    bool long_mode;
    uint64_t cr3;
    uint64_t gdtr_base; /* guest GDT (flat code 0x08, data 0x10), long mode only */
    uint16_t gdtr_limit;
    uint16_t poweroff_port;   /* ACPI PM1a control port; 0 = 0x604 */
    uint8_t poweroff_slp_typ; /* SLP_TYP of S5 in the VMM's \_S5 (0: QEMU's) */
};

struct vcpu_arch_percpu;

struct vcpu_arch {
    uint64_t gpr[VCPU_ARCH_GPR_COUNT]; /* all of them, RSP too (synced with the VMCS) */
    uint8_t *vmcs;                     /* one page */
    uint8_t *msr_bitmap;               /* one page */
    uint8_t *msr_area; /* one page: the guest's switched MSRs at 0, the host's at 2048 */
    uint8_t *fpu;      /* one page: the guest's x87/SSE/AVX state while another runs */
    vcpu_hpa_t ept_root;
    uint16_t vpid;
    uint32_t launched;     /* VMRESUME (else VMLAUNCH) at the next entry */
    uint32_t vmcs_written; /* the guest state of the setup is in the VMCS */
    uint32_t flush_stage2; /* INVEPT before the next entry */
    uint32_t entry_pending;
    vcpu_gpa_t entry; /* applied at the next entry when entry_pending */
    struct vcpu_setup_config setup;
    uint32_t redeliver_info;  /* entry interruption info of an interrupted delivery, 0 none */
    uint32_t redeliver_error; /* its error code */
    uint32_t redeliver_len;   /* its instruction length (software events) */
    uint64_t rip;             /* the guest RIP (authoritative copy; the VMCS's at exits) */
    uint32_t rip_dirty;       /* write `rip` into the VMCS at the next entry */
    uint64_t exit_rip;        /* the RIP of the instruction of the latest exit */
    uint32_t fault_pending;   /* inject vcpu_inject_fault()'s fault at the next entry */
    uint32_t fault_undefined; /* ... #UD (else #GP(0)) */
    uint32_t reflect_info;    /* an exception to reflect into the guest (#AC), 0 none */
    uint32_t reflect_error;   /* its error code */
    uint64_t tpr;             /* the guest's CR8 (virtual TPR, bits 3:0) */
    struct vcpu_arch_percpu *fpu_cpu; /* the CPU holding this vCPU's FP state, or NULL */
    struct x86_vcpu_state x86;        /* as SVM's: APIC id, poweroff port, pending, last read */
    uint64_t xcr0;                    /* the guest's XCR0, in the CPU only while it runs */
    struct x86_debug_regs dr;         /* the guest's DR0-DR3 while it does not run */
    uint64_t dr6;                     /* the guest's DR6 while it does not run */
    uint32_t dr_active;               /* the guest used a debug register: switched at every entry */
};

struct vcpu_arch_percpu {
    uint32_t cpu_id;
    uint32_t revision;  /* VMCS revision identifier */
    void *vmxon_region; /* one page while enabled */
    uint64_t saved_cr0, saved_cr4, saved_feature_control;
    uint32_t pin, proc, proc2, exit, entry; /* computed controls */
    uint32_t invept_single;
    uint64_t cr0_fixed0, cr0_fixed1, cr4_fixed0, cr4_fixed1;
    uint64_t current_vmcs;   /* physical address of the current VMCS, 0 none */
    void *fpu_owner;         /* the struct vcpu_arch whose FP state the CPU holds, NULL none */
    uint64_t xcr0_supported; /* XCR0 components a guest may enable, 0 without XSAVE */
};

#ifdef __cplusplus
}
#endif

#endif /* VCPU_BACKEND_VMX_STATE_H */
