/* SBI calls from HS-mode to OpenSBI. */
#ifndef QEMU_VIRT_RISCV64_SBI_H
#define QEMU_VIRT_RISCV64_SBI_H

#include <stdint.h>

#define SBI_EXT_TIME 0x54494d45ul
#define SBI_EXT_HSM 0x48534dul
#define SBI_EXT_IPI 0x735049ul

struct sbi_ret {
    int64_t error;
    uint64_t value;
};

static inline struct sbi_ret sbi_call(uint64_t eid, uint64_t fid, uint64_t a0, uint64_t a1,
                                      uint64_t a2)
{
    register uint64_t r_a0 __asm__("a0") = a0;
    register uint64_t r_a1 __asm__("a1") = a1;
    register uint64_t r_a2 __asm__("a2") = a2;
    register uint64_t r_a6 __asm__("a6") = fid;
    register uint64_t r_a7 __asm__("a7") = eid;
    __asm__ volatile("ecall" : "+r"(r_a0), "+r"(r_a1) : "r"(r_a2), "r"(r_a6), "r"(r_a7) : "memory");
    return (struct sbi_ret){(int64_t)r_a0, r_a1};
}

#endif
