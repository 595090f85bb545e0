/* CPU access for the SVM backend. */
#ifndef SVM_CPU_H
#define SVM_CPU_H

#include <stdint.h>
#include <vcpu/arch.h>

#define MSR_EFER 0xc0000080u
#define MSR_VM_CR 0xc0010114u
#define MSR_VM_HSAVE_PA 0xc0010117u
#define MSR_APIC_BASE 0x1bu
#define EFER_SVME (1ull << 12)
#define VM_CR_SVMDIS (1ull << 4)

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

/* The per-CPU state of physical CPU `cpu` while SVM is enabled on it, else
 * NULL. Any CPU. */
struct vcpu_arch_percpu *svm_percpu_of(uint32_t cpu);

#define READ_CR(n)                                                                                 \
    ({                                                                                             \
        uint64_t v_;                                                                               \
        __asm__ volatile("mov %%cr" #n ", %0" : "=r"(v_));                                         \
        v_;                                                                                        \
    })

#endif
