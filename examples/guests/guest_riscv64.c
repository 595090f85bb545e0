/* The riscv64 side of the test guests: an NS16550A driver and the SBI checks
 * (BASE, TIME, IPI, RFENCE, HSM, SRST, DBCN). Runs in VS-mode, satp = 0. */
#include "examples/guests/guest.h"

#define UART 0x10000000ul
#define NO_DEVICE 0x10001000ul /* a virtio-mmio slot on the board; nothing here */
#define UART_THR 0u
#define UART_LSR 5u
#define UART_LSR_THRE 0x20u

#define EXT_BASE 0x10u
#define EXT_TIME 0x54494d45u
#define EXT_IPI 0x735049u
#define EXT_RFENCE 0x52464e43u
#define EXT_HSM 0x48534du
#define EXT_SRST 0x53525354u
#define EXT_DBCN 0x4442434eu
#define EXT_NONE 0x0badca11u
#define SBI_ERR_NOT_SUPPORTED (-2)
#define SBI_ERR_INVALID_PARAM (-3)
#define SBI_ERR_ALREADY_AVAILABLE (-6)
#define HSM_STARTED 0
#define HSM_STOPPED 1
#define SIP_SSIP (1ul << 1)
#define SIP_STIP (1ul << 5)
#define SIE_STIE (1ul << 5)
#define SSTATUS_SIE (1ul << 1)

struct sbiret {
    int64_t error;
    uint64_t value;
};

void guest_secondary_entry(void);
void guest_timer_trap(void);

/* Set by guest_timer_trap (start_riscv64.S), which also masks the timer. */
volatile uint32_t guest_timer_fired;

static volatile uint32_t secondary_runs;
static volatile uint32_t secondary_go;
static volatile uint32_t secondary_got_ipi;
/* The last check starts every secondary hart at once. */
static volatile uint32_t together;
static volatile uint32_t together_up[4];
static volatile uint32_t together_go;
static volatile uint64_t secondary_opaque;

static struct sbiret sbi(uint64_t eid, uint64_t fid, uint64_t a0, uint64_t a1, uint64_t a2)
{
    register uint64_t r0 __asm__("a0") = a0;
    register uint64_t r1 __asm__("a1") = a1;
    register uint64_t r2 __asm__("a2") = a2;
    register uint64_t r6 __asm__("a6") = fid;
    register uint64_t r7 __asm__("a7") = eid;
    __asm__ volatile("ecall" : "+r"(r0), "+r"(r1) : "r"(r2), "r"(r6), "r"(r7) : "memory");
    return (struct sbiret){(int64_t)r0, r1};
}

void guest_putc(char c)
{
    volatile uint8_t *uart = (volatile uint8_t *)UART;
    if (c == '\n')
        guest_putc('\r');
    while (!(uart[UART_LSR] & UART_LSR_THRE))
        ;
    uart[UART_THR] = (uint8_t)c;
}

static uint64_t read_sip(void)
{
    uint64_t v;
    __asm__ volatile("csrr %0, sip" : "=r"(v));
    return v;
}

/* Waits for an interrupt to become pending, with WFI as an idle guest does:
 * an interrupt the VMM injects is delivered when the vCPU enters again, and
 * a vCPU that never exits would never see it. */
static bool wait_sip(uint64_t bit)
{
    for (uint32_t i = 0; i < GUEST_WAIT_LOOPS / 100; i++) {
        if (read_sip() & bit)
            return true;
        __asm__ volatile("wfi" ::: "memory");
    }
    return false;
}

static bool wait_for(volatile uint32_t *flag, uint32_t value)
{
    for (uint32_t i = 0; i < GUEST_WAIT_LOOPS; i++) {
        if (*flag == value)
            return true;
    }
    return false;
}

static bool wait_for_wfi(volatile uint32_t *flag, uint32_t value)
{
    for (uint32_t i = 0; i < GUEST_WAIT_LOOPS / 100; i++) {
        if (*flag == value)
            return true;
        __asm__ volatile("wfi" ::: "memory");
    }
    return false;
}

static bool wait_status(uint64_t hart, int64_t status)
{
    for (uint32_t i = 0; i < GUEST_WAIT_LOOPS / 100; i++) {
        struct sbiret r = sbi(EXT_HSM, 2, hart, 0, 0);
        if (r.error == 0 && (int64_t)r.value == status)
            return true;
    }
    return false;
}

/* Runs on a secondary hart: a0 = hart id, a1 = the opaque value. */
_Noreturn void guest_secondary(uint64_t hartid, uint64_t opaque)
{
    guest_puts("secondary: hello from hart ");
    guest_put_hex(hartid);
    guest_putc('\n');
    if (together) {
        together_up[hartid & 3] = 1;
        while (!together_go)
            ;
        for (;;)
            sbi(EXT_HSM, 1, 0, 0, 0); /* hart_stop */
    }
    secondary_opaque = opaque;
    uint32_t run = secondary_runs;
    if (wait_sip(SIP_SSIP)) {
        __asm__ volatile("csrc sip, %0" : : "r"(SIP_SSIP));
        secondary_got_ipi = run + 1;
    }
    while (secondary_go <= run)
        ;
    secondary_runs = run + 1;
    for (;;)
        sbi(EXT_HSM, 1, 0, 0, 0); /* hart_stop */
}

static void check_base(void)
{
    guest_check(sbi(EXT_BASE, 0, 0, 0, 0).value >= 0x1000000, "sbi base: spec version >= 1.0");
    guest_check(sbi(EXT_BASE, 1, 0, 0, 0).error == 0, "sbi base: implementation id");
    static const uint64_t present[] = {EXT_TIME, EXT_IPI, EXT_RFENCE, EXT_HSM, EXT_SRST};
    bool all = true;
    for (unsigned i = 0; i < sizeof(present) / sizeof(present[0]); i++)
        all = all && sbi(EXT_BASE, 3, present[i], 0, 0).value != 0;
    guest_check(all, "sbi base: probe finds TIME, IPI, RFENCE, HSM, SRST");
    guest_check(sbi(EXT_BASE, 3, EXT_NONE, 0, 0).value == 0,
                "sbi base: probe of an unknown extension is 0");
    guest_check(sbi(EXT_NONE, 0, 0, 0, 0).error == SBI_ERR_NOT_SUPPORTED,
                "sbi: an unknown extension is NOT_SUPPORTED");
}

static void check_time(void)
{
    uint64_t now;
    __asm__ volatile("csrw stvec, %0" : : "r"(guest_timer_trap));
    __asm__ volatile("csrs sie, %0; csrs sstatus, %1" : : "r"(SIE_STIE), "r"(SSTATUS_SIE));
    __asm__ volatile("rdtime %0" : "=r"(now));
    guest_check(sbi(EXT_TIME, 0, now + 1000, 0, 0).error == 0, "sbi time: set_timer");
    guest_check(wait_for_wfi(&guest_timer_fired, 1), "sbi time: the timer interrupt arrives");
    __asm__ volatile("csrc sstatus, %0" : : "r"(SSTATUS_SIE));
    sbi(EXT_TIME, 0, ~0ull, 0, 0);
    guest_check((read_sip() & SIP_STIP) == 0, "sbi time: set_timer(-1) clears it");
}

static void check_ipi_and_rfence(void)
{
    guest_check(sbi(EXT_IPI, 0, 1, 0, 0).error == 0, "sbi ipi: send_ipi to myself");
    guest_check(wait_sip(SIP_SSIP), "sbi ipi: the software interrupt becomes pending");
    __asm__ volatile("csrc sip, %0" : : "r"(SIP_SSIP));
    guest_check(sbi(EXT_RFENCE, 0, 1, 0, 0).error == 0, "sbi rfence: remote_fence_i");
    guest_check(sbi(EXT_RFENCE, 1, 1, 0, 0).error == 0, "sbi rfence: remote_sfence_vma");
}

static void check_dbcn(void)
{
    static const char text[] = "dbcn: hello through the SBI debug console\n";
    guest_check(sbi(EXT_BASE, 3, EXT_DBCN, 0, 0).value == 1, "sbi base: probe finds DBCN");
    struct sbiret r = sbi(EXT_DBCN, 0, sizeof(text) - 1, (uint64_t)(uintptr_t)text, 0);
    guest_check(r.error == 0 && r.value == sizeof(text) - 1, "sbi dbcn: console_write");
    guest_check(sbi(EXT_DBCN, 2, '\n', 0, 0).error == 0, "sbi dbcn: console_write_byte");
    guest_check(sbi(EXT_DBCN, 0, 8, 0x1000, 0).error == SBI_ERR_INVALID_PARAM,
                "sbi dbcn: console_write outside guest memory is INVALID_PARAM");
    r = sbi(EXT_DBCN, 1, 8, (uint64_t)(uintptr_t)text, 0);
    guest_check(r.error == 0 && r.value == 0, "sbi dbcn: console_read finds no input");
}

/* Starts hart 1, sends it an IPI, and lets it stop itself. */
static void cycle_hart1(uint32_t round)
{
    uint64_t entry = (uint64_t)(uintptr_t)guest_secondary_entry;
    guest_check(wait_status(1, HSM_STOPPED), "sbi hsm: hart 1 is STOPPED before hart_start");
    guest_check(sbi(EXT_HSM, 0, 1, entry, 0x5ec0 + round).error == 0, "sbi hsm: hart_start");
    guest_check(sbi(EXT_HSM, 0, 1, entry, 0).error == SBI_ERR_ALREADY_AVAILABLE,
                "sbi hsm: a second hart_start is ALREADY_AVAILABLE");
    guest_check(wait_status(1, HSM_STARTED), "sbi hsm: hart 1 becomes STARTED");
    guest_check(sbi(EXT_IPI, 0, 1u << 1, 0, 0).error == 0, "sbi ipi: send_ipi to hart 1");
    guest_check(wait_for(&secondary_got_ipi, round + 1), "sbi ipi: hart 1 got it");
    secondary_go = round + 1;
    guest_check(wait_for(&secondary_runs, round + 1), "sbi hsm: hart 1 ran its code");
    guest_check(secondary_opaque == 0x5ec0 + round, "sbi hsm: hart 1 got the opaque value");
    guest_check(wait_status(1, HSM_STOPPED), "sbi hsm: hart 1 is STOPPED after hart_stop");
}

/* Starts every secondary hart at once, sees them all run, lets them all stop. */
static void all_harts_at_once(uint32_t cpus)
{
    uint64_t entry = (uint64_t)(uintptr_t)guest_secondary_entry;
    bool started = true, up = true, off = true;
    together = 1;
    for (uint32_t i = 1; i < cpus && i < 4; i++)
        started = started && sbi(EXT_HSM, 0, i, entry, i).error == 0;
    guest_check(started, "sbi hsm: hart_start of every secondary hart");
    for (uint32_t i = 1; i < cpus && i < 4; i++)
        up = up && wait_for(&together_up[i], 1);
    guest_check(up, "sbi hsm: every hart runs at the same time");
    together_go = 1;
    for (uint32_t i = 1; i < cpus && i < 4; i++)
        off = off && wait_status(i, HSM_STOPPED);
    guest_check(off, "sbi hsm: every hart is STOPPED after hart_stop");
}

void guest_arch_checks(uint32_t cpus)
{
    check_base();
    check_time();
    check_ipi_and_rfence();
    check_dbcn();
    guest_check(sbi(EXT_HSM, 2, 0, 0, 0).value == HSM_STARTED, "sbi hsm: hart 0 is STARTED");
    guest_check(sbi(EXT_HSM, 0, 7, 0x80200000, 0).error == SBI_ERR_INVALID_PARAM,
                "sbi hsm: hart_start of a hart that does not exist");
    guest_check(sbi(EXT_SRST, 0, 7, 0, 0).error == SBI_ERR_INVALID_PARAM,
                "sbi srst: an unknown reset type is INVALID_PARAM");
    guest_check(*(volatile uint32_t *)NO_DEVICE == 0, "mmio: where there is no device reads 0");
    *(volatile uint32_t *)NO_DEVICE = 1; /* and ignores writes */
    if (cpus < 2)
        return;
    cycle_hart1(0);
    cycle_hart1(1); /* a stopped hart starts again */
    all_harts_at_once(cpus);
}

_Noreturn void guest_arch_poweroff(void)
{
    for (;;)
        sbi(EXT_SRST, 0, 0, 0, 0); /* shutdown, no reason */
}

_Noreturn void guest_arch_reset(void)
{
    for (;;)
        sbi(EXT_SRST, 0, 1, 0, 0); /* cold reboot */
}

_Noreturn void guest_arch_report_failure(void)
{
    for (;;)
        sbi(EXT_SRST, 0, 0, 1, 0); /* shutdown, system failure */
}
