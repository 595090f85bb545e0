/* CPU bring-up on QEMU virt (aarch64): CPU 0 initializes the GIC, starts the
 * secondaries with PSCI CPU_ON (SMC conduit), runs the image and exits with
 * its verdict; secondaries wait for work from board_run_on_cpu(). */
#include <board/board.h>
#include <board/print.h>

#include "gic.h"

#define PSCI_CPU_ON_64 0xc4000003ul

struct cpu_slot {
    void (*volatile fn)(void *);
    void *volatile arg;
    volatile uint32_t up;
    volatile uint32_t busy;
};

static struct cpu_slot slots[BOARD_MAX_CPUS];
static volatile uint32_t cpus_up = 1;

void _start(void);

static uint64_t psci_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t context)
{
    register uint64_t x0 __asm__("x0") = PSCI_CPU_ON_64;
    register uint64_t x1 __asm__("x1") = mpidr;
    register uint64_t x2 __asm__("x2") = entry;
    register uint64_t x3 __asm__("x3") = context;
    __asm__ volatile("smc #0" : "+r"(x0) : "r"(x1), "r"(x2), "r"(x3) : "memory");
    return x0;
}

uint32_t board_cpu_id(void)
{
    uint64_t mpidr;
    __asm__ volatile("mrs %0, mpidr_el1" : "=r"(mpidr));
    return (uint32_t)(mpidr & 0xff);
}

uint32_t board_cpu_count(void)
{
    return cpus_up;
}

bool board_run_on_cpu(uint32_t cpu, void (*fn)(void *), void *arg)
{
    if (cpu == 0 || cpu >= BOARD_MAX_CPUS || !slots[cpu].up || slots[cpu].busy)
        return false;
    slots[cpu].arg = arg;
    slots[cpu].busy = 1;
    __atomic_store_n(&slots[cpu].fn, fn, __ATOMIC_RELEASE);
    __asm__ volatile("dsb sy; sev");
    return true;
}

void board_wait_cpu(uint32_t cpu)
{
    if (cpu >= BOARD_MAX_CPUS)
        return;
    while (__atomic_load_n(&slots[cpu].busy, __ATOMIC_ACQUIRE))
        __asm__ volatile("wfe");
}

static _Noreturn void secondary_loop(uint32_t cpu)
{
    struct cpu_slot *slot = &slots[cpu];
    __atomic_store_n(&slot->up, 1, __ATOMIC_RELEASE);
    __atomic_fetch_add(&cpus_up, 1, __ATOMIC_ACQ_REL);
    __asm__ volatile("dsb sy; sev");
    for (;;) {
        void (*fn)(void *) = __atomic_load_n(&slot->fn, __ATOMIC_ACQUIRE);
        if (fn == NULL) {
            __asm__ volatile("wfe");
            continue;
        }
        fn(slot->arg);
        slot->fn = NULL;
        __atomic_store_n(&slot->busy, 0, __ATOMIC_RELEASE);
        __asm__ volatile("dsb sy; sev");
    }
}

/* Bring up every CPU QEMU has (-smp N); stops at the first that PSCI refuses. */
static void start_secondaries(void)
{
    for (uint32_t cpu = 1; cpu < BOARD_MAX_CPUS; cpu++) {
        if (psci_cpu_on(cpu, (uint64_t)(uintptr_t)_start, 0) != 0)
            break;
        while (!__atomic_load_n(&slots[cpu].up, __ATOMIC_ACQUIRE))
            __asm__ volatile("wfe");
    }
}

void board_cpu_entry(uint32_t cpu)
{
    if (cpu != 0) {
        gic_init_cpu();
        gic_enable(board_timer_irq());
        gic_enable(GIC_KICK_SGI);
        secondary_loop(cpu);
    }
    gic_init_distributor();
    gic_init_cpu();
    gic_enable(board_timer_irq());
    gic_enable(GIC_KICK_SGI);
    start_secondaries();
    board_exit(board_image_main());
}

void board_not_el2(uint32_t cpu)
{
    if (cpu == 0)
        board_printf("virtualization extensions not available: entered at EL1, not EL2\n");
    board_exit(BOARD_EXIT_NO_VIRTUALIZATION);
}

_Noreturn void board_el2_unexpected(uint64_t kind)
{
    uint64_t esr, elr, far;
    __asm__ volatile("mrs %0, esr_el2; mrs %1, elr_el2; mrs %2, far_el2"
                     : "=r"(esr), "=r"(elr), "=r"(far));
    board_printf("\nunexpected EL2 exception (vector %lu) on CPU %u: ESR_EL2=%lx ELR_EL2=%lx "
                 "FAR_EL2=%lx\n",
                 kind, board_cpu_id(), esr, elr, far);
    board_exit(BOARD_EXIT_HOST_EXCEPTION);
}

uint32_t vcpu_host_cpu_id(void)
{
    return board_cpu_id();
}

/* The ARM EL2 backend's host hook for unexpected EL2 exceptions. */
_Noreturn void vcpu_arm_el2_host_fault(uint64_t vector)
{
    board_el2_unexpected(vector);
}
