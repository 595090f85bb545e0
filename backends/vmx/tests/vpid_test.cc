// Host tests of the VPID pool: VPIDs are unique among live vCPUs, 0 (the
// host's) is never handed out, a freed VPID is reused, and a full pool says
// so instead of wrapping around onto a live vCPU's VPID.
#include <gtest/gtest.h>

#include <memory>
#include <set>

extern "C" {
#include "backends/vmx/vpid.h"
}

namespace
{

TEST(VmxVpid, UniqueNeverZeroAndReused)
{
    auto pool = std::make_unique<vmx_vpid_pool>();
    *pool = {};
    EXPECT_EQ(vmx_vpid_alloc(pool.get()), 1u);
    EXPECT_EQ(vmx_vpid_alloc(pool.get()), 2u);
    EXPECT_EQ(vmx_vpid_alloc(pool.get()), 3u);
    vmx_vpid_free(pool.get(), 2);
    EXPECT_EQ(vmx_vpid_alloc(pool.get()), 2u);
    vmx_vpid_free(pool.get(), 0); // ignored
    EXPECT_EQ(vmx_vpid_alloc(pool.get()), 4u);
}

TEST(VmxVpid, FullPoolNeverAliases)
{
    auto pool = std::make_unique<vmx_vpid_pool>();
    *pool = {};
    std::set<uint16_t> seen;
    for (uint32_t i = 0; i < VMX_VPID_MAX; i++) {
        uint16_t v = vmx_vpid_alloc(pool.get());
        ASSERT_NE(v, 0u);
        ASSERT_TRUE(seen.insert(v).second) << v;
    }
    EXPECT_EQ(vmx_vpid_alloc(pool.get()), 0u); // full: no VPID of a live vCPU
    vmx_vpid_free(pool.get(), 0x1234);
    EXPECT_EQ(vmx_vpid_alloc(pool.get()), 0x1234u);
    EXPECT_EQ(vmx_vpid_alloc(pool.get()), 0u);
}

} // namespace
