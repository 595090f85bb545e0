/* Adversarial guests: floods of exits. 100,000 hypercalls in a burst, and
 * 10,000 undecoded traps: each is a defined exit with the right payload, and
 * the hypervisor is healthy afterwards. */
#include "testing/adversarial/adversarial.h"

#define BURST_NR 0xb0057
#define HYPERCALLS 100000u
#define UNKNOWN_TRAPS 10000u

static void guest_hypercall_burst(uint64_t unused)
{
    (void)unused;
    for (uint64_t i = 0; i < HYPERCALLS; i++)
        GUEST_ASSERT(guest_hypercall(BURST_NR, i, ~i, 0, 0, 0, 0) == (i ^ 0x5555));
}

TEST(adversarial, hypercall_burst)
{
    struct vcpu *v = adversarial_start(guest_hypercall_burst, 0);
    struct vcpu_exit exit;
    uint32_t wrong = 0;
    for (uint64_t i = 0; i < HYPERCALLS; i++) {
        ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
        ASSERT_EQ(exit.reason, VCPU_EXIT_HYPERCALL);
        if (exit.hypercall.nr != BURST_NR || exit.hypercall.args[0] != i ||
            exit.hypercall.args[1] != ~i)
            wrong++;
        vcpu_set_return_value(v, i ^ 0x5555);
    }
    EXPECT_EQ(wrong, 0);
    adversarial_expect_done(v);
    struct vcpu_stats stats;
    ASSERT_EQ(vcpu_stats(v, &stats), VCPU_OK);
    EXPECT_GE(stats.exits[VCPU_EXIT_HYPERCALL], HYPERCALLS + 1);
    adversarial_expect_healthy();
}

static void guest_unknown_burst(uint64_t unused)
{
    (void)unused;
    for (uint32_t i = 0; i < UNKNOWN_TRAPS; i++)
        guest_unknown_exit();
}

TEST(adversarial, undecoded_trap_burst)
{
    struct vcpu *v = adversarial_start(guest_unknown_burst, 0);
    struct vcpu_exit exit;
    uint32_t wrong = 0;
    for (uint32_t i = 0; i < UNKNOWN_TRAPS; i++) {
        ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
        if (exit.reason != VCPU_EXIT_UNKNOWN || exit.raw.arch != VCPU_ARCH_EXIT_ARCH)
            wrong++;
    }
    EXPECT_EQ(wrong, 0);
    adversarial_expect_done(v);
    adversarial_expect_healthy();
}
