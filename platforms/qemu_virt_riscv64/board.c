/* QEMU virt (riscv64) under OpenSBI: NS16550 console, sifive_test verdict,
 * secondary harts through SBI HSM, host timer through SBI TIME. */
#include <board/board.h>
#include <board/print.h>

#include "sbi.h"

#define UART_BASE 0x10000000ul
#define UART_THR 0
#define UART_LSR 5
#define UART_LSR_THRE 0x20
#define UART_LSR_TEMT 0x40
#define SIFIVE_TEST 0x100000ul
#define SIFIVE_PASS 0x5555u
#define SIFIVE_FAIL 0x3333u
#define SCAUSE_SUPERVISOR_TIMER 5u
#define SCAUSE_SUPERVISOR_SOFTWARE 1u
#define SIE_SSIE (1ul << 1)
#define SIP_SSIP (1ul << 1)
#define SIE_STIE (1ul << 5)
#define SSTATUS_SIE (1ul << 1)

struct cpu_record {
    uint64_t index, hartid;
};
extern struct cpu_record board_cpu_records[BOARD_MAX_CPUS];

struct cpu_slot {
    void (*volatile fn)(void *);
    void *volatile arg;
    volatile uint32_t up, busy;
};

static struct cpu_slot slots[BOARD_MAX_CPUS];
static volatile uint32_t cpus_up = 1;
static void (*irq_handler)(uint32_t irq);

void board_secondary_start(void);
int board_probe_h(void);

static volatile uint8_t *uart(unsigned reg)
{
    return (volatile uint8_t *)(UART_BASE + reg);
}

void board_putc(char c)
{
    if (c == '\n')
        board_putc('\r');
    while (!(*uart(UART_LSR) & UART_LSR_THRE))
        ;
    *uart(UART_THR) = (uint8_t)c;
}

void board_write(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        board_putc(s[i]);
}

_Noreturn void board_exit(int code)
{
    while (!(*uart(UART_LSR) & UART_LSR_TEMT))
        ;
    volatile uint32_t *test = (volatile uint32_t *)SIFIVE_TEST;
    for (;;)
        *test = code == 0 ? SIFIVE_PASS : ((uint32_t)(code & 0xffff) << 16) | SIFIVE_FAIL;
}

uint32_t board_cpu_id(void)
{
    struct cpu_record *r;
    __asm__ volatile("mv %0, tp" : "=r"(r));
    return (uint32_t)r->index;
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
    return true;
}

void board_wait_cpu(uint32_t cpu)
{
    if (cpu >= BOARD_MAX_CPUS)
        return;
    while (__atomic_load_n(&slots[cpu].busy, __ATOMIC_ACQUIRE))
        ;
}

void board_set_irq_handler(void (*handler)(uint32_t irq))
{
    irq_handler = handler;
}

void board_irq_enable(void)
{
    __asm__ volatile("csrs sie, %0; csrs sstatus, %1" : : "r"(SIE_STIE), "r"(SSTATUS_SIE));
}

void board_irq_disable(void)
{
    __asm__ volatile("csrc sstatus, %0" : : "r"(SSTATUS_SIE));
}

void board_timer_arm(uint64_t ticks)
{
    uint64_t now;
    __asm__ volatile("rdtime %0" : "=r"(now));
    __asm__ volatile("csrs sie, %0" : : "r"(SIE_STIE));
    sbi_call(SBI_EXT_TIME, 0, now + ticks, 0, 0);
}

void board_timer_stop(void)
{
    sbi_call(SBI_EXT_TIME, 0, ~0ul, 0, 0);
}

uint32_t board_timer_irq(void)
{
    return SCAUSE_SUPERVISOR_TIMER;
}

/* Called from the trap vector for every interrupt the host takes. */
void board_s_interrupt(uint64_t scause)
{
    uint32_t irq = (uint32_t)(scause & 0xff);
    if (irq == SCAUSE_SUPERVISOR_SOFTWARE) {
        /* A kick (vcpu_host_kick_cpu): its only job was to make a guest exit. */
        __asm__ volatile("csrc sip, %0" : : "r"(SIP_SSIP));
        return;
    }
    if (irq == SCAUSE_SUPERVISOR_TIMER)
        board_timer_stop();
    if (irq_handler != NULL)
        irq_handler(irq);
}

_Noreturn void board_s_unexpected(uint64_t scause)
{
    uint64_t sepc, stval;
    __asm__ volatile("csrr %0, sepc; csrr %1, stval" : "=r"(sepc), "=r"(stval));
    board_printf("\nunexpected HS-mode exception on CPU %u: scause=%lx sepc=%lx stval=%lx\n",
                 board_cpu_id(), scause, sepc, stval);
    board_exit(BOARD_EXIT_HOST_EXCEPTION);
}

/* The RISC-V H backend's host hooks (see <vcpu/riscv_h.h>). */
void vcpu_riscv_h_host_interrupt(uint64_t scause)
{
    board_s_interrupt(scause);
}

_Noreturn void vcpu_riscv_h_host_fault(uint64_t scause)
{
    board_s_unexpected(scause);
}

/* The host's kick IPI: the supervisor software interrupt through SBI IPI.
 * Enabled in sie on every CPU (taken only where sstatus.SIE is set, but it
 * always makes a guest exit: HS interrupts are enabled while V=1). */
void vcpu_host_kick_cpu(uint32_t cpu)
{
    if (cpu >= BOARD_MAX_CPUS || (cpu != 0 && !slots[cpu].up))
        return;
    sbi_call(SBI_EXT_IPI, 0, 1, board_cpu_records[cpu].hartid, 0);
}

static _Noreturn void secondary_loop(uint32_t cpu)
{
    struct cpu_slot *slot = &slots[cpu];
    __asm__ volatile("csrs sie, %0" : : "r"(SIE_SSIE));
    __atomic_store_n(&slot->up, 1, __ATOMIC_RELEASE);
    __atomic_fetch_add(&cpus_up, 1, __ATOMIC_ACQ_REL);
    for (;;) {
        void (*fn)(void *) = __atomic_load_n(&slot->fn, __ATOMIC_ACQUIRE);
        if (fn == NULL)
            continue;
        fn(slot->arg);
        slot->fn = NULL;
        __atomic_store_n(&slot->busy, 0, __ATOMIC_RELEASE);
    }
}

#define SBI_ERR_INVALID_PARAM (-3)
#define HART_START_ATTEMPTS 100u

/* Starts every other hart that exists, giving them CPU indices 1, 2, ... */
static void start_secondaries(void)
{
    uint64_t boot_hart = board_cpu_records[0].hartid;
    uint32_t next = 1;
    for (uint64_t hart = 0; hart < 8 && next < BOARD_MAX_CPUS; hart++) {
        if (hart == boot_hart)
            continue;
        /* A hart that exists but is not yet ready for HSM (still in the
         * firmware's warm boot under a loaded host) is asked again; one that
         * does not exist answers INVALID_PARAM at once. */
        struct sbi_ret r = {0, 0};
        for (uint32_t attempt = 0; attempt < HART_START_ATTEMPTS; attempt++) {
            r = sbi_call(SBI_EXT_HSM, 0, hart, (uint64_t)(uintptr_t)board_secondary_start, next);
            if (r.error == 0 || r.error == SBI_ERR_INVALID_PARAM)
                break;
            for (volatile uint32_t spin = 0; spin < 100000; spin++)
                ;
        }
        if (r.error != 0) {
            if (r.error != SBI_ERR_INVALID_PARAM)
                board_printf("board: hart %lu did not start (SBI error %ld)\n", hart, r.error);
            continue;
        }
        while (!__atomic_load_n(&slots[next].up, __ATOMIC_ACQUIRE))
            ;
        next++;
    }
}

void board_cpu_entry(uint32_t cpu)
{
    if (cpu != 0)
        secondary_loop(cpu);
    __asm__ volatile("csrs sie, %0" : : "r"(SIE_SSIE));
    if (!board_probe_h()) {
        board_printf("virtualization extensions not available: the CPU has no H extension\n");
        board_exit(BOARD_EXIT_NO_VIRTUALIZATION);
    }
    start_secondaries();
    board_exit(board_image_main());
}

uint32_t vcpu_host_cpu_id(void)
{
    return board_cpu_id();
}
