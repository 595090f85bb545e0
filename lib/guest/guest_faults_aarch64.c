/* Misbehaving aarch64 guest instructions for the adversarial suite. */
#include "guest.h"

uint64_t guest_read_undecodable(uintptr_t addr)
{
    uint64_t a, b;
    __asm__ volatile("ldp %0, %1, [%2]" : "=r"(a), "=r"(b) : "r"(addr) : "memory");
    return a ^ b;
}

uint64_t guest_read_impossible_address(void)
{
    uint64_t v;
    __asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(1ull << 52) : "memory");
    return v;
}

void guest_undefined_instruction(void)
{
    __asm__ volatile("udf #0" ::: "memory");
}

void guest_privileged_instruction(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, vbar_el2" : "=r"(v) : : "memory");
    (void)v;
}

void guest_raise_with_broken_vectors(uintptr_t gpa)
{
    __asm__ volatile("msr vbar_el1, %0; isb; udf #1" : : "r"(gpa) : "memory");
}
