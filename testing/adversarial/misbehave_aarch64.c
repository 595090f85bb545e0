/* aarch64 misbehaviour (see misbehave.h). */
#include "testing/adversarial/misbehave.h"

void misbehave_undefined_instruction(void)
{
    __asm__ volatile("udf #0" ::: "memory");
}

void misbehave_privileged_instruction(void)
{
    __asm__ volatile("msr hcr_el2, xzr" ::: "memory");
}

void misbehave_fatal_exception(uint64_t unmapped)
{
    __asm__ volatile("msr vbar_el1, %0; isb; udf #1" : : "r"(unmapped) : "memory");
}

void misbehave_undecodable_mmio(uint64_t mmio)
{
    uint64_t a, b;
    __asm__ volatile("ldp %0, %1, [%2]" : "=r"(a), "=r"(b) : "r"(mmio) : "memory");
}

void misbehave_wild_address(void)
{
    uint64_t v;
    __asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(1ull << 52) : "memory");
}
