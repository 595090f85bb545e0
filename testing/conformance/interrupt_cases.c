/* Conformance: injected interrupts reach the guest exactly once (also when
 * injected from the other CPU), and a physical interrupt during guest
 * execution exits as EXTERNAL_INTERRUPT without harming the guest. */
#include <board/board.h>

#include "testing/conformance/conformance.h"

static volatile uint32_t guest_irq_count;
static volatile uint32_t guest_last_vector;

static void guest_on_irq(uint32_t vector)
{
    guest_irq_count++;
    guest_last_vector = vector;
}

/* Waits (halting) until `count` interrupts arrived, then reports the vector. */
static void guest_wait_for_irqs(uint32_t count)
{
    while (guest_irq_count < count)
        guest_halt();
    GUEST_SYNC(guest_last_vector);
}

static void guest_takes_interrupts(uint64_t unused)
{
    (void)unused;
    guest_irq_count = 0;
    guest_set_irq_handler(guest_on_irq);
    guest_irq_enable();
    GUEST_SYNC(0); /* ready */
    guest_wait_for_irqs(1);
    guest_wait_for_irqs(2);
    /* Give a duplicate every chance to show up before reporting the count. */
    for (int i = 0; i < 100; i++)
        guest_hypercall(0x44, 0, 0, 0, 0, 0, 0);
    GUEST_SYNC(guest_irq_count);
}

struct injection {
    struct vcpu *v;
    uint32_t vector;
    int rc;
};

static void inject_here(void *arg)
{
    struct injection *inj = arg;
    inj->rc = vcpu_inject_interrupt(inj->v, inj->vector);
}

/* Runs until the next SYNC ucall, completing halts and hypercalls. */
static uint64_t run_to_sync(struct vcpu *v)
{
    for (int i = 0; i < 1000; i++) {
        struct vcpu_exit exit;
        uint64_t value;
        if (test_vcpu_run(v, &exit) != VCPU_OK)
            break;
        if (test_exit_is_ucall(&exit, GUEST_UCALL_SYNC, &value))
            return value;
        if (exit.reason != VCPU_EXIT_HALT && exit.reason != VCPU_EXIT_HYPERCALL) {
            vtest_fail(__FILE__, __LINE__, "unexpected exit %s (address %lx)",
                       vcpu_exit_reason_name(exit.reason), exit.nested_page_fault.addr);
            vtest_abort_case();
        }
    }
    vtest_fail(__FILE__, __LINE__, "no SYNC from the guest");
    return ~0ull;
}

TEST(conformance, interrupt_injection)
{
    struct vcpu *v = conformance_start(guest_takes_interrupts, 0);
    ASSERT_EQ(run_to_sync(v), 0);
    ASSERT_EQ(vcpu_inject_interrupt(v, test_irq_vector), VCPU_OK);
    EXPECT_EQ(run_to_sync(v), test_irq_vector);
    /* Injected from the other physical CPU, delivered at the next entry here. */
    struct injection inj = {v, test_irq_vector, -1};
    test_on_cpu(1, inject_here, &inj);
    ASSERT_EQ(inj.rc, VCPU_OK);
    EXPECT_EQ(run_to_sync(v), test_irq_vector);
    EXPECT_EQ(run_to_sync(v), 2); /* exactly once each */
    conformance_expect_done(v);
}

static volatile uint32_t host_timer_irqs;

static void host_on_irq(uint32_t irq)
{
    if (irq == board_timer_irq())
        host_timer_irqs++;
}

/* Set by the host once it has seen the external interrupt; the guest works
 * until then, so the case does not depend on how fast the emulator runs. */
static volatile uint32_t host_saw_interrupt;

static uint64_t checksum_step(uint64_t sum, uint64_t i)
{
    return sum + (i ^ (sum >> 3));
}

/* The guest computes with its own interrupts enabled: a physical interrupt
 * must exit to the host and never reach the guest's handler. (Interrupts
 * enabled also keeps the case meaningful under Bochs 2.7, whose SVM VMRUN
 * masks physical interrupts for a guest entered with RFLAGS.IF clear; see
 * docs/backends/svm.md.) */
static void guest_computes(uint64_t max_rounds)
{
    uint64_t sum = 0, i = 0;
    guest_irq_count = 0;
    guest_set_irq_handler(guest_on_irq);
    guest_irq_enable();
    while (!host_saw_interrupt && i < max_rounds)
        sum = checksum_step(sum, i++);
    guest_irq_disable();
    GUEST_SYNC(i);
    GUEST_SYNC(sum);
    GUEST_SYNC(guest_irq_count);
}

TEST(conformance, external_interrupt)
{
    struct vcpu *v = conformance_start(guest_computes, 1ull << 40);
    host_timer_irqs = 0;
    host_saw_interrupt = 0;
    board_set_irq_handler(host_on_irq);
    board_timer_arm(test_timer_ticks);
    struct vcpu_exit exit;
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    ASSERT_EQ(exit.reason, VCPU_EXIT_EXTERNAL_INTERRUPT);
    EXPECT_EQ(exit.external_interrupt.vector, board_timer_irq());
    /* The host takes its interrupt, then lets the guest finish. */
    board_irq_enable();
    for (int i = 0; i < 1000 && host_timer_irqs == 0; i++)
        __asm__ volatile("" ::: "memory");
    board_irq_disable();
    board_timer_stop();
    board_set_irq_handler(NULL);
    EXPECT_EQ(host_timer_irqs, 1);
    host_saw_interrupt = 1;
    uint64_t rounds = conformance_expect_sync(v);
    uint64_t expected = 0;
    for (uint64_t i = 0; i < rounds; i++)
        expected = checksum_step(expected, i);
    EXPECT_EQ(conformance_expect_sync(v), expected);
    EXPECT_EQ(conformance_expect_sync(v), 0u); /* nothing leaked into the guest */
    conformance_expect_done(v);
}

/* Edge injection is what vcpu_inject_interrupt() does; a backend that cannot
 * deliver level-triggered injections says so and queues nothing. */
TEST(conformance, inject_trigger_modes)
{
    struct vcpu *v = conformance_start(guest_takes_interrupts, 0);
    ASSERT_EQ(run_to_sync(v), 0);
    int level = vcpu_inject_interrupt_trigger(v, test_irq_vector, VCPU_TRIGGER_LEVEL);
    EXPECT_EQ(level, VCPU_ARCH_TRIGGER_LEVEL ? VCPU_OK : VCPU_ERR_NOT_SUPPORTED);
    EXPECT_EQ(vcpu_inject_interrupt_trigger(v, test_irq_vector, (enum vcpu_trigger_mode)7),
              VCPU_ERR_INVALID_ARG);
    if (level != VCPU_OK)
        ASSERT_EQ(vcpu_inject_interrupt_trigger(v, test_irq_vector, VCPU_TRIGGER_EDGE), VCPU_OK);
    EXPECT_EQ(run_to_sync(v), test_irq_vector);
}
