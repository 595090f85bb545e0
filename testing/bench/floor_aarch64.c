/* aarch64 hooks of the exit-cost benchmark: the PMU cycle counter as the
 * instruction counter, and the floor installed as VBAR_EL2 around one run. */
#include "testing/bench/bench.h"
#include "testing/vmm/test_vm.h"
#include "testing/vmm/test_vm_aarch64.h"

extern const char bench_floor_vectors[];

#define PMCR_E (1ul << 0)
#define PMCNTEN_C (1ul << 31)
#define PMCCFILTR_NSH (1ul << 27) /* count at EL2 too */

void bench_counter_init(void)
{
    /* The guest loops read PMCCNTR_EL0, which the backend traps by default. */
    test_vm_aarch64_pmu_passthrough = true;
    uint64_t pmcr;
    __asm__ volatile("mrs %0, pmcr_el0" : "=r"(pmcr));
    __asm__ volatile("msr pmccfiltr_el0, %0" : : "r"(PMCCFILTR_NSH));
    __asm__ volatile("msr pmcntenset_el0, %0" : : "r"(PMCNTEN_C));
    __asm__ volatile("msr pmcr_el0, %0; isb" : : "r"(pmcr | PMCR_E));
}

int bench_floor_run(struct vcpu *v, enum bench_kind kind, uint32_t n, struct vcpu_exit *exit)
{
    (void)kind; /* the vector decodes the exception class itself */
    (void)n;    /* it hands the guest's next ucall to the backend */
    uint64_t saved;
    __asm__ volatile("mrs %0, vbar_el2" : "=r"(saved));
    __asm__ volatile("msr vbar_el2, %0; isb" : : "r"(bench_floor_vectors));
    int rc = test_vcpu_run(v, exit);
    __asm__ volatile("msr vbar_el2, %0; isb" : : "r"(saved));
    return rc;
}
