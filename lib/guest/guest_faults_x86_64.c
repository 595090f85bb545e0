/* Misbehaving x86_64 guest instructions for the adversarial suite. */
#include "guest.h"

uint64_t guest_read_undecodable(uintptr_t addr)
{
    uint64_t sum = 0;
    __asm__ volatile("add (%1), %0" : "+r"(sum) : "r"(addr) : "memory", "cc");
    return sum;
}

uint64_t guest_read_impossible_address(void)
{
    uint64_t v;
    __asm__ volatile("mov (%1), %0" : "=r"(v) : "r"(0x8000000000000000ull) : "memory");
    return v;
}

void guest_undefined_instruction(void)
{
    __asm__ volatile("ud2" ::: "memory");
}

void guest_privileged_instruction(void)
{
#ifdef GUEST_X86_VMCALL
    __asm__ volatile("vmlaunch" ::: "memory", "cc"); /* Intel VMX: exits (reason 20) */
#else
    __asm__ volatile("vmrun" : : "a"(0ul) : "memory"); /* AMD SVM: intercepted */
#endif
}

void guest_raise_with_broken_vectors(uintptr_t gpa)
{
    (void)gpa;
    struct {
        uint16_t limit;
        uint64_t base;
    } __attribute__((packed)) empty = {0, 0};
    __asm__ volatile("lidt %0; ud2" : : "m"(empty) : "memory");
}
