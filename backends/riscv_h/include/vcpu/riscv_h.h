/* RISC-V H backend: SBI facts and the host hooks it adds to <vcpu/host.h>. */
#ifndef VCPU_RISCV_H_H
#define VCPU_RISCV_H_H

#include <vcpu/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The project's hypercall extension (firmware-specific SBI space): an ecall
 * with a7 = this EID is a HYPERCALL with nr = a6 (FID), args = a0..a5; the
 * value returns in a1, with a0 = 0 (SBI success) preset. */
#define RISCV_SBI_EXT_VCPU_HYPERCALL 0x0a000000u

/* SBI extensions handled (or turned into exits) by the backend. */
#define RISCV_SBI_EXT_BASE 0x10u
#define RISCV_SBI_EXT_TIME 0x54494d45u
#define RISCV_SBI_EXT_IPI 0x735049u
#define RISCV_SBI_EXT_RFENCE 0x52464e43u
#define RISCV_SBI_EXT_HSM 0x48534du
#define RISCV_SBI_EXT_SRST 0x53525354u

/* An SBI call of any other extension exits as HYPERCALL with this nr (bit 63
 * set, EID in bits 62..32, FID below), args = a0..a5, and a0 preset to
 * SBI_ERR_NOT_SUPPORTED: a VMM that implements it sets a0/a1. */
#define RISCV_SBI_FOREIGN_NR(eid, fid)                                                             \
    ((1ull << 63) | ((uint64_t)(eid) << 32) | (uint64_t)(uint32_t)(fid))
#define RISCV_SBI_FOREIGN_EID(nr) (((nr) >> 32) & 0x7fffffffu)
#define RISCV_SBI_FOREIGN_FID(nr) ((nr)&0xffffffffu)

/* SBI error codes. */
#define RISCV_SBI_SUCCESS 0
#define RISCV_SBI_ERR_NOT_SUPPORTED (-2)
#define RISCV_SBI_ERR_INVALID_PARAM (-3)

/* The implementation id the backend reports through SBI BASE. */
#define RISCV_SBI_IMPL_ID 0x76637075u /* "vcpu" */

/* The CSR the tests trap (hstatus from VS-mode raises a virtual-instruction
 * exception); any HS/VS CSR accessed from VS-mode exits the same way. */
#define RISCV_H_TRAPPED_CSR 0x600u

/* Host hooks (provided by the embedder): a trap the hypervisor itself takes in
 * HS-mode while the backend's trap vector is installed. Interrupts (scause
 * with the top bit set) go to the first, which handles them and returns;
 * exceptions to the second, which reports and stops. */
void vcpu_riscv_h_host_interrupt(uint64_t scause);
_Noreturn void vcpu_riscv_h_host_fault(uint64_t scause);

#ifdef __cplusplus
}
#endif

#endif /* VCPU_RISCV_H_H */
