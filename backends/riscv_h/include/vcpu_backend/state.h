/* Backend state layout of the RISC-V H-extension backend (RV64, HS-mode). */
#ifndef VCPU_BACKEND_RISCV_H_STATE_H
#define VCPU_BACKEND_RISCV_H_STATE_H

#include <vcpu/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* x0..x31 by architectural index (x0 reads as zero, writes are ignored).
 * Hypercalls return their value in a1 (x11) and an SBI error in a0. */
#define VCPU_ARCH_GPR_COUNT 32u
#define VCPU_ARCH_RETURN_GPR 11u
/* Injectable vectors: the VS interrupt causes as hvip bits. Only the
 * software interrupt (VSSIP, 2) is injectable: the guest acknowledges it by
 * clearing sip.SSIP, so every injection is delivered exactly once. */
#define VCPU_ARCH_VECTOR_MIN 2u
#define VCPU_ARCH_VECTOR_MAX 2u
#define VCPU_ARCH_VECTOR_VALID(v) ((v) == 2u)
/* Level-triggered injection is not delivered yet (VCPU_ERR_NOT_SUPPORTED). */
#define VCPU_ARCH_TRIGGER_LEVEL 0
#define VCPU_ARCH_EXIT_ARCH VCPU_ARCH_RISCV64

/* Options of vcpu_init(). */
struct vcpu_create_config {
    uint64_t hartid; /* the guest's hart id; 0 means the vCPU id */
};

/* Options of vcpu_setup(). */
#define RISCV_H_MAX_VMM_EXTENSIONS 8u

struct vcpu_setup_config {
    uint64_t a1; /* initial a1 (the device tree, by the SBI boot convention) */
    /* SBI extensions (EIDs) the VMM implements through the foreign-extension
     * HYPERCALL exit (e.g. DBCN), so that BASE probe_extension reports them
     * to the guest; at most RISCV_H_MAX_VMM_EXTENSIONS (more is INVALID_ARG
     * from vcpu_setup()). */
    uint32_t vmm_extensions[RISCV_H_MAX_VMM_EXTENSIONS];
    uint32_t vmm_extension_count;
};

/* Guest registers as the world switch (switch.S) saves them. */
struct riscv_h_guest_regs {
    uint64_t x[32];
    uint64_t pc; /* sepc */
};

/* VMIDs are allocated per physical CPU in generations (vmid.c): a CPU hands
 * out 1..2^VMIDLEN-1 once each per generation and starts a new generation
 * (with hfence.gvma of every VMID) when they run out; a vCPU keeps its VMID
 * while it runs on the same CPU in the same generation. */
struct riscv_h_vmid_cpu {
    uint64_t generation;    /* 0 until the first allocation */
    uint32_t bits;          /* VMIDLEN, probed at enable */
    uint32_t next;          /* next VMID of this generation */
    const void *last_owner; /* VMIDLEN 0: the vCPU whose entries the TLB holds */
};

struct riscv_h_vmid_tag {
    uint64_t generation; /* the owning CPU's generation it was allocated in */
    uint32_t vmid;
    uint32_t cpu_plus1; /* the CPU it was allocated on, plus one (0 = none) */
};

/* VS-level CSRs of a vCPU, and the S-level CSRs a guest in VS-mode writes
 * directly (scounteren, senvcfg have no VS copy: the backend switches them). */
struct riscv_h_vs_csrs {
    uint64_t vsstatus, vsie, vstvec, vsscratch, vsepc, vscause, vstval, vsatp, vstimecmp;
    uint64_t scounteren, senvcfg;
};

/* FP registers as fp.S saves them (f0-f31 raw bits, then fcsr). */
struct riscv_h_fp_state {
    uint64_t f[32];
    uint64_t fcsr;
};

struct vcpu_arch {
    struct riscv_h_guest_regs regs;
    struct riscv_h_vs_csrs vs;
    uint64_t hartid;
    uint64_t hgatp, hstatus;
    uint64_t hvip;                /* injected interrupts (VSSIP) */
    uint64_t timer_pending;       /* SBI set_timer deadline without Sstc; ~0 = none */
    uint64_t rfence_seen;         /* the RFENCE generation this vCPU last flushed for */
    uint64_t guest_spp;           /* sstatus.SPP the guest resumes with: 1 = VS, 0 = VU */
    uint64_t exit_pc;             /* PC of the instruction of the latest exit */
    uint64_t exit_stval;          /* stval of the latest exit (faulting guest address) */
    uint64_t exit_insn;           /* the instruction of the latest exit, 0 if unknown */
    struct riscv_h_vmid_tag vmid; /* zero = none yet (vmid.c) */
    volatile uint32_t in_guest;   /* between the entry's flush check and the exit */
    uint32_t flush_stage2;        /* hfence.gvma at the next entry */
    uint32_t vmm_extension_count;
    uint32_t vmm_extensions[RISCV_H_MAX_VMM_EXTENSIONS];
    /* The guest's FP registers, current whenever this vCPU is not in the
     * guest (saved at each exit that left them dirty), and the CPU (plus one)
     * whose FP registers were last loaded from them (run.c). */
    struct riscv_h_fp_state fp;
    uint32_t fp_cpu_plus1;
};

/* Host context of one CPU for the world switch; sscratch points at it while
 * a guest runs. Layout used by assembly. */
struct riscv_h_cpu_context {
    uint64_t host[16]; /* ra, sp, gp, tp, s0-s11 */
    uint64_t scratch;
    struct riscv_h_guest_regs *guest;
};

struct vcpu_arch_percpu {
    struct riscv_h_cpu_context ctx;
    uint32_t cpu_id;
    uint32_t sstc;                 /* the CPU has Sstc (vstimecmp): a guarded stimecmp read */
    uint32_t senvcfg;              /* the CPU has senvcfg: a guarded read */
    struct riscv_h_vmid_cpu vmids; /* this CPU's VMID allocator (vmid.c) */
    uint64_t saved_stvec, saved_sscratch, saved_hedeleg, saved_hideleg;
    uint64_t saved_henvcfg;
    uint64_t host_senvcfg; /* the host's senvcfg while a guest runs */
    uint64_t hedeleg; /* what hedeleg holds (illegal instruction kept while FP is not loaded) */
    /* The lazy FP switch (run.c): the vCPU whose FP registers this CPU's hold
     * (only compared, never dereferenced; NULL = nobody's), and the host's
     * own FP registers while a run has the guest's loaded. */
    const void *fp_owner;
    struct riscv_h_fp_state host_fp;
    uint32_t host_fp_saved;
};

#ifdef __cplusplus
}
#endif

#endif /* VCPU_BACKEND_RISCV_H_STATE_H */
