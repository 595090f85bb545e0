/* riscv64 misbehaviour (see misbehave.h). */
#include "testing/adversarial/misbehave.h"

void misbehave_undefined_instruction(void)
{
    __asm__ volatile(".4byte 0xffffffff" ::: "memory"); /* no such instruction */
}

void misbehave_privileged_instruction(void)
{
    __asm__ volatile("csrw hgatp, zero" ::: "memory");
}

void misbehave_fatal_exception(uint64_t unmapped)
{
    /* A breakpoint is delegated to the guest: its handler fetch faults. */
    __asm__ volatile("csrw stvec, %0; ebreak" : : "r"(unmapped) : "memory");
}

void misbehave_undecodable_mmio(uint64_t mmio)
{
    __asm__ volatile("amoadd.w zero, zero, (%0)" : : "r"(mmio) : "memory");
}

void misbehave_wild_address(void)
{
    uint64_t v;
    __asm__ volatile("ld %0, 0(%1)" : "=r"(v) : "r"(1ull << 56) : "memory");
}
