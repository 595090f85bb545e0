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

#define WRITE_CR(n, v) __asm__ volatile("mov %0, %%cr" #n : : "r"((uint64_t)(v)) : "memory")

#endif
