// The vCPU registry the core keeps for backends (vcpu_core_find_vcpu()):
// vcpu_init() records a vCPU under (VM id, hardware id), re-initialization
// removes the old record, a failed init leaves none, and a full registry
// makes vcpu_init() fail with VCPU_ERR_BUSY without touching anything. On the
// fake backend the hardware id is the vCPU id.
#include "test_support.h"

#include <vcpu/arch.h>

#include <cstring>

namespace
{

using vcpu_test::VcpuTest;

class RegistryTest : public VcpuTest
{
};

TEST_F(RegistryTest, LookupByVmAndHardwareId)
{
    struct vcpu a = {}, b = {}, c = {};
    ASSERT_EQ(vcpu_init(&a, 50, 0, -1, 0, nullptr), VCPU_OK);
    ASSERT_EQ(vcpu_init(&b, 50, 1, -1, 0, nullptr), VCPU_OK);
    ASSERT_EQ(vcpu_init(&c, 51, 0, -1, 0, nullptr), VCPU_OK);
    tracked_.insert(tracked_.end(), {&a, &b, &c});
    EXPECT_EQ(vcpu_arch_hw_id(&b), 1u);
    EXPECT_EQ(vcpu_core_find_vcpu(50, 0), &a);
    EXPECT_EQ(vcpu_core_find_vcpu(50, 1), &b);
    EXPECT_EQ(vcpu_core_find_vcpu(51, 0), &c);
    EXPECT_EQ(vcpu_core_find_vcpu(50, 2), nullptr);
    EXPECT_EQ(vcpu_core_find_vcpu(52, 0), nullptr);
}

TEST_F(RegistryTest, FoundInEveryStateBoundOnlyWhileBound)
{
    struct vcpu v = {};
    ASSERT_EQ(vcpu_init(&v, 53, 4, -1, 0, nullptr), VCPU_OK);
    tracked_.push_back(&v);
    const struct vcpu *found = vcpu_core_find_vcpu(53, 4);
    ASSERT_EQ(found, &v);
    EXPECT_FALSE(vcpu_core_is_bound(found)); // CREATED
    ASSERT_EQ(vcpu_setup(&v, 0x1000, 0x2000, nullptr), VCPU_OK);
    EXPECT_FALSE(vcpu_core_is_bound(found)); // FREE
    ASSERT_EQ(vcpu_bind(&v), VCPU_OK);
    EXPECT_TRUE(vcpu_core_is_bound(found)); // READY
    ASSERT_EQ(vcpu_block(&v), VCPU_OK);
    EXPECT_TRUE(vcpu_core_is_bound(found)); // BLOCKED
    ASSERT_EQ(vcpu_unblock(&v), VCPU_OK);
    ASSERT_EQ(vcpu_unbind(&v), VCPU_OK);
    EXPECT_FALSE(vcpu_core_is_bound(found));
    // INVALID after a backend failure: still recorded, not bound.
    ASSERT_EQ(vcpu_bind(&v), VCPU_OK);
    ASSERT_EQ(vcpu_fake_fail_next(&v), VCPU_OK);
    ASSERT_EQ(vcpu_unbind(&v), VCPU_ERR_HARDWARE);
    EXPECT_EQ(vcpu_core_find_vcpu(53, 4), &v);
    EXPECT_FALSE(vcpu_core_is_bound(found));
    EXPECT_FALSE(vcpu_core_is_bound(nullptr));
}

TEST_F(RegistryTest, DestroyRemovesTheRecord)
{
    struct vcpu v = {};
    ASSERT_EQ(vcpu_init(&v, 54, 0, -1, 0, nullptr), VCPU_OK);
    EXPECT_EQ(vcpu_core_find_vcpu(54, 0), &v);
    ASSERT_EQ(vcpu_destroy(&v), VCPU_OK);
    EXPECT_EQ(vcpu_core_find_vcpu(54, 0), nullptr);
    ASSERT_EQ(vcpu_init(&v, 55, 3, -1, 0, nullptr), VCPU_OK);
    EXPECT_EQ(vcpu_core_find_vcpu(55, 3), &v);
    // Re-initializing a live vCPU is refused and keeps its record.
    EXPECT_EQ(vcpu_init(&v, 56, 0, -1, 0, nullptr), VCPU_ERR_BAD_STATE);
    EXPECT_EQ(vcpu_core_find_vcpu(55, 3), &v);
    EXPECT_EQ(vcpu_core_find_vcpu(56, 0), nullptr);
    // A failed init leaves no record; destroy then recycles the memory.
    ASSERT_EQ(vcpu_destroy(&v), VCPU_OK);
    ASSERT_EQ(vcpu_fake_fail_next(&v), VCPU_OK);
    ASSERT_EQ(vcpu_init(&v, 56, 0, -1, 0, nullptr), VCPU_ERR_HARDWARE);
    EXPECT_EQ(vcpu_core_find_vcpu(55, 3), nullptr);
    EXPECT_EQ(vcpu_core_find_vcpu(56, 0), nullptr);
    ASSERT_EQ(vcpu_destroy(&v), VCPU_OK);
    ASSERT_EQ(vcpu_init(&v, 56, 0, -1, 0, nullptr), VCPU_OK);
    EXPECT_EQ(vcpu_core_find_vcpu(56, 0), &v);
    ASSERT_EQ(vcpu_destroy(&v), VCPU_OK);
}

TEST_F(RegistryTest, ALaterVcpuWithTheSameKeyReplacesTheEarlier)
{
    struct vcpu a = {}, b = {};
    ASSERT_EQ(vcpu_init(&a, 57, 1, -1, 0, nullptr), VCPU_OK);
    ASSERT_EQ(vcpu_init(&b, 57, 1, -1, 0, nullptr), VCPU_OK);
    EXPECT_EQ(vcpu_core_find_vcpu(57, 1), &b);
    // a's record is gone: destroying b leaves nothing at the key, and
    // destroying a (which lost its record) changes nothing.
    ASSERT_EQ(vcpu_destroy(&b), VCPU_OK);
    EXPECT_EQ(vcpu_core_find_vcpu(57, 1), nullptr);
    ASSERT_EQ(vcpu_destroy(&a), VCPU_OK);
    EXPECT_EQ(vcpu_core_find_vcpu(57, 1), nullptr);
}

TEST_F(RegistryTest, FullRegistryFailsInitWithBusyAndTouchesNothing)
{
    // Fill the registry with fresh keys: other tests of this program may
    // hold some records, so count how many fit.
    static struct vcpu filler[VCPU_MAX_VCPUS];
    unsigned n = 0;
    while (n < VCPU_MAX_VCPUS && vcpu_init(&filler[n], 60, n, -1, 0, nullptr) == VCPU_OK)
        n++;
    ASSERT_GT(n, 1u);
    ASSERT_LT(n, VCPU_MAX_VCPUS) << "records of the other tests";
    // The registry is full now: n + the others = VCPU_MAX_VCPUS.
    static struct vcpu extra;
    memset(&extra, 0, sizeof(extra));
    struct vcpu before;
    memcpy(&before, &extra, sizeof(extra));
    EXPECT_EQ(vcpu_init(&extra, 61, 0, -1, 0, nullptr), VCPU_ERR_BUSY);
    EXPECT_EQ(memcmp(&before, &extra, sizeof(extra)), 0); // not touched
    EXPECT_EQ(vcpu_core_find_vcpu(61, 0), nullptr);
    // Argument errors still come first.
    EXPECT_EQ(vcpu_init(&extra, 61, 0, 64, 0, nullptr), VCPU_ERR_INVALID_ARG);
    // Destroying one frees its record for a new vCPU.
    ASSERT_EQ(vcpu_destroy(&filler[0]), VCPU_OK);
    EXPECT_EQ(vcpu_core_find_vcpu(60, 0), nullptr);
    ASSERT_EQ(vcpu_init(&extra, 61, 0, -1, 0, nullptr), VCPU_OK);
    EXPECT_EQ(vcpu_core_find_vcpu(61, 0), &extra);
    EXPECT_EQ(vcpu_state(&extra), VCPU_STATE_CREATED);
    EXPECT_EQ(vcpu_init(&filler[0], 62, 0, -1, 0, nullptr), VCPU_ERR_BUSY);
    // Free every record again for the other tests.
    for (unsigned i = 1; i < n; i++)
        ASSERT_EQ(vcpu_destroy(&filler[i]), VCPU_OK);
    ASSERT_EQ(vcpu_destroy(&extra), VCPU_OK);
}

} // namespace
