/* Conformance: hypercalls (arguments in, return value out, 10,000 in a loop). */
#include "testing/conformance/conformance.h"

#define HC_NR 0x100
#define HC_LOOP_NR 0x200
#define HC_LOOPS 10000u

static void guest_hypercalls(uint64_t unused)
{
    (void)unused;
    uint64_t r = guest_hypercall(HC_NR, 11, 22, 33, 44, 55, 0xffffffffffffff66ull);
    GUEST_ASSERT(r == 0xabcdef0123456789ull);
    for (uint64_t i = 0; i < HC_LOOPS; i++) {
        r = guest_hypercall(HC_LOOP_NR, i, i + 1, 0, 0, 0, 0);
        GUEST_ASSERT(r == i * 3);
    }
}

TEST(conformance, hypercall)
{
    struct vcpu *v = conformance_start(guest_hypercalls, 0);
    struct vcpu_exit exit;
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    ASSERT_EQ(exit.reason, VCPU_EXIT_HYPERCALL);
    EXPECT_EQ(exit.hypercall.nr, HC_NR);
    const uint64_t want[6] = {11, 22, 33, 44, 55, 0xffffffffffffff66ull};
    for (int i = 0; i < 6; i++)
        EXPECT_EQ(exit.hypercall.args[i], want[i]);
    EXPECT_EQ(exit.raw.arch, VCPU_ARCH_EXIT_ARCH);
    ASSERT_EQ(vcpu_set_return_value(v, 0xabcdef0123456789ull), VCPU_OK);

    uint32_t wrong = 0;
    for (uint64_t i = 0; i < HC_LOOPS; i++) {
        ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
        ASSERT_EQ(exit.reason, VCPU_EXIT_HYPERCALL);
        if (exit.hypercall.nr != HC_LOOP_NR || exit.hypercall.args[0] != i ||
            exit.hypercall.args[1] != i + 1)
            wrong++;
        vcpu_set_return_value(v, i * 3);
    }
    EXPECT_EQ(wrong, 0);
    conformance_expect_done(v);
}
