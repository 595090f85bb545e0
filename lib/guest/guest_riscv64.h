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

/* Enables the FPU (sstatus.FS = Initial if it was Off), writes ft0, ft1,
 * fa0, ft11 = values[0..3] (raw bits) and fcsr = `fcsr`. */
void guest_fp_write(const uint64_t values[4], uint32_t fcsr);

/* Reads ft0, ft1, fa0, ft11 (raw bits) into values[0..3]; returns fcsr.
 * Needs the FPU enabled (guest_fp_write). */
uint32_t guest_fp_read(uint64_t values[4]);

#endif
