/* Adversarial: a burst of 100,000 hypercalls, 10,000 traps the backend does
 * not decode, and 10,000 interrupts injected
 * while the guest has interrupts masked, none lost and none duplicated when it
 * unmasks (api.md: every accepted injection is delivered exactly once). */
#include "testing/adversarial/adversarial.h"

#define BURST 100000u
#define STORM 10000u
#define STORM_NR 0x5701u
#define STORM_OVER (~0ull)

static uint64_t burst_answer(uint64_t i)
{
    return i * 0x9e3779b97f4a7c15ull ^ (i >> 7);
}

static void guest_bursts(uint64_t count)
{
    uint64_t wrong = 0;
    for (uint64_t i = 0; i < count; i++) {
        if (guest_hypercall(0x100 + (i & 7), i, ~i, 0, 0, 0, i) != burst_answer(i))
            wrong++;
    }
    GUEST_SYNC(wrong);
}

TEST(adversarial, hypercall_burst)
{
    struct vcpu *v = conformance_start(guest_bursts, BURST);
    for (uint64_t i = 0; i < BURST; i++) {
        struct vcpu_exit exit;
        ASSERT_EQ(vcpu_run(v, &exit), VCPU_OK);
        ASSERT_EQ(exit.reason, VCPU_EXIT_HYPERCALL);
        if (exit.hypercall.nr != 0x100 + (i & 7) || exit.hypercall.args[0] != i ||
            exit.hypercall.args[1] != ~i || exit.hypercall.args[5] != i) {
            vtest_fail(__FILE__, __LINE__, "hypercall %lu arrived as nr %lx arg %lx", i,
                       exit.hypercall.nr, exit.hypercall.args[0]);
            vtest_abort_case();
        }
        ASSERT_EQ(vcpu_set_return_value(v, burst_answer(i)), VCPU_OK);
    }
    EXPECT_EQ(conformance_expect_sync(v), 0u);
    conformance_expect_done(v);
    struct vcpu_stats stats;
    ASSERT_EQ(vcpu_stats(v, &stats), VCPU_OK);
    EXPECT_EQ(stats.exits[VCPU_EXIT_HYPERCALL], BURST + 2); /* and SYNC, DONE */
    adversarial_expect_healthy();
}

#define UNDECODED_TRAPS 10000u

static void guest_traps_undecoded(uint64_t count)
{
    for (uint64_t i = 0; i < count; i++)
        guest_unknown_exit();
}

TEST(adversarial, undecoded_trap_burst)
{
    struct vcpu *v = conformance_start(guest_traps_undecoded, UNDECODED_TRAPS);
    for (uint32_t i = 0; i < UNDECODED_TRAPS; i++) {
        struct vcpu_exit exit;
        ASSERT_EQ(vcpu_run(v, &exit), VCPU_OK);
        if (exit.reason != VCPU_EXIT_UNKNOWN || exit.raw.arch != VCPU_ARCH_EXIT_ARCH) {
            vtest_fail(__FILE__, __LINE__, "trap %u exited as %s", i,
                       vcpu_exit_reason_name(exit.reason));
            vtest_abort_case();
        }
        ASSERT_EQ(test_skip_unknown(v), VCPU_OK); /* the PC stays at the trap */
    }
    conformance_expect_done(v);
    adversarial_expect_healthy();
}

static volatile uint64_t storm_received;

static void guest_counts_irq(uint32_t vector)
{
    (void)vector;
    storm_received++;
}

/* Masked, asks the host to inject; unmasked, waits for everything accepted so
 * far; again until the host says it is over. */
static void guest_weathers_storm(uint64_t unused)
{
    (void)unused;
    storm_received = 0;
    guest_set_irq_handler(guest_counts_irq);
    for (;;) {
        guest_irq_disable();
        uint64_t accepted = guest_hypercall(STORM_NR, storm_received, 0, 0, 0, 0, 0);
        if (accepted == STORM_OVER)
            break;
        guest_irq_enable();
        while (storm_received < accepted)
            guest_halt();
    }
    GUEST_SYNC(storm_received);
    guest_irq_enable();
    for (int i = 0; i < 100; i++) /* time for a duplicate to show up */
        guest_hypercall(0x44, 0, 0, 0, 0, 0, 0);
    guest_irq_disable();
    GUEST_SYNC(storm_received);
}

TEST(adversarial, masked_interrupt_storm)
{
    struct vcpu *v = conformance_start(guest_weathers_storm, 0);
    uint64_t accepted = 0, refused = 0, rounds = 0;
    struct vcpu_exit exit;
    adversarial_run_to_hypercall(v, &exit);
    while (accepted < STORM) {
        ASSERT_EQ(exit.hypercall.nr, STORM_NR);
        EXPECT_EQ(exit.hypercall.args[0], accepted); /* all earlier ones arrived */
        /* The guest is masked now: inject until the queue refuses. */
        while (accepted < STORM) {
            int rc = vcpu_inject_interrupt(v, test_irq_vector);
            if (rc == VCPU_ERR_BUSY) {
                refused++;
                break;
            }
            ASSERT_EQ(rc, VCPU_OK);
            accepted++;
        }
        rounds++;
        ASSERT_EQ(vcpu_set_return_value(v, accepted), VCPU_OK);
        adversarial_run_to_hypercall(v, &exit);
    }
    ASSERT_EQ(exit.hypercall.nr, STORM_NR);
    EXPECT_EQ(exit.hypercall.args[0], accepted);
    ASSERT_EQ(vcpu_set_return_value(v, STORM_OVER), VCPU_OK);
    EXPECT_EQ(conformance_expect_sync(v), STORM);
    for (;;) { /* the 100 idle hypercalls, then the final count */
        adversarial_run_to_hypercall(v, &exit);
        if (exit.hypercall.nr != 0x44)
            break;
    }
    uint64_t final_count = 0;
    EXPECT_TRUE(test_exit_is_ucall(&exit, GUEST_UCALL_SYNC, &final_count));
    EXPECT_EQ(final_count, STORM); /* none twice */
    EXPECT_GT(rounds, 1u);         /* the queue filled up at least once */
    EXPECT_GT(refused, 0u);
    conformance_expect_done(v);
    adversarial_expect_healthy();
}
