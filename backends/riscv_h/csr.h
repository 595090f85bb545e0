/* CSR access for the backend (numbers for CSRs clang 14 does not name). */
#ifndef RISCV_H_CSR_H
#define RISCV_H_CSR_H

#include <stdint.h>

#define CSR_HENVCFG 0x60a
#define CSR_VSTIMECMP 0x24d
#define CSR_STIMECMP 0x14d

#define CSR_READ(csr)                                                                              \
    ({                                                                                             \
        uint64_t v_;                                                                               \
        __asm__ volatile("csrr %0, " #csr : "=r"(v_));                                             \
        v_;                                                                                        \
    })
#define CSR_WRITE(csr, value) __asm__ volatile("csrw " #csr ", %0" : : "r"((uint64_t)(value)))
#define CSR_SET(csr, bits) __asm__ volatile("csrs " #csr ", %0" : : "r"((uint64_t)(bits)))
#define CSR_CLEAR(csr, bits) __asm__ volatile("csrc " #csr ", %0" : : "r"((uint64_t)(bits)))

#define HSTATUS_SPV (1ul << 7)
#define HSTATUS_SPVP (1ul << 8)
#define HSTATUS_VTW (1ul << 21)
#define HSTATUS_VSXL_64 (2ul << 32)
#define SSTATUS_SPP (1ul << 8)
#define HENVCFG_STCE (1ul << 63)
#define HGATP_MODE_SV39X4 (8ul << 60)
#define HVIP_VSSIP (1ul << 2)
#define HVIP_VSTIP (1ul << 6)
/* Exceptions the guest handles itself: misaligned fetch, breakpoint, ecall
 * from U, instruction/load/store page faults. */
#define HEDELEG_GUEST 0xb109ul
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
