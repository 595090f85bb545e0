// The hypercall dispatcher against vcpu's fake backend.
#include <gtest/gtest.h>

extern "C" {
#include "hcall/hcall.h"
}
#include <vcpu/fake.h>
#include <vcpu/percpu.h>

namespace
{

uint64_t Add(const uint64_t args[6])
{
    return args[0] + args[1];
}

class HcallTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        ASSERT_EQ(vcpu_fake_set_cpu_id(0), VCPU_OK);
        ASSERT_EQ(vcpu_percpu_init(&cpu_, 0), VCPU_OK);
        ASSERT_EQ(vcpu_percpu_hardware_enable(&cpu_), VCPU_OK);
        ASSERT_EQ(vcpu_init(&v_, 1, 0, -1, 0, nullptr), VCPU_OK);
        ASSERT_EQ(vcpu_setup(&v_, 0x1000, 0x2000, nullptr), VCPU_OK);
        ASSERT_EQ(vcpu_bind(&v_), VCPU_OK);
    }

    void TearDown() override
    {
        EXPECT_EQ(vcpu_unbind(&v_), VCPU_OK);
        EXPECT_EQ(vcpu_percpu_hardware_disable(&cpu_), VCPU_OK);
    }

    void Queue(uint64_t nr, uint64_t a0, uint64_t a1)
    {
        struct vcpu_exit e = {};
        e.reason = VCPU_EXIT_HYPERCALL;
        e.hypercall.nr = nr;
        e.hypercall.args[0] = a0;
        e.hypercall.args[1] = a1;
        ASSERT_EQ(vcpu_fake_queue_exit(&v_, &e), VCPU_OK);
    }

    static inline struct vcpu_percpu cpu_ = {};
    struct vcpu v_ = {};
};

TEST_F(HcallTest, AnswersHypercallsUntilAnotherExit)
{
    const hcall_handler handlers[] = {nullptr, Add};
    const struct hcall_table table = {handlers, 2};
    Queue(1, 40, 2);
    Queue(0, 0, 0); // no handler
    struct vcpu_exit halt = {};
    halt.reason = VCPU_EXIT_HALT;
    ASSERT_EQ(vcpu_fake_queue_exit(&v_, &halt), VCPU_OK);

    struct vcpu_exit out;
    EXPECT_EQ(hcall_run(&v_, &table, &out), 2);
    EXPECT_EQ(out.reason, VCPU_EXIT_HALT);
}

TEST_F(HcallTest, ReturnValueReachesTheGuest)
{
    const hcall_handler handlers[] = {nullptr, Add};
    const struct hcall_table table = {handlers, 2};
    Queue(1, 40, 2);
    struct vcpu_exit out;
    EXPECT_EQ(hcall_run(&v_, &table, &out), 1);
    EXPECT_EQ(out.reason, VCPU_EXIT_NOTHING);
    uint64_t ret = 0;
    ASSERT_EQ(vcpu_get_gpr(&v_, VCPU_ARCH_RETURN_GPR, &ret), VCPU_OK);
    EXPECT_EQ(ret, 42u);
}

TEST_F(HcallTest, NullArgumentsAreRejected)
{
    struct vcpu_exit out;
    EXPECT_EQ(hcall_run(&v_, nullptr, &out), VCPU_ERR_INVALID_ARG);
}

} // namespace
