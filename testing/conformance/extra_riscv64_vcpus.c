/* RISC-V-only conformance cases with two vCPUs: SBI RFENCE from one hart to
 * another running on the other physical CPU (it returns only once the target
 * left the guest or flushed; a hart the VM does not have is INVALID_PARAM). */
#include <board/board.h>
#include <vcpu/riscv_h.h>

#include "testing/conformance/conformance.h"
#include "lib/guest/guest_riscv64.h"

#define WAIT_LIMIT 20000000u
#define SBI_RFENCE_FENCE_I 0u
#define SBI_RFENCE_SFENCE_VMA 1u
#define SBI_RFENCE_HFENCE_GVMA 2u

static volatile uint32_t rfence_target_running, rfence_release;

/* vCPU 1: says it runs, then spins in the guest until vCPU 0 is done. */
static void guest_rfence_target(uint64_t unused)
{
    (void)unused;
    rfence_target_running = 1;
    while (!rfence_release) {
    }
}

/* vCPU 0: once vCPU 1 runs, fences it, then tries harts the VM lacks. */
static void guest_rfence_issuer(uint64_t unused)
{
    (void)unused;
    for (uint32_t i = 0; !rfence_target_running && i < WAIT_LIMIT; i++) {
    }
    GUEST_ASSERT(rfence_target_running);
    GUEST_SYNC(
        (uint64_t)guest_sbi_call(RISCV_SBI_EXT_RFENCE, SBI_RFENCE_FENCE_I, 1u << 1, 0, 0).error);
    /* hart 5 does not exist; neither does base 4 + bit 1. */
    GUEST_SYNC(
        (uint64_t)guest_sbi_call(RISCV_SBI_EXT_RFENCE, SBI_RFENCE_SFENCE_VMA, 1u << 5, 0, 0).error);
    GUEST_SYNC((uint64_t)guest_sbi_call(RISCV_SBI_EXT_RFENCE, SBI_RFENCE_HFENCE_GVMA, 1u << 1, 4, 0)
                   .error);
    /* base + bit wraps to hart 0: not hart 0. */
    GUEST_SYNC(
        (uint64_t)guest_sbi_call(RISCV_SBI_EXT_RFENCE, SBI_RFENCE_FENCE_I, 1u << 2, ~0ull - 1, 0)
            .error);
    /* base -1: every hart, the running vCPU 1 included. */
    GUEST_SYNC(
        (uint64_t)guest_sbi_call(RISCV_SBI_EXT_RFENCE, SBI_RFENCE_SFENCE_VMA, 0, ~0ull, 0).error);
    rfence_release = 1;
}

struct rfence_target {
    struct vcpu *v;
    volatile uint32_t exits;    /* returns of vcpu_run other than the guest's end */
    volatile uint32_t finished; /* the guest returned (DONE) */
    volatile uint32_t done;
    volatile int rc;
};

/* On CPU 1: runs vCPU 1 until its guest returns; takes the host interrupt
 * (the RFENCE kick) after each interrupt exit, as the external_interrupt
 * case does. */
static void run_rfence_target(void *arg)
{
    struct rfence_target *t = arg;
    struct vcpu_exit exit;
    t->rc = vcpu_bind(t->v);
    for (uint32_t i = 0; t->rc == VCPU_OK && i < 100000u; i++) {
        t->rc = vcpu_run(t->v, &exit);
        if (t->rc != VCPU_OK)
            break;
        if (test_exit_is_ucall(&exit, GUEST_UCALL_DONE, NULL)) {
            t->finished = 1;
            break;
        }
        if (exit.reason != VCPU_EXIT_EXTERNAL_INTERRUPT && exit.reason != VCPU_EXIT_NOTHING)
            break;
        t->exits++;
        board_irq_enable();
        for (volatile uint32_t d = 0; d < 1000u; d++) {
        }
        board_irq_disable();
    }
    if (t->rc == VCPU_OK)
        vcpu_unbind(t->v);
    t->done = 1;
}

TEST(conformance_riscv64, rfence_reaches_the_other_hart)
{
    ASSERT_GE(board_cpu_count(), 2);
    rfence_target_running = 0;
    rfence_release = 0;
    struct vcpu *v0 = conformance_start(guest_rfence_issuer, 0);
    ASSERT_EQ(test_vm_add_vcpu(&conformance_vm, 1, guest_rfence_target, 0), VCPU_OK);
    static struct rfence_target t;
    t = (struct rfence_target){.v = &conformance_vm.vcpus[1]};
    ASSERT_TRUE(board_run_on_cpu(1, run_rfence_target, &t));

    EXPECT_EQ((int64_t)conformance_expect_sync(v0), RISCV_SBI_SUCCESS);
    /* vCPU 1 entered before the fence and spins in the guest: the fence
     * returned only because it was made to leave (or re-entered flushed). */
    for (uint32_t i = 0; t.exits == 0 && !t.done && i < WAIT_LIMIT; i++) {
    }
    EXPECT_GE(t.exits, 1u);
    EXPECT_EQ((int64_t)conformance_expect_sync(v0), RISCV_SBI_ERR_INVALID_PARAM);
    EXPECT_EQ((int64_t)conformance_expect_sync(v0), RISCV_SBI_ERR_INVALID_PARAM);
    EXPECT_EQ((int64_t)conformance_expect_sync(v0), RISCV_SBI_ERR_INVALID_PARAM);
    EXPECT_EQ((int64_t)conformance_expect_sync(v0), RISCV_SBI_SUCCESS);
    conformance_expect_done(v0);

    for (uint32_t i = 0; !t.done && i < WAIT_LIMIT; i++) {
    }
    if (!t.done) {
        vtest_fail(__FILE__, __LINE__, "vCPU 1 did not finish");
        vtest_abort_case();
    }
    board_wait_cpu(1);
    EXPECT_EQ(t.rc, VCPU_OK);
    EXPECT_TRUE(t.finished);
    /* Both vCPUs flushed for the last fence (vCPU 1 when it re-entered). */
    EXPECT_EQ(conformance_vm.vcpus[1].arch.rfence_seen, v0->arch.rfence_seen);
}
