/* RISC-V-only conformance cases for what a guest OS relies on: the
 * exceptions it handles itself reach its own handler (hedeleg), a VU-mode
 * round trip through an exit comes back in VU-mode, scounteren is the
 * guest's own, and vcpu_run() with the host's interrupts enabled. */
#include <board/board.h>
#include <board/print.h>

#include "testing/conformance/conformance.h"

#define SSTATUS_SPP (1ul << 8)
#define SSTATUS_SIE (1ul << 1)
#define SCAUSE_ILLEGAL 2u
#define SCAUSE_BREAKPOINT 3u
#define SCAUSE_LOAD_MISALIGNED 4u
#define SCAUSE_STORE_MISALIGNED 6u
#define SCAUSE_USER_ECALL 8u
#define SCAUSE_LOAD_PAGE_FAULT 13u
#define CSR_SCOUNTEREN 0x106u

/* VU-mode code: a store to a0 (an MMIO exit when a0 is unmapped), then an
 * ecall, which only the guest's handler sees (ecall from U is delegated). */
__asm__(".text\n"
        ".balign 4\n"
        "riscv_test_user_code:\n"
        ".option push\n"
        ".option norvc\n"
        "    sw a1, 0(a0)\n"
        "    ecall\n"
        "1:  j 1b\n"
        ".option pop\n");
extern const char riscv_test_user_code[];

/* Enters riscv_test_user_code in VU-mode with a0 = `store_to`. */
static void guest_enter_user(uint64_t store_to)
{
    register uint64_t a0 __asm__("a0") = store_to;
    register uint64_t a1 __asm__("a1") = 0x5a;
    __asm__ volatile("csrw sepc, %0\n"
                     "csrc sstatus, %1\n"
                     "sret"
                     :
                     : "r"(riscv_test_user_code), "r"(SSTATUS_SPP), "r"(a0), "r"(a1)
                     : "memory");
}

/* An Sv39 table mapping only the gigapage at 0x80000000 (the image). */
static uint64_t guest_page_table[512] __attribute__((aligned(4096)));

enum own_exception {
    OWN_ILLEGAL,
    OWN_BREAKPOINT,
    OWN_LOAD_MISALIGNED,
    OWN_STORE_MISALIGNED,
    OWN_PAGE_FAULT,
    OWN_COUNT
};

static const uint64_t own_exception_cause[OWN_COUNT] = {
    SCAUSE_ILLEGAL, SCAUSE_BREAKPOINT, SCAUSE_LOAD_MISALIGNED, SCAUSE_STORE_MISALIGNED,
    SCAUSE_LOAD_PAGE_FAULT};

static uint64_t guest_word[2];

static void guest_raises(uint64_t which)
{
    uintptr_t odd = (uintptr_t)guest_word + 2;
    uint64_t v = 0;
    switch (which) {
    case OWN_ILLEGAL:
        __asm__ volatile(".4byte 0" ::: "memory");
        break;
    case OWN_BREAKPOINT:
        __asm__ volatile("ebreak" ::: "memory");
        break;
    case OWN_LOAD_MISALIGNED:
        __asm__ volatile("lr.w %0, (%1)" : "=r"(v) : "r"(odd) : "memory");
        break;
    case OWN_STORE_MISALIGNED:
        __asm__ volatile("amoadd.w %0, %0, (%1)" : "+r"(v) : "r"(odd) : "memory");
        break;
    case OWN_PAGE_FAULT:
        guest_page_table[2] = (0x80000000ul >> 12) << 10 | 0xcf; /* V R W X A D */
        __asm__ volatile("csrw satp, %0; sfence.vma"             /* vsatp: Sv39 */
                         :
                         : "r"(8ul << 60 | (uintptr_t)guest_page_table >> 12)
                         : "memory");
        v = *(volatile uint64_t *)0x1000ul; /* unmapped in the guest's table */
        break;
    default:
        break;
    }
    GUEST_SYNC(v); /* not reached: the guest's handler reports */
}

static uint64_t expect_guest_exception(struct vcpu *v)
{
    struct vcpu_exit exit;
    EXPECT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    uint64_t code = ~0ull;
    if (!test_exit_is_ucall(&exit, GUEST_UCALL_EXCEPTION, &code))
        vtest_fail(__FILE__, __LINE__, "expected the guest's own exception, got %s",
                   vcpu_exit_reason_name(exit.reason));
    return code;
}

TEST(conformance_riscv64, guest_handles_its_own_exceptions)
{
    for (uint64_t which = 0; which < OWN_COUNT; which++) {
        struct vcpu *v = conformance_start(guest_raises, which);
        EXPECT_EQ(expect_guest_exception(v), own_exception_cause[which]);
        struct vcpu_stats stats;
        ASSERT_EQ(vcpu_stats(v, &stats), VCPU_OK);
        EXPECT_EQ(stats.exits[VCPU_EXIT_UNKNOWN], 0u);
    }
}

TEST(conformance_riscv64, user_mode_round_trip)
{
    struct vcpu *v = conformance_start(guest_enter_user, test_mmio_gpa);
    struct vcpu_exit exit;
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    ASSERT_EQ(exit.reason, VCPU_EXIT_MMIO_WRITE); /* from VU-mode */
    EXPECT_EQ(exit.mmio_write.addr, test_mmio_gpa);
    EXPECT_EQ(exit.mmio_write.data, 0x5au);
    /* Resumed in VU-mode, its ecall is an ecall from U for the guest. */
    EXPECT_EQ(expect_guest_exception(v), SCAUSE_USER_ECALL);
}

static void guest_uses_scounteren(uint64_t value)
{
    __asm__ volatile("csrw scounteren, %0" : : "r"(value));
    GUEST_SYNC(0);
    uint64_t now;
    __asm__ volatile("csrr %0, scounteren" : "=r"(now));
    GUEST_SYNC(now);
}

static uint64_t host_scounteren(void)
{
    uint64_t v;
    __asm__ volatile("csrr %0, scounteren" : "=r"(v));
    return v;
}

TEST(conformance_riscv64, scounteren_is_the_guests)
{
    uint64_t host = host_scounteren();
    struct vcpu *v = conformance_start(guest_uses_scounteren, ~host & 7);
    EXPECT_EQ(conformance_expect_sync(v), 0u);
    EXPECT_EQ(host_scounteren(), host); /* the host's is back */
    uint64_t guest = 0;
    ASSERT_EQ(vcpu_get_reg(v, VCPU_REG_SYSREG(CSR_SCOUNTEREN), &guest), VCPU_OK);
    EXPECT_EQ(guest, ~host & 7);
    ASSERT_EQ(vcpu_set_reg(v, VCPU_REG_SYSREG(CSR_SCOUNTEREN), 2), VCPU_OK);
    EXPECT_EQ(conformance_expect_sync(v), 2u);
    EXPECT_EQ(host_scounteren(), host);
    conformance_expect_done(v);
}

static void guest_counts_hypercalls(uint64_t rounds)
{
    for (uint64_t i = 0; i < rounds; i++)
        GUEST_ASSERT(guest_hypercall(0x44, i, 0, 0, 0, 0, 0) == i + 1);
    GUEST_SYNC(rounds);
}

static volatile uint32_t host_irqs;

static void host_counts_irq(uint32_t irq)
{
    (void)irq;
    host_irqs++;
}

static bool host_interrupts_enabled(void)
{
    uint64_t s;
    __asm__ volatile("csrr %0, sstatus" : "=r"(s));
    return (s & SSTATUS_SIE) != 0;
}

/* vcpu_run() called with the host's interrupts enabled: host timer interrupts
 * keep arriving around entries and exits; none may land in the world switch
 * (the guest checks every hypercall result), and every run returns with the
 * host's interrupts still enabled. */
TEST(conformance_riscv64, run_with_host_interrupts_enabled)
{
    const uint64_t rounds = 4000;
    struct vcpu *v = conformance_start(guest_counts_hypercalls, rounds);
    host_irqs = 0;
    board_set_irq_handler(host_counts_irq);
    board_irq_enable();
    uint32_t armed_for = 0, interrupts = 0, not_enabled = 0, runs = 0;
    struct vcpu_exit exit;
    for (uint32_t i = 0; i < 100000; i++) {
        if (armed_for == host_irqs) {
            board_timer_arm(50 + (i * 37) % 300);
            armed_for = host_irqs + 1;
        }
        int rc = vcpu_run(v, &exit);
        runs++;
        if (!host_interrupts_enabled())
            not_enabled++;
        if (rc != VCPU_OK)
            break;
        if (exit.reason == VCPU_EXIT_EXTERNAL_INTERRUPT || exit.reason == VCPU_EXIT_NOTHING) {
            interrupts++;
            continue;
        }
        if (exit.reason != VCPU_EXIT_HYPERCALL || exit.hypercall.nr != 0x44)
            break;
        ASSERT_EQ(vcpu_set_return_value(v, exit.hypercall.args[0] + 1), VCPU_OK);
    }
    board_irq_disable();
    board_timer_stop();
    board_set_irq_handler(NULL);
    EXPECT_EQ(not_enabled, 0u);
    uint64_t value = 0;
    EXPECT_TRUE(test_exit_is_ucall(&exit, GUEST_UCALL_SYNC, &value));
    EXPECT_EQ(value, rounds);
    EXPECT_GT(host_irqs, 0u);
    board_printf("  %u host interrupts, %u interrupt exits, %u runs\n", host_irqs, interrupts,
                 runs);
    conformance_expect_done(v);
}
