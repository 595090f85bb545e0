/* Conformance: vcpu_kick() before a run, and from another physical CPU while
 * the guest runs there (the owning CPU gets vcpu_host_kick_cpu()'s
 * interrupt and the run returns NOTHING). */
#include <board/board.h>
#include <board/print.h>

#include "testing/conformance/conformance.h"

/* Bounded waits, in loop iterations (seconds under the slowest emulator). */
#define WAIT_LIMIT 20000000u

static void guest_ignores_irq(uint32_t vector)
{
    (void)vector;
}

/* The guest spins with its interrupts enabled (none is injected): Bochs 2.7
 * recognises no physical interrupt in an SVM or VMX guest entered with
 * RFLAGS.IF clear (docs/backends/svm.md), where hardware lets the host's IF
 * decide; on hardware it makes no difference. */
static void guest_syncs_then_spins(uint64_t token)
{
    GUEST_SYNC(token);
    guest_set_irq_handler(guest_ignores_irq);
    guest_irq_enable();
    guest_spin();
}

TEST(conformance, kick_before_run)
{
    struct vcpu *v = conformance_start(guest_syncs_then_spins, 0x61);
    ASSERT_EQ(vcpu_kick(v), VCPU_OK);
    ASSERT_EQ(vcpu_kick(v), VCPU_OK); /* coalesces */
    struct vcpu_exit exit;
    ASSERT_EQ(vcpu_run(v, &exit), VCPU_OK);
    EXPECT_EQ(exit.reason, VCPU_EXIT_NOTHING);
    struct vcpu_stats stats;
    ASSERT_EQ(vcpu_stats(v, &stats), VCPU_OK);
    EXPECT_EQ(stats.runs, 1u);
    EXPECT_EQ(stats.exits[VCPU_EXIT_NOTHING], 1u);
    /* The guest did not start: the entry can still move, and the next run
     * starts it. */
    EXPECT_EQ(vcpu_set_entry(v, guest_entry_point()), VCPU_OK);
    EXPECT_EQ(conformance_expect_sync(v), 0x61u);
}

struct kick_run {
    struct vcpu *v;
    volatile uint32_t in_guest; /* the guest reported; now it spins */
    volatile uint32_t done;
    volatile int rc;
    volatile uint32_t reason;
    volatile uint32_t other_exits; /* the host's own interrupts meanwhile */
};

/* On CPU 1: bind, run to the SYNC, then run until a return with NOTHING. */
static void run_until_kicked(void *arg)
{
    struct kick_run *k = arg;
    struct vcpu_exit exit;
    k->rc = vcpu_bind(k->v);
    if (k->rc == VCPU_OK)
        k->rc = test_vcpu_run(k->v, &exit);
    if (k->rc == VCPU_OK) {
        k->in_guest = 1;
        for (uint32_t i = 0; i < 1000; i++) {
            k->rc = vcpu_run(k->v, &exit);
            if (k->rc != VCPU_OK || exit.reason == VCPU_EXIT_NOTHING)
                break;
            k->other_exits++;
        }
        k->reason = exit.reason;
        vcpu_unbind(k->v);
        /* The kick's interrupt may still be pending on this CPU: take it
         * here (its handler only acknowledges it), as the external_interrupt
         * case does, so no later run on this CPU sees it. */
        board_irq_enable();
        for (volatile uint32_t d = 0; d < 10000u; d++) {
        }
        board_irq_disable();
    }
    k->done = 1;
}

TEST(conformance, kick_from_another_cpu)
{
    ASSERT_GE(board_cpu_count(), 2);
    ASSERT_EQ(test_vm_create(&conformance_vm, 1), VCPU_OK);
    ASSERT_EQ(test_vm_add_vcpu(&conformance_vm, 0, guest_syncs_then_spins, 0x62), VCPU_OK);
    static struct kick_run k;
    k = (struct kick_run){.v = &conformance_vm.vcpus[0], .reason = VCPU_EXIT_REASON_COUNT};
    ASSERT_TRUE(board_run_on_cpu(1, run_until_kicked, &k));
    uint32_t i = 0;
    while (!k.in_guest && !k.done && i < WAIT_LIMIT)
        i++;
    ASSERT_TRUE(k.in_guest);
    /* Let CPU 1 get back into the guest, then kick it from here. */
    for (i = 0; vcpu_state(k.v) != VCPU_STATE_RUNNING && i < WAIT_LIMIT; i++) {
    }
    for (volatile uint32_t d = 0; d < 100000u; d++) {
    }
    ASSERT_EQ(vcpu_kick(k.v), VCPU_OK);
    for (i = 0; !k.done && i < WAIT_LIMIT; i++) {
    }
    if (!k.done) {
        vtest_fail(__FILE__, __LINE__, "the kicked vCPU did not return");
        vtest_abort_case();
    }
    board_wait_cpu(1);
    EXPECT_EQ(k.rc, VCPU_OK);
    EXPECT_EQ(k.reason, VCPU_EXIT_NOTHING);
    board_printf("  %u other exits before the kick's\n", k.other_exits);
}
