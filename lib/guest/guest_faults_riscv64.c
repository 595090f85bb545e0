/* Misbehaving riscv64 guest instructions for the adversarial suite. */
#include "guest.h"

uint64_t guest_read_undecodable(uintptr_t addr)
{
    uint64_t old;
    __asm__ volatile("amoor.d %0, zero, (%1)" : "=r"(old) : "r"(addr) : "memory");
    return old;
}

uint64_t guest_read_impossible_address(void)
{
    uint64_t v;
    __asm__ volatile("ld %0, 0(%1)" : "=r"(v) : "r"(1ull << 56) : "memory");
    return v;
}

void guest_undefined_instruction(void)
{
    __asm__ volatile(".4byte 0" ::: "memory");
}

void guest_privileged_instruction(void)
{
    /* HFENCE.GVMA zero, zero: a virtual-instruction exception in VS-mode. */
    __asm__ volatile(".insn r 0x73, 0, 0x31, x0, x0, x0" ::: "memory");
}

void guest_raise_with_broken_vectors(uintptr_t gpa)
{
    /* EBREAK is delegated to the guest (hedeleg), so it vectors to stvec. */
    __asm__ volatile("csrw stvec, %0; ebreak" : : "r"(gpa) : "memory");
}
