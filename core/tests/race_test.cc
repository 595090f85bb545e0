// Races that must end in a documented state (api.md §10), and the per-CPU
// and statistics rules.
#include "test_support.h"

#include <atomic>
#include <thread>

namespace vcpu_test
{
namespace
{

class RaceTest : public VcpuTest
{
};

// vcpu_block() on CPU 1 racing vcpu_unbind() on the owning CPU 0: either
// BLOCKED with unbind refused, or FREE with block refused; never FREE after
// a successful block (before, unbind overwrote BLOCKED with FREE).
TEST_F(RaceTest, BlockRacingUnbindEndsInOneDocumentedState)
{
    struct vcpu v = {};
    Reach(&v, VCPU_STATE_READY);
    int blocked_wins = 0, unbind_wins = 0;
    for (int i = 0; i < 500; i++) {
        std::atomic<int> go{0};
        int block_rc = 1;
        std::thread blocker([&] {
            vcpu_fake_set_cpu_id(1);
            go++;
            while (go.load() < 2) {
            }
            block_rc = vcpu_block(&v);
        });
        go++;
        while (go.load() < 2) {
        }
        int unbind_rc = vcpu_unbind(&v);
        blocker.join();
        enum vcpu_state s = vcpu_state(&v);
        if (block_rc == VCPU_OK) {
            ASSERT_EQ(unbind_rc, VCPU_ERR_BAD_STATE) << i;
            ASSERT_EQ(s, VCPU_STATE_BLOCKED) << i;
            blocked_wins++;
            ASSERT_EQ(vcpu_unblock(&v), VCPU_OK);
        } else {
            ASSERT_EQ(block_rc, VCPU_ERR_BAD_STATE) << i;
            ASSERT_EQ(unbind_rc, VCPU_OK) << i;
            ASSERT_EQ(s, VCPU_STATE_FREE) << i;
            unbind_wins++;
            ASSERT_EQ(vcpu_bind(&v), VCPU_OK);
        }
    }
    EXPECT_EQ(blocked_wins + unbind_wins, 500);
}

class PercpuRulesTest : public VcpuTest
{
};

// Before: re-initialising an enabled object reset its bound count (a later
// unbind underflowed it) and, on svm, the host save area.
TEST_F(PercpuRulesTest, InitOfAnEnabledObjectIsBusyAndChangesNothing)
{
    struct vcpu v = {};
    Reach(&v, VCPU_STATE_READY);
    EXPECT_EQ(vcpu_percpu_init(&cpus_[0], 0), VCPU_ERR_BUSY);
    EXPECT_EQ(vcpu_percpu_init(&cpus_[0], 5), VCPU_ERR_BUSY);
    EXPECT_TRUE(vcpu_percpu_is_enabled(&cpus_[0]));
    EXPECT_EQ(vcpu_percpu_hardware_disable(&cpus_[0]), VCPU_ERR_BUSY); // still counts v
    ASSERT_EQ(vcpu_unbind(&v), VCPU_OK);
    EXPECT_EQ(vcpu_percpu_hardware_disable(&cpus_[0]), VCPU_OK);
}

TEST_F(PercpuRulesTest, AnotherObjectForAnEnabledCpuIsBusy)
{
    static struct vcpu_percpu other = {};
    EXPECT_EQ(vcpu_percpu_init(&other, 1), VCPU_ERR_BUSY);
    EXPECT_FALSE(vcpu_percpu_is_enabled(&other));
}

TEST_F(PercpuRulesTest, AfterDisableTheObjectMayBeInitialisedAndEnabledAgain)
{
    ASSERT_EQ(vcpu_percpu_hardware_disable(&cpus_[0]), VCPU_OK);
    ASSERT_EQ(vcpu_percpu_init(&cpus_[0], 0), VCPU_OK);
    ASSERT_EQ(vcpu_percpu_hardware_enable(&cpus_[0]), VCPU_OK);
    struct vcpu v = {};
    Reach(&v, VCPU_STATE_READY);
    EXPECT_EQ(vcpu_owner_cpu(&v), 0);
}

TEST_F(PercpuRulesTest, AnObjectMovedToAnotherCpuLeavesItsOldOne)
{
    static struct vcpu_percpu moving = {};
    ASSERT_EQ(vcpu_percpu_init(&moving, 7), VCPU_OK);
    ASSERT_EQ(OnCpu(7, [&] { return vcpu_percpu_hardware_enable(&moving); }), VCPU_OK);
    ASSERT_EQ(OnCpu(7, [&] { return vcpu_percpu_hardware_disable(&moving); }), VCPU_OK);
    ASSERT_EQ(vcpu_percpu_init(&moving, 9), VCPU_OK);
    // CPU 7 has no per-CPU state any more; enabling through the object acts
    // for CPU 9 only.
    EXPECT_EQ(OnCpu(7, [&] { return vcpu_percpu_hardware_enable(&moving); }), VCPU_ERR_WRONG_CPU);
    struct vcpu v = {};
    Reach(&v, VCPU_STATE_FREE);
    EXPECT_EQ(OnCpu(7, [&] { return vcpu_bind(&v); }), VCPU_ERR_NOT_ENABLED);
}

class StatsRulesTest : public VcpuTest
{
};

TEST_F(StatsRulesTest, ResetOnTheOwnerOrWhileUnowned)
{
    struct vcpu v = {};
    Reach(&v, VCPU_STATE_READY);
    struct vcpu_exit exit;
    ASSERT_EQ(vcpu_run(&v, &exit), VCPU_OK);
    EXPECT_EQ(OnCpu(1, [&] { return vcpu_stats_reset(&v); }), VCPU_ERR_WRONG_CPU);
    struct vcpu_stats stats;
    ASSERT_EQ(vcpu_stats(&v, &stats), VCPU_OK);
    EXPECT_EQ(stats.runs, 1u);
    ASSERT_EQ(vcpu_block(&v), VCPU_OK);
    EXPECT_EQ(OnCpu(1, [&] { return vcpu_stats_reset(&v); }), VCPU_ERR_WRONG_CPU);
    ASSERT_EQ(vcpu_unblock(&v), VCPU_OK);
    EXPECT_EQ(vcpu_stats_reset(&v), VCPU_OK);
    ASSERT_EQ(vcpu_run(&v, &exit), VCPU_OK);
    ASSERT_EQ(vcpu_unbind(&v), VCPU_OK);
    EXPECT_EQ(OnCpu(1, [&] { return vcpu_stats_reset(&v); }), VCPU_OK); // FREE: any CPU
    ASSERT_EQ(vcpu_stats(&v, &stats), VCPU_OK);
    EXPECT_EQ(stats.runs, 0u);
}

} // namespace
} // namespace vcpu_test
