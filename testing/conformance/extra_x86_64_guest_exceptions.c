/* x86-only conformance case: the exceptions a guest OS handles itself reach
 * the guest's own IDT, not the VMM: #UD, #BP, #DB (single step), and its own
 * #PF. Each halts the guest in its handler (GUEST_UCALL_EXCEPTION), so each
 * runs on a fresh vCPU. */
#include "testing/conformance/conformance.h"

#define UNMAPPED_BY_GUEST 0x200000000ull /* above the 4 GiB the guest's tables map */

static void guest_ud(uint64_t unused)
{
    (void)unused;
    __asm__ volatile("ud2");
}

static void guest_bp(uint64_t unused)
{
    (void)unused;
    __asm__ volatile("int3");
}

static void guest_single_step(uint64_t unused)
{
    (void)unused;
    /* TF set by POPF: the trap comes after the next instruction. */
    __asm__ volatile("pushfq; orq $0x100, (%%rsp); popfq; nop; nop" ::: "memory", "cc");
}

static void guest_pf(uint64_t unused)
{
    (void)unused;
    (void)guest_read64(UNMAPPED_BY_GUEST);
}

/* Runs `fn` and expects its own handler to report `vector`; returns the
 * error code the guest saw. */
static uint64_t expect_own_exception(void (*fn)(uint64_t), uint64_t vector)
{
    struct vcpu *v = conformance_start(fn, 0);
    struct vcpu_exit exit;
    EXPECT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    uint64_t code = ~0ull;
    if (!test_exit_is_ucall(&exit, GUEST_UCALL_EXCEPTION, &code)) {
        vtest_fail(__FILE__, __LINE__, "vector %lu: expected the guest's handler, got %s", vector,
                   vcpu_exit_reason_name(exit.reason));
        return ~0ull;
    }
    EXPECT_EQ(code, vector);
    return exit.hypercall.args[3];
}

TEST(conformance_x86, guest_own_exceptions)
{
    expect_own_exception(guest_ud, 6);
    expect_own_exception(guest_bp, 3);
    expect_own_exception(guest_single_step, 1);
    uint64_t error = expect_own_exception(guest_pf, 14);
    EXPECT_EQ(error & 1, 0u); /* not present */
}
