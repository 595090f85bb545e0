/* The per-vCPU state both x86 backends (svm, vmx) keep, embedded by value in
 * their struct vcpu_arch as `x86`. Included by their <vcpu_backend/state.h>;
 * not an API: only core/ and backends/ use its fields. */
#ifndef VCPU_BACKEND_X86_STATE_H
#define VCPU_BACKEND_X86_STATE_H

#include <stdbool.h>
#include <stdint.h>
#include <vcpu/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One decoded x86 memory access (the MOV forms of the MMIO decoder). */
struct x86_mmio_insn {
    uint32_t length;                  /* instruction bytes */
    bool store;                       /* memory is written */
    enum vcpu_access_width width;     /* of the memory access */
    bool has_immediate;               /* a store of `immediate` (MOV r/m, imm) */
    uint64_t immediate;               /* already sign-extended to the width */
    uint32_t reg;                     /* the register operand (enum x86_gpr) */
    bool reg_high_byte;               /* AH/CH/DH/BH (no REX, 8-bit reg 4..7) */
    enum vcpu_access_width reg_width; /* width written by a load */
    bool signed_ext;                  /* MOVSX */
    bool zero_ext;                    /* MOVZX */
};

/* The debug address registers DR0-DR3, which neither VMRUN nor VM entry
 * switches (DR6/DR7 are in the VMCB / VMCS). */
struct x86_debug_regs {
    uint64_t dr[4];
};

/* What the x86 backends keep alike per vCPU. The general registers are not
 * here: SVM keeps RAX and RSP in the VMCB, VMX all of them in its array. */
struct x86_vcpu_state {
    uint32_t apic_id;               /* the guest's x2APIC id */
    uint16_t poweroff_port;         /* ACPI PM1a control port */
    uint8_t poweroff_slp_typ;       /* SLP_TYP of S5 at poweroff_port */
    int32_t pending_vector;         /* accepted, not yet injected; -1 none */
    uint64_t init_seen;             /* x2APIC ids 0..63 sent INIT, not yet SIPI */
    bool last_read_valid;           /* last_read belongs to the last exit, an MMIO_READ */
    struct x86_mmio_insn last_read; /* its decoded instruction, for completion */
};

#ifdef __cplusplus
}
#endif

#endif /* VCPU_BACKEND_X86_STATE_H */
