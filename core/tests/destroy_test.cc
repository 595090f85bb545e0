// vcpu_destroy and the init rule of api.md §10: init only on zeroed or
// destroyed memory; destroy releases a vCPU in CREATED/FREE/INVALID.
#include "test_support.h"

namespace vcpu_test
{
namespace
{

class DestroyTest : public VcpuTest
{
};

TEST_F(DestroyTest, DestroyLeavesZeroedMemoryThatInitAccepts)
{
    for (enum vcpu_state s : {VCPU_STATE_CREATED, VCPU_STATE_FREE, VCPU_STATE_INVALID}) {
        struct vcpu v = {};
        Reach(&v, s);
        ASSERT_EQ(vcpu_destroy(&v), VCPU_OK) << vcpu_state_name(s);
        EXPECT_EQ(vcpu_state(&v), VCPU_STATE_INVALID);
        EXPECT_EQ(vcpu_vm_id(&v), 0u);
        EXPECT_EQ(vcpu_owner_cpu(&v), VCPU_NO_CPU);
        struct vcpu zero = {};
        EXPECT_EQ(memcmp(&v, &zero, sizeof(v)), 0) << vcpu_state_name(s);
        ASSERT_EQ(vcpu_init(&v, 9, 3, -1, 0, nullptr), VCPU_OK);
        EXPECT_EQ(vcpu_vm_id(&v), 9u);
        EXPECT_EQ(vcpu_destroy(&v), VCPU_OK);
        TearDownVcpus();
    }
}

TEST_F(DestroyTest, DestroyOfZeroedOrDestroyedMemoryDoesNothing)
{
    struct vcpu v = {};
    EXPECT_EQ(vcpu_destroy(&v), VCPU_OK);
    EXPECT_EQ(vcpu_destroy(&v), VCPU_OK);
    EXPECT_EQ(vcpu_destroy(nullptr), VCPU_ERR_INVALID_ARG);
    Init(&v);
    EXPECT_EQ(vcpu_destroy(&v), VCPU_OK);
    EXPECT_EQ(vcpu_destroy(&v), VCPU_OK);
    EXPECT_EQ(vcpu_state(&v), VCPU_STATE_INVALID);
}

TEST_F(DestroyTest, DestroyOfABoundVcpuIsBadStateAndKeepsIt)
{
    for (enum vcpu_state s : {VCPU_STATE_READY, VCPU_STATE_BLOCKED}) {
        struct vcpu v = {};
        Reach(&v, s);
        EXPECT_EQ(vcpu_destroy(&v), VCPU_ERR_BAD_STATE) << vcpu_state_name(s);
        EXPECT_EQ(vcpu_state(&v), s);
        EXPECT_EQ(vcpu_owner_cpu(&v), 0);
        TearDownVcpus();
    }
}

TEST_F(DestroyTest, DestroyNeverFailsForTheBackend)
{
    struct vcpu v = {};
    Reach(&v, VCPU_STATE_FREE);
    ASSERT_EQ(vcpu_fake_fail_next(&v), VCPU_OK);
    EXPECT_EQ(vcpu_destroy(&v), VCPU_OK);
    EXPECT_EQ(vcpu_state(&v), VCPU_STATE_INVALID);
    // The request did not survive the destroy either.
    ASSERT_EQ(vcpu_init(&v, 1, 0, -1, 0, nullptr), VCPU_OK);
    EXPECT_EQ(vcpu_setup(&v, 0x1000, 0x2000, nullptr), VCPU_OK);
}

// Before: init on a bound vCPU reset its owner but not the CPU's count of
// bound vCPUs, so that CPU could never be disabled again.
TEST_F(DestroyTest, InitOfALiveVcpuIsBadStateAndChangesNothing)
{
    for (enum vcpu_state s : {VCPU_STATE_CREATED, VCPU_STATE_FREE, VCPU_STATE_READY,
                              VCPU_STATE_BLOCKED, VCPU_STATE_INVALID}) {
        struct vcpu v = {};
        Reach(&v, s);
        EXPECT_EQ(vcpu_init(&v, 5, 4, -1, 0, nullptr), VCPU_ERR_BAD_STATE) << vcpu_state_name(s);
        EXPECT_EQ(vcpu_state(&v), s);
        EXPECT_EQ(vcpu_vm_id(&v), 1u);
        TearDownVcpus();
        EXPECT_EQ(vcpu_destroy(&v), VCPU_OK);
    }
    // Every vCPU bound above was unbound, so the CPU can be disabled.
    EXPECT_EQ(vcpu_percpu_hardware_disable(&cpus_[0]), VCPU_OK);
}

TEST_F(DestroyTest, InitOnGarbageThatLooksLiveIsRefused)
{
    struct vcpu v = {};
    memset(&v, 0, sizeof(v));
    v.state = VCPU_STATE_READY; // what a stale, still bound vCPU holds
    EXPECT_EQ(vcpu_init(&v, 1, 0, -1, 0, nullptr), VCPU_ERR_BAD_STATE);
}

} // namespace
} // namespace vcpu_test
