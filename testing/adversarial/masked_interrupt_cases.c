/* Adversarial guests: 10,000 interrupt injections while the guest keeps
 * interrupts masked. Injection never fails other than with BUSY (queue full,
 * nothing queued), and once the guest unmasks, every accepted injection
 * arrives exactly once: none is lost, none is duplicated (the contract of
 * vcpu_inject_interrupt). */
#include <board/print.h>

#include "testing/adversarial/adversarial.h"

#define TICK_NR 0x71c4
#define TOTAL_NR 0x7074
#define WAIT_NR 0x3a17
#define INJECTIONS 10000u
#define PER_TICK 100u
#define MAX_WAITS 100000u

static volatile uint32_t guest_irqs;
static volatile uint32_t guest_wrong_vector;

static void guest_counts_irq(uint32_t vector)
{
    if (vector != test_irq_vector)
        guest_wrong_vector++;
    guest_irqs++;
}

static void guest_masked_flood(uint64_t unused)
{
    (void)unused;
    guest_irqs = 0;
    guest_wrong_vector = 0;
    guest_set_irq_handler(guest_counts_irq);
    guest_irq_enable(); /* install the handler, then mask right away */
    guest_irq_disable();
    /* The host injects between these hypercalls while we stay masked. */
    while (guest_hypercall(TICK_NR, 0, 0, 0, 0, 0, 0) != 0)
        ;
    GUEST_SYNC(guest_irqs); /* nothing taken while masked */
    uint64_t accepted = guest_hypercall(TOTAL_NR, 0, 0, 0, 0, 0, 0);
    guest_irq_enable();
    for (uint32_t i = 0; i < MAX_WAITS && guest_irqs < accepted; i++)
        guest_hypercall(WAIT_NR, guest_irqs, 0, 0, 0, 0, 0);
    /* Let a duplicate show up if there is one. */
    for (int i = 0; i < 100; i++)
        guest_hypercall(WAIT_NR, guest_irqs, 0, 0, 0, 0, 0);
    GUEST_ASSERT(guest_wrong_vector == 0);
    GUEST_SYNC(guest_irqs);
}

TEST(adversarial, interrupts_while_masked_none_lost)
{
    struct vcpu *v = adversarial_start(guest_masked_flood, 0);
    struct vcpu_exit exit;
    uint32_t attempts = 0, accepted = 0, busy = 0, other = 0;
    while (attempts < INJECTIONS) {
        ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
        ASSERT_EQ(exit.reason, VCPU_EXIT_HYPERCALL);
        ASSERT_EQ(exit.hypercall.nr, TICK_NR);
        for (uint32_t i = 0; i < PER_TICK; i++, attempts++) {
            int rc = vcpu_inject_interrupt(v, test_irq_vector);
            accepted += rc == VCPU_OK;
            busy += rc == VCPU_ERR_BUSY;
            other += rc != VCPU_OK && rc != VCPU_ERR_BUSY;
        }
        ASSERT_EQ(vcpu_set_return_value(v, attempts < INJECTIONS), VCPU_OK);
    }
    EXPECT_EQ(other, 0);
    EXPECT_GT(accepted, 0);
    EXPECT_EQ(accepted + busy, INJECTIONS);
    EXPECT_EQ(adversarial_expect_sync(v), 0); /* masked: none taken yet */

    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    ASSERT_EQ(exit.reason, VCPU_EXIT_HYPERCALL);
    ASSERT_EQ(exit.hypercall.nr, TOTAL_NR);
    ASSERT_EQ(vcpu_set_return_value(v, accepted), VCPU_OK);
    uint64_t taken = ~0ull;
    for (uint32_t i = 0; i < MAX_WAITS + 200; i++) {
        ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
        if (test_exit_is_ucall(&exit, GUEST_UCALL_SYNC, &taken))
            break;
        if (exit.reason == VCPU_EXIT_HYPERCALL && exit.hypercall.nr == WAIT_NR)
            continue;
        if (exit.reason != VCPU_EXIT_HALT && exit.reason != VCPU_EXIT_EXTERNAL_INTERRUPT) {
            vtest_fail(__FILE__, __LINE__, "unexpected exit %s",
                       vcpu_exit_reason_name(exit.reason));
            return;
        }
    }
    board_printf("accepted %u of %u injections while masked, the guest took %lu\n", accepted,
                 INJECTIONS, taken);
    EXPECT_EQ(taken, accepted);
    adversarial_expect_done(v);
    adversarial_expect_healthy();
}
