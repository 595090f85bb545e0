/* The aarch64 side of the test guests: a PL011 driver and the PSCI checks,
 * through HVC as the device tree says (method = "hvc"). Runs at EL1 with the
 * MMU off. */
#include "examples/guests/guest.h"

#define UART 0x09000000ul
#define NO_DEVICE 0x0a000000ul /* a virtio-mmio slot on the board; nothing here */
#define UART_DR 0x00u
#define UART_FR 0x18u
#define UART_FR_TXFF (1u << 5)

#define PSCI_VERSION 0x84000000u
#define PSCI_CPU_OFF 0x84000002u
#define PSCI_CPU_ON 0xc4000003u
#define PSCI_AFFINITY_INFO 0xc4000004u
#define PSCI_SYSTEM_OFF 0x84000008u
#define PSCI_SYSTEM_RESET 0x84000009u
#define PSCI_FEATURES 0x8400000au
#define PSCI_UNKNOWN 0x8400001fu
#define NOT_SUPPORTED (-1)
#define INVALID_PARAMETERS (-2)
#define ALREADY_ON (-4)
#define AFFINITY_ON 0
#define AFFINITY_OFF 1

void guest_secondary_entry(void);

static volatile uint32_t secondary_runs;
static volatile uint32_t secondary_go;
/* The last check starts every secondary CPU at once. */
static volatile uint32_t together;
static volatile uint32_t together_up[4];
static volatile uint32_t together_go;

static int64_t psci(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
    register uint64_t x0 __asm__("x0") = fid;
    register uint64_t x1 __asm__("x1") = a1;
    register uint64_t x2 __asm__("x2") = a2;
    register uint64_t x3 __asm__("x3") = a3;
    __asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
    return (int64_t)x0;
}

void guest_putc(char c)
{
    volatile uint32_t *uart = (volatile uint32_t *)UART;
    if (c == '\n')
        guest_putc('\r');
    while (uart[UART_FR / 4] & UART_FR_TXFF)
        ;
    uart[UART_DR / 4] = (uint8_t)c;
}

/* Runs on a secondary vCPU, started by CPU_ON with its index as context. */
_Noreturn void guest_secondary(uint64_t index)
{
    guest_puts("secondary: hello from CPU ");
    guest_put_hex(index);
    guest_putc('\n');
    if (together) {
        together_up[index & 3] = 1;
        while (!together_go)
            ;
        for (;;)
            psci(PSCI_CPU_OFF, 0, 0, 0);
    }
    uint32_t run = secondary_runs;
    while (secondary_go <= run)
        ;
    secondary_runs = run + 1;
    for (;;)
        psci(PSCI_CPU_OFF, 0, 0, 0);
}

static bool wait_for(volatile uint32_t *flag, uint32_t value)
{
    for (uint32_t i = 0; i < GUEST_WAIT_LOOPS; i++) {
        if (*flag == value)
            return true;
    }
    return false;
}

static bool wait_affinity(uint64_t cpu, int64_t state)
{
    for (uint32_t i = 0; i < GUEST_WAIT_LOOPS / 100; i++) {
        if (psci(PSCI_AFFINITY_INFO, cpu, 0, 0) == state)
            return true;
    }
    return false;
}

/* Starts CPU 1, sees it run, and lets it turn itself off again. */
static void cycle_cpu1(uint32_t round)
{
    uint64_t entry = (uint64_t)(uintptr_t)guest_secondary_entry;
    guest_check(psci(PSCI_AFFINITY_INFO, 1, 0, 0) == AFFINITY_OFF,
                "psci: AFFINITY_INFO of CPU 1 is OFF before CPU_ON");
    guest_check(psci(PSCI_CPU_ON, 1, entry, 1) == 0, "psci: CPU_ON of CPU 1");
    guest_check(psci(PSCI_CPU_ON, 1, entry, 1) == ALREADY_ON,
                "psci: a second CPU_ON of CPU 1 is ALREADY_ON");
    guest_check(wait_affinity(1, AFFINITY_ON), "psci: AFFINITY_INFO of CPU 1 becomes ON");
    secondary_go = round + 1;
    guest_check(wait_for(&secondary_runs, round + 1), "psci: CPU 1 ran its code");
    guest_check(wait_affinity(1, AFFINITY_OFF), "psci: CPU 1 is OFF after its CPU_OFF");
}

/* Starts every secondary CPU at once, sees them all run, lets them all stop. */
static void all_cpus_at_once(uint32_t cpus)
{
    uint64_t entry = (uint64_t)(uintptr_t)guest_secondary_entry;
    bool started = true, up = true, off = true;
    together = 1;
    for (uint32_t i = 1; i < cpus && i < 4; i++)
        started = started && psci(PSCI_CPU_ON, i, entry, i) == 0;
    guest_check(started, "psci: CPU_ON of every secondary CPU");
    for (uint32_t i = 1; i < cpus && i < 4; i++)
        up = up && wait_for(&together_up[i], 1);
    guest_check(up, "psci: every CPU runs at the same time");
    together_go = 1;
    for (uint32_t i = 1; i < cpus && i < 4; i++)
        off = off && wait_affinity(i, AFFINITY_OFF);
    guest_check(off, "psci: every CPU is OFF after its CPU_OFF");
}

void guest_arch_checks(uint32_t cpus)
{
    guest_check(psci(PSCI_VERSION, 0, 0, 0) == 0x10000, "psci: VERSION is 1.0");
    guest_check(psci(PSCI_FEATURES, PSCI_CPU_ON, 0, 0) == 0, "psci: FEATURES(CPU_ON)");
    guest_check(psci(PSCI_FEATURES, PSCI_UNKNOWN, 0, 0) == NOT_SUPPORTED,
                "psci: FEATURES of an unknown function is NOT_SUPPORTED");
    guest_check(psci(PSCI_UNKNOWN, 0, 0, 0) == NOT_SUPPORTED,
                "psci: an unknown function is NOT_SUPPORTED");
    guest_check(psci(PSCI_CPU_ON, 7, 0x40080000, 0) == INVALID_PARAMETERS,
                "psci: CPU_ON of a CPU that does not exist");
    guest_check(psci(PSCI_AFFINITY_INFO, 7, 0, 0) == INVALID_PARAMETERS,
                "psci: AFFINITY_INFO of a CPU that does not exist");
    guest_check(psci(PSCI_AFFINITY_INFO, 0, 0, 0) == AFFINITY_ON,
                "psci: AFFINITY_INFO of the boot CPU is ON");
    guest_check(psci(0x12345678u, 0, 0, 0) == -1, "hvc: an unknown hypercall returns -1");
    guest_check(*(volatile uint32_t *)NO_DEVICE == 0, "mmio: where there is no device reads 0");
    *(volatile uint32_t *)NO_DEVICE = 1; /* and ignores writes */
    if (cpus < 2)
        return;
    cycle_cpu1(0);
    cycle_cpu1(1); /* a CPU that was turned off starts again */
    all_cpus_at_once(cpus);
}

_Noreturn void guest_arch_poweroff(void)
{
    for (;;)
        psci(PSCI_SYSTEM_OFF, 0, 0, 0);
}

_Noreturn void guest_arch_reset(void)
{
    for (;;)
        psci(PSCI_SYSTEM_RESET, 0, 0, 0);
}

/* PSCI has no failure report; a reset is how a failing guest ends. */
_Noreturn void guest_arch_report_failure(void)
{
    guest_arch_reset();
}
