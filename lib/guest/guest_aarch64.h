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

/* Turns on the EL1 stage-1 MMU (SCTLR_EL1.M; data and instruction caches
 * stay off) over tables in the guest image: an identity map of the low 4 GiB
 * (the first GiB as Device-nGnRnE, the rest Normal; 39-bit VA, 4 KiB
 * granule, TTBR0_EL1 only, walks non-cacheable) in which only the 4 KiB page
 * holding `hole` is invalid, so touching it is the guest's own level-3
 * translation fault. Guest EL1 code with the MMU off; `hole` must be below
 * 4 GiB and not hold the caller's code, stack or these tables. */
void guest_mmu_enable(uintptr_t hole);

#endif /* LIB_GUEST_GUEST_AARCH64_H */
