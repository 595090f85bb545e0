/* CSR access for the backend (numbers for CSRs clang 14 does not name). */
#ifndef RISCV_H_CSR_H
#define RISCV_H_CSR_H

#include <stdint.h>

#define CSR_HENVCFG 0x60a
#define CSR_VSTIMECMP 0x24d
#define CSR_STIMECMP 0x14d
#define CSR_SENVCFG 0x10a

#define CSR_READ(csr)                                                                              \
    ({                                                                                             \
        uint64_t v_;                                                                               \
        __asm__ volatile("csrr %0, " #csr : "=r"(v_));                                             \
        v_;                                                                                        \
    })
#define CSR_WRITE(csr, value) __asm__ volatile("csrw " #csr ", %0" : : "r"((uint64_t)(value)))
#define CSR_SET(csr, bits) __asm__ volatile("csrs " #csr ", %0" : : "r"((uint64_t)(bits)))
#define CSR_CLEAR(csr, bits) __asm__ volatile("csrc " #csr ", %0" : : "r"((uint64_t)(bits)))

/* The guest's view of the S-level CSRs (vcpu_get_reg system registers). */
#define RISCV_CSR_SSTATUS 0x100u
#define RISCV_CSR_SIE 0x104u
#define RISCV_CSR_STVEC 0x105u
#define RISCV_CSR_SCOUNTEREN 0x106u
#define RISCV_CSR_SENVCFG 0x10au
#define RISCV_CSR_SSCRATCH 0x140u
#define RISCV_CSR_SEPC 0x141u
#define RISCV_CSR_SCAUSE 0x142u
#define RISCV_CSR_STVAL 0x143u
#define RISCV_CSR_STIMECMP 0x14du
#define RISCV_CSR_SATP 0x180u

#define SSTATUS_SIE (1ul << 1)
#define SSTATUS_SPIE (1ul << 5)
#define SIE_SSIE (1ul << 1)
#define HSTATUS_SPV (1ul << 7)
/* The guest's view of the S-level CSRs (vcpu_get_reg system registers). */
#define RISCV_CSR_SSTATUS 0x100u
#define RISCV_CSR_SIE 0x104u
#define RISCV_CSR_STVEC 0x105u
#define RISCV_CSR_SCOUNTEREN 0x106u
#define RISCV_CSR_SENVCFG 0x10au
#define RISCV_CSR_SSCRATCH 0x140u
#define RISCV_CSR_SEPC 0x141u
#define RISCV_CSR_SCAUSE 0x142u
#define RISCV_CSR_STVAL 0x143u
#define RISCV_CSR_STIMECMP 0x14du
#define RISCV_CSR_SATP 0x180u

#define SSTATUS_SIE (1ul << 1)
#define SSTATUS_SPIE (1ul << 5)
#define SIE_SSIE (1ul << 1)
#define HSTATUS_SPVP (1ul << 8)
#define HSTATUS_VTW (1ul << 21)
#define HSTATUS_VSXL_64 (2ul << 32)
#define SSTATUS_SPP (1ul << 8)
#define HENVCFG_STCE (1ul << 63)
#define HGATP_MODE_SV39X4 (8ul << 60)
#define HVIP_VSSIP (1ul << 2)
#define HVIP_VSTIP (1ul << 6)
/* Exceptions the guest handles itself: misaligned fetch (0), illegal
 * instruction (2), breakpoint (3), misaligned load (4) and store/AMO (6),
 * ecall from U (8), instruction/load/store page faults (12, 13, 15). Not
 * delegated: access faults (PMP: the host's), ecall from VS (SBI), the
 * guest-page faults and virtual-instruction exceptions (the hypervisor's). */
#define HEDELEG_GUEST 0xb15dul
/* VS software, timer and external interrupts go to the guest. */
#define HIDELEG_GUEST 0x444ul

static inline void hfence_gvma_all(void)
{
    __asm__ volatile(".insn r 0x73, 0, 0x31, x0, x0, x0" ::: "memory");
}

static inline void hfence_vvma_all(void)
{
    __asm__ volatile(".insn r 0x73, 0, 0x11, x0, x0, x0" ::: "memory");
}

#endif
