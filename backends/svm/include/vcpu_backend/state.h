/* Backend state layout of the AMD SVM backend. */
#ifndef VCPU_BACKEND_SVM_STATE_H
#define VCPU_BACKEND_SVM_STATE_H

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
#define VCPU_ARCH_EXIT_ARCH VCPU_ARCH_SVM

/* Options of vcpu_init(). */
struct vcpu_create_config {
    uint32_t apic_id; /* the guest's x2APIC id; 0 means the vCPU id */
};

/* Options of vcpu_setup(). NULL (or long_mode false) starts the guest in
 * 16-bit real mode at `entry` (CS base = entry & ~0xf); long_mode starts it in
 * 64-bit mode at `entry` with paging rooted at guest-physical `cr3`. */
struct vcpu_setup_config {
    bool long_mode;
    uint64_t cr3;
    uint64_t gdtr_base; /* guest GDT (flat code 0x08, data 0x10), long mode only */
    uint16_t gdtr_limit;
    uint16_t poweroff_port;   /* ACPI PM1a control port; 0 = 0x604 */
    uint8_t poweroff_slp_typ; /* SLP_TYP of S5 in the VMM's \_S5 (0: QEMU's) */
};

struct vcpu_arch {
    uint64_t gpr[VCPU_ARCH_GPR_COUNT]; /* RAX and RSP mirror the VMCB's */
    uint8_t *vmcb;                     /* one page */
    uint8_t *iopm;                     /* three pages, all ports intercepted */
    uint8_t *msrpm;                    /* two pages, deny by default (msrpm.h) */
    vcpu_hpa_t npt_root;
    uint32_t asid;
    uint64_t asid_tag;         /* unique per init, never 0: the ASID owner records */
    uint32_t flush_stage2;     /* flush this guest's TLB at the next entry */
    struct x86_vcpu_state x86; /* as VMX's: APIC id, poweroff port, pending, last read */
    uint64_t exit_rip;         /* guest RIP at the last exit, before any advance */
    uint64_t fault_event;      /* EVENTINJ of a fault for the next entry; 0 none */
    uint64_t xcr0;             /* the guest's XCR0 (XSETBV is emulated) */
    struct x86_debug_regs dr;  /* the guest's DR0-DR3 once it used them */
    uint32_t dr_active;        /* the guest touched DR0-DR3: switched at each entry */
    uint8_t *fpu;              /* the guest's FP/SSE/AVX save area (fpu.h) */
    uint32_t fpu_pages;
};

struct vcpu_arch_percpu {
    uint32_t cpu_id;
    uint32_t nrips;         /* the CPU saves the next RIP on exits */
    uint32_t flush_by_asid; /* TLB_CONTROL 3 (flush one ASID) is supported */
    void *hsave;            /* VM_HSAVE_PA area (VMRUN's host state) */
    void *host_save;        /* VMSAVE area of the host's FS, GS, TR, LDTR, MSRs */
    uint64_t host_save_pa;
    uint64_t saved_efer, saved_hsave_pa;
    uint64_t xcr0_supported; /* XCR0 bits a guest may set; 0: no XSAVE */
    uint32_t set_osxsave;    /* enable set the host's CR4.OSXSAVE (disable clears it) */
    uint32_t set_osfxsr;     /* enable set the host's CR4.OSFXSR (disable clears it) */
    uint8_t *host_fpu;       /* the host's FP/SSE/AVX state while a guest runs */
    uint32_t host_fpu_pages;
    uint64_t asid_owner[64]; /* tag of the vCPU that last entered per ASID slot */
};

#ifdef __cplusplus
}
#endif

#endif /* VCPU_BACKEND_SVM_STATE_H */
