/* RISC-V-only conformance cases with two vCPUs: SBI RFENCE from one hart to
 * another running on the other physical CPU (it returns only once the target
 * left the guest or flushed; a hart the VM does not have is INVALID_PARAM),
 * and FP registers kept apart between two vCPUs sharing one physical CPU. */
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

/* Writes FP values derived from `seed`, then checks them after every exit
 * (between which the other vCPU writes its own on the same physical CPU). */
static void guest_keeps_fp_values(uint64_t seed)
{
    const uint64_t mine[4] = {seed, ~seed, seed * 3u, seed ^ 0x5555aaaa5555aaaau};
    const uint32_t fcsr = (seed & 1) ? 0x21u : 0x44u; /* frm RTZ + NX / frm RDN + OF */
    guest_fp_write(mine, fcsr);
    GUEST_SYNC(0);
    for (uint64_t round = 1; round <= 3; round++) {
        uint64_t got[4];
        uint32_t got_fcsr = guest_fp_read(got);
        GUEST_ASSERT(got[0] == mine[0] && got[1] == mine[1]);
        GUEST_ASSERT(got[2] == mine[2] && got[3] == mine[3]);
        GUEST_ASSERT(got_fcsr == fcsr);
        GUEST_SYNC(round);
    }
}

#define SSTATUS_FS (3ul << 13)

/* Runs two vCPUs on this CPU, interleaved, each checking its FP values. */
static void run_two_fp_vcpus(void)
{
    struct vcpu *a = conformance_start(guest_keeps_fp_values, 0x1111222233334441u);
    ASSERT_EQ(test_vm_add_vcpu(&conformance_vm, 1, guest_keeps_fp_values, 0xdead0000beef0002u),
              VCPU_OK);
    struct vcpu *b = &conformance_vm.vcpus[1];
    ASSERT_EQ(vcpu_bind(b), VCPU_OK); /* both on CPU 0 */
    for (uint64_t round = 0; round <= 3; round++) {
        EXPECT_EQ(conformance_expect_sync(a), round);
        EXPECT_EQ(conformance_expect_sync(b), round);
    }
    conformance_expect_done(a);
    conformance_expect_done(b);
}

/* The host keeps FP off (sstatus.FS = Off, as a kernel that does not use FP
 * does): the guests' registers stay loaded between runs, and each vCPU's are
 * loaded at its first FP use after the other ran. */
TEST(conformance_riscv64, fp_registers_are_per_vcpu)
{
    uint64_t fs;
    __asm__ volatile("csrrc %0, sstatus, %1" : "=r"(fs) : "r"(SSTATUS_FS));
    run_two_fp_vcpus();
    __asm__ volatile("csrs sstatus, %0" : : "r"(fs & SSTATUS_FS));
}

/* The host has FP on and values of its own in the FP registers: the runs
 * give them back unchanged (the helpers are plain code, usable here too). */
TEST(conformance_riscv64, fp_registers_of_the_host_survive_runs)
{
    const uint64_t host[4] = {0x0123456789abcdefu, 0xfedcba9876543210u, 1, 2};
    uint64_t fs;
    __asm__ volatile("csrr %0, sstatus" : "=r"(fs));
    guest_fp_write(host, 0x62u); /* enables FP: FS = Initial at least */
    run_two_fp_vcpus();
    uint64_t got[4];
    uint32_t fcsr = guest_fp_read(got);
    EXPECT_EQ(got[0], host[0]);
    EXPECT_EQ(got[1], host[1]);
    EXPECT_EQ(got[2], host[2]);
    EXPECT_EQ(got[3], host[3]);
    EXPECT_EQ(fcsr, 0x62u);
    __asm__ volatile("csrc sstatus, %0" : : "r"(SSTATUS_FS));
    __asm__ volatile("csrs sstatus, %0" : : "r"(fs & SSTATUS_FS));
}
