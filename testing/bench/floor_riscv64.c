/* riscv64 hooks of the exit-cost benchmark: instret as the instruction
 * counter, and the floor installed as stvec around one run. */
#include <stddef.h>

#include "testing/bench/bench.h"
#include "testing/vmm/test_vm.h"

extern const char bench_floor_trap[];

/* floor_riscv64.S borrows this slot while a guest runs. */
_Static_assert(offsetof(struct riscv_h_cpu_context, scratch) == 128, "CTX_SCRATCH");

void bench_counter_init(void)
{
    /* instret counts in every mode; the backend opens hcounteren. */
}

int bench_floor_run(struct vcpu *v, enum bench_kind kind, uint32_t n, struct vcpu_exit *exit)
{
    (void)kind; /* the trap entry decodes scause itself */
    (void)n;    /* it hands the guest's next ucall to the backend */
    uint64_t saved;
    __asm__ volatile("csrr %0, stvec" : "=r"(saved));
    __asm__ volatile("csrw stvec, %0" : : "r"(bench_floor_trap));
    int rc = test_vcpu_run(v, exit);
    __asm__ volatile("csrw stvec, %0" : : "r"(saved));
    return rc;
}
