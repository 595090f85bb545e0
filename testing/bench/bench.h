/* The exit-cost benchmark image: shared definitions of the portable cases
 * (exit_cost_cases.c), the guest loops (guest_loops_<isa>.S) and the floor
 * (floor_<isa or backend>.S + .c). */
#ifndef TESTING_BENCH_BENCH_H
#define TESTING_BENCH_BENCH_H

#include <vcpu/vcpu.h>

/* Round trips per measurement (at least 10,000 for stable figures); the
 * trace images of the breakdown override it with fewer. */
#ifndef BENCH_TRIPS
#define BENCH_TRIPS 10000u
#endif

/* The hypercall number the guest's hypercall loop uses. */
#define BENCH_HYPERCALL_NR 0x100u

/* The exit kinds measured, in table order. */
enum bench_kind {
    BENCH_HYPERCALL = 0,
    BENCH_MMIO_WRITE = 1,
    BENCH_MMIO_READ = 2,
    BENCH_SYSREG_READ = 3,
    BENCH_HALT = 4,
    BENCH_KIND_COUNT
};

/* Guest loops (guest_loops_<isa>.S), run in the guest: each executes its
 * trapping instruction `n` times in a tight loop and returns the counter
 * delta (aarch64 PMCCNTR_EL0, riscv64 instret, x86 TSC), which under QEMU
 * -icount shift=0 is the number of instructions executed. */
uint64_t bench_guest_hypercall(uint64_t n);
uint64_t bench_guest_mmio_write(uint64_t n, uintptr_t addr);
uint64_t bench_guest_mmio_read(uint64_t n, uintptr_t addr);
uint64_t bench_guest_sysreg_read(uint64_t n);
uint64_t bench_guest_halt(uint64_t n);

/* Floor hooks (floor_<isa>.c; on x86 per backend: floor_svm.c, floor_vmx.c). */

/* Makes the counter the guest loops read count every instruction at every
 * exception level (host side, once). */
void bench_counter_init(void);

/* Runs the guest of `v`, which is about to execute `n` round trips of `kind`,
 * with the hand-written floor handling them instead of the library, until the
 * guest's next ucall; returns vcpu_run()'s status with that ucall in *exit,
 * or VCPU_ERR_HARDWARE if the floor met an exit it does not expect. */
int bench_floor_run(struct vcpu *v, enum bench_kind kind, uint32_t n, struct vcpu_exit *exit);

#endif /* TESTING_BENCH_BENCH_H */
