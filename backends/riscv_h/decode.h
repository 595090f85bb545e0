/* Pure decoding of RISC-V H exits: trap causes, the guest's load/store
 * instructions (compressed and full), virtual-instruction traps and SBI calls.
 * No hardware access; compiled and tested on the host too. */
#ifndef RISCV_H_DECODE_H
#define RISCV_H_DECODE_H

#include <vcpu/exit.h>

/* scause values (exceptions) the backend decodes. */
#define CAUSE_ILLEGAL_INSTRUCTION 2u
#define CAUSE_LOAD_ACCESS_FAULT 5u
#define CAUSE_STORE_ACCESS_FAULT 7u
#define CAUSE_VS_ECALL 10u
#define CAUSE_FETCH_GUEST_PAGE_FAULT 20u
#define CAUSE_LOAD_GUEST_PAGE_FAULT 21u
#define CAUSE_VIRTUAL_INSTRUCTION 22u
#define CAUSE_STORE_GUEST_PAGE_FAULT 23u
#define CAUSE_INTERRUPT (1ull << 63)

/* Indices in x[] of the argument registers a0..a7 (x10..x17): SBI calls
 * pass the EID in A7, the FID in A6, arguments in A0..A5, and return the
 * error in A0 and the value in A1. */
enum riscv_h_arg_reg { A0 = 10, A1, A2, A3, A4, A5, A6, A7 };

/* One decoded guest load or store. */
struct riscv_h_access {
    bool store;
    enum vcpu_access_width width;
    bool signed_ext;
    uint32_t reg;    /* rd of a load, rs2 of a store */
    uint32_t length; /* instruction bytes: 2 or 4 */
};

/* Returns the length in bytes of the instruction whose first parcel is
 * `low16`: 2 for compressed, 4 otherwise. */
static inline uint32_t riscv_h_insn_length(uint32_t low16)
{
    return (low16 & 3) == 3 ? 4 : 2;
}

/* Decodes a load or store (LB/LH/LW/LD/LBU/LHU/LWU, SB/SH/SW/SD, C.LW/C.LD/
 * C.SW/C.SD, C.LWSP/C.LDSP/C.SWSP/C.SDSP) into *out. Returns false for any
 * other instruction (*out untouched). */
bool riscv_h_decode_access(uint32_t insn, struct riscv_h_access *out);

/* Turns a transformed htinst value into the instruction it stands for (the
 * length bit restored), or 0 if htinst holds no usable instruction. */
uint32_t riscv_h_htinst_to_insn(uint64_t htinst);

/* Fills the raw part of an exit. */
void riscv_h_fill_raw(struct vcpu_exit *exit, uint64_t scause, uint64_t stval, uint64_t htval,
                      uint64_t htinst);

/* The guest-physical address of a guest-page fault. */
static inline uint64_t riscv_h_fault_gpa(uint64_t stval, uint64_t htval)
{
    return (htval << 2) | (stval & 3);
}

/* Decodes a guest-page fault on a load or store whose instruction is `insn`
 * (0 if it could not be read): MMIO_READ / MMIO_WRITE for a decodable access
 * (data of a store from x[]), else NESTED_PAGE_FAULT. Returns the bytes to
 * advance the PC (0 for a nested page fault). `x` holds x0..x31. */
uint32_t riscv_h_decode_guest_page_fault(uint64_t scause, uint64_t stval, uint64_t htval,
                                         uint32_t insn, const uint64_t *x, struct vcpu_exit *exit);

/* Decodes a virtual-instruction exception for instruction `insn`: WFI is
 * HALT; CSRRS/CSRRC with rs1 = x0 are SYSREG_READ; CSRRW with rd = x0 and
 * CSRRWI with rd = x0 are SYSREG_WRITE; anything else UNKNOWN. Returns the bytes
 * to advance the PC. */
uint32_t riscv_h_decode_virtual_instruction(uint32_t insn, const uint64_t *x,
                                            struct vcpu_exit *exit);

/* What an SBI call asks for. */
enum riscv_h_sbi_action {
    RISCV_H_SBI_EXIT,       /* *exit holds an exit for the VMM; a0/a1 preset */
    RISCV_H_SBI_RETURN,     /* handled: a0/a1 = *err / *value, run again */
    RISCV_H_SBI_SET_TIMER,  /* the caller programs the timer at x[A0] */
    RISCV_H_SBI_RFENCE,     /* the caller performs the fence, then returns success */
    RISCV_H_SBI_HART_STATUS /* the caller answers HSM hart_get_status for x[A0] */
};

/* SBI extensions the VMM implements itself through the foreign-extension
 * exit (the vCPU's setup config), so that BASE probe_extension reports them. */
struct riscv_h_vmm_extensions {
    const uint32_t *eids;
    uint32_t count;
};

/* Decodes the ecall in x[] (a7 = EID, a6 = FID, a0..a5 = arguments): see
 * docs/backends/riscv_h.md for the mapping. BASE probe_extension reports the
 * backend's own extensions and those of `vmm` (which may be NULL). Always
 * writes *exit, *err, *value. Pure; any CPU. */
enum riscv_h_sbi_action riscv_h_decode_sbi(const uint64_t *x,
                                           const struct riscv_h_vmm_extensions *vmm,
                                           struct vcpu_exit *exit, int64_t *err, uint64_t *value);

/* The harts an SBI hart mask names: base + i for every set bit i of mask, or
 * every hart id below 64 when `all`. */
struct riscv_h_hart_set {
    uint64_t base;
    uint64_t mask;
    bool all;
};

/* Decodes an SBI hart_mask / hart_mask_base pair (RFENCE, IPI): base -1
 * (~0) names every hart (mask is then ignored); otherwise the harts base + i
 * for each bit i set in mask. Returns false if a named hart id does not fit
 * in 64 bits (base + i wraps: SBI_ERR_INVALID_PARAM), else true with *out
 * filled. Whether the named harts exist is the caller's question. Pure; any
 * CPU. */
bool riscv_h_decode_hart_mask(uint64_t mask, uint64_t base, struct riscv_h_hart_set *out);

#endif /* RISCV_H_DECODE_H */
