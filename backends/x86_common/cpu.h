/* CPU access shared by the x86 backends: MSRs, CPUID, control registers
 * (the register numbers and bits are in x86_regs.h). Target only. */
#ifndef X86_COMMON_CPU_H
#define X86_COMMON_CPU_H

#include <stdint.h>

#include "backends/x86_common/x86_regs.h"

static inline uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;
    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return (uint64_t)hi << 32 | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
    __asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

static inline void cpuid(uint32_t leaf, uint32_t *a, uint32_t *b, uint32_t *c, uint32_t *d)
{
    __asm__ volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(0));
}

#define READ_CR(n)                                                                                 \
    ({                                                                                             \
        uint64_t v_;                                                                               \
        __asm__ volatile("mov %%cr" #n ", %0" : "=r"(v_));                                         \
        v_;                                                                                        \
    })

/* XCR0 by XGETBV / XSETBV (CR4.OSXSAVE must be set). */
static inline uint64_t xgetbv0(void)
{
    uint32_t lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return (uint64_t)hi << 32 | lo;
}

static inline void xsetbv0(uint64_t v)
{
    __asm__ volatile("xsetbv" : : "c"(0), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)) : "memory");
}

/* DR0-DR3 of the calling CPU. */
static inline void read_debug_addr_regs(uint64_t dr[4])
{
    __asm__ volatile("mov %%db0, %0" : "=r"(dr[0]));
    __asm__ volatile("mov %%db1, %0" : "=r"(dr[1]));
    __asm__ volatile("mov %%db2, %0" : "=r"(dr[2]));
    __asm__ volatile("mov %%db3, %0" : "=r"(dr[3]));
}

static inline void write_debug_addr_regs(const uint64_t dr[4])
{
    __asm__ volatile("mov %0, %%db0" : : "r"(dr[0]));
    __asm__ volatile("mov %0, %%db1" : : "r"(dr[1]));
    __asm__ volatile("mov %0, %%db2" : : "r"(dr[2]));
    __asm__ volatile("mov %0, %%db3" : : "r"(dr[3]));
}

#define WRITE_CR(n, v) __asm__ volatile("mov %0, %%cr" #n : : "r"((uint64_t)(v)) : "memory")

#endif
