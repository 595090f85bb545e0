/* aarch64-only guest helpers (guest_aarch64.S), for the ISA's extra cases. */
#ifndef LIB_GUEST_GUEST_AARCH64_H
#define LIB_GUEST_GUEST_AARCH64_H

#include <stdint.h>

/* Enables FP/SIMD at EL1 (CPACR_EL1.FPEN), then sets d0 = v and d31 = ~v. */
void guest_fpsimd_write(uint64_t v);

/* Returns d0 if d31 still holds ~d0, else GUEST_FPSIMD_TORN (FP/SIMD must
 * be enabled). */
uint64_t guest_fpsimd_read(void);
#define GUEST_FPSIMD_TORN 0x70a70a70a70a70a7ull

/* Drops to EL0 (EL0t, IRQs masked) at fn(arg) with SP_EL0 = stack_top; fn
 * never returns. The guest's lower-EL synchronous vector reports what EL0
 * raises (an SVC, say) as GUEST_UCALL_EXCEPTION with arg2 = SPSR_EL1. */
_Noreturn void guest_enter_el0(void (*fn)(uint64_t), uint64_t arg, uintptr_t stack_top);

#endif /* LIB_GUEST_GUEST_AARCH64_H */
