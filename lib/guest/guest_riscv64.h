/* RISC-V-only guest calls: SBI, compressed accesses, the timer. */
#ifndef LIB_GUEST_GUEST_RISCV64_H
#define LIB_GUEST_GUEST_RISCV64_H

#include <stdint.h>

struct guest_sbiret {
    int64_t error;
    uint64_t value;
};

/* An SBI call: ecall with a7 = eid, a6 = fid, a0..a2 = arguments. */
struct guest_sbiret guest_sbi_call(uint64_t eid, uint64_t fid, uint64_t a0, uint64_t a1,
                                   uint64_t a2);

/* c.sw value, 0(addr) and c.lw from addr: compressed MMIO accesses. */
void guest_c_sw(uintptr_t addr, uint32_t value);
int64_t guest_c_lw(uintptr_t addr);

/* Enables the supervisor timer interrupt (vectors report it as 6, VSTIP). */
void guest_timer_irq_enable(void);

/* Reads the time CSR. */
uint64_t guest_rdtime(void);

#endif
