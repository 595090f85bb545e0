/* x86_64 misbehaviour (see misbehave.h). */
#include "testing/adversarial/misbehave.h"

void misbehave_undefined_instruction(void)
{
    __asm__ volatile("ud2" ::: "memory");
}

void misbehave_privileged_instruction(void)
{
    __asm__ volatile("xor %%eax, %%eax; vmrun" ::: "rax", "memory");
}

void misbehave_fatal_exception(uint64_t unmapped)
{
    (void)unmapped;
    struct {
        uint16_t limit;
        uint64_t base;
    } __attribute__((packed)) idtr = {0, 0};
    __asm__ volatile("lidt %0; ud2" : : "m"(idtr) : "memory");
}

void misbehave_undecodable_mmio(uint64_t mmio)
{
    __asm__ volatile("addl $1, (%0)" : : "r"(mmio) : "memory");
}

void misbehave_wild_address(void)
{
    uint64_t v;
    __asm__ volatile("mov (%1), %0" : "=r"(v) : "r"(0x8000000000000000ull) : "memory");
}
