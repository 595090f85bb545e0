// vcpu_kick (api.md §10): the current or next vcpu_run() returns promptly;
// kicks coalesce, are consumed by the first return and dropped by unbind.
#include "test_support.h"

#include <atomic>
#include <thread>

namespace vcpu_test
{
namespace
{

class KickTest : public VcpuTest
{
  protected:
    static struct vcpu_exit Hypercall()
    {
        struct vcpu_exit e = {};
        e.reason = VCPU_EXIT_HYPERCALL;
        e.hypercall.nr = 42;
        return e;
    }
};

TEST_F(KickTest, AKickBeforeTheRunReturnsNothingWithoutEnteringTheGuest)
{
    struct vcpu v = {};
    Reach(&v, VCPU_STATE_READY);
    struct vcpu_exit hc = Hypercall();
    ASSERT_EQ(vcpu_fake_queue_exit(&v, &hc), VCPU_OK);
    ASSERT_EQ(vcpu_inject_interrupt(&v, 7), VCPU_OK);
    uint64_t sent = vcpu_fake_kicks_sent(0);
    ASSERT_EQ(OnCpu(1, [&] { return vcpu_kick(&v); }), VCPU_OK);
    EXPECT_EQ(vcpu_fake_kicks_sent(0), sent); // not running: no interrupt needed
    struct vcpu_exit exit;
    ASSERT_EQ(vcpu_run(&v, &exit), VCPU_OK);
    EXPECT_EQ(exit.reason, VCPU_EXIT_NOTHING);
    uint32_t delivered[4];
    EXPECT_EQ(vcpu_fake_take_delivered(&v, delivered, 4), 0u); // no interrupt delivered
    EXPECT_EQ(vcpu_fake_pc(&v), 0x1000u);
    struct vcpu_stats stats;
    ASSERT_EQ(vcpu_stats(&v, &stats), VCPU_OK);
    EXPECT_EQ(stats.runs, 1u);
    EXPECT_EQ(stats.exits[VCPU_EXIT_NOTHING], 1u);
    // Not the first run: the entry may still move.
    EXPECT_EQ(vcpu_set_entry(&v, 0x2000), VCPU_OK);
    // The kick was consumed: the next run enters the guest.
    ASSERT_EQ(vcpu_run(&v, &exit), VCPU_OK);
    EXPECT_EQ(exit.reason, VCPU_EXIT_HYPERCALL);
    EXPECT_EQ(vcpu_fake_take_delivered(&v, delivered, 4), 1u);
    EXPECT_EQ(delivered[0], 7u);
}

TEST_F(KickTest, KicksCoalesce)
{
    struct vcpu v = {};
    Reach(&v, VCPU_STATE_READY);
    struct vcpu_exit hc = Hypercall();
    ASSERT_EQ(vcpu_fake_queue_exit(&v, &hc), VCPU_OK);
    for (int i = 0; i < 3; i++)
        ASSERT_EQ(vcpu_kick(&v), VCPU_OK);
    struct vcpu_exit exit;
    ASSERT_EQ(vcpu_run(&v, &exit), VCPU_OK);
    EXPECT_EQ(exit.reason, VCPU_EXIT_NOTHING);
    ASSERT_EQ(vcpu_run(&v, &exit), VCPU_OK);
    EXPECT_EQ(exit.reason, VCPU_EXIT_HYPERCALL);
}

TEST_F(KickTest, AKickWhileTheGuestRunsInterruptsTheOwnerAndReturnsNothing)
{
    struct vcpu v = {};
    Init(&v);
    ASSERT_EQ(vcpu_setup(&v, 0x1000, 0x2000, nullptr), VCPU_OK);
    ASSERT_EQ(OnCpu(1, [&] { return vcpu_bind(&v); }), VCPU_OK);
    struct vcpu_exit hc = Hypercall();
    ASSERT_EQ(vcpu_fake_queue_exit(&v, &hc), VCPU_OK);
    ASSERT_EQ(vcpu_fake_kick_while_running(&v), VCPU_OK);
    uint64_t sent = vcpu_fake_kicks_sent(1);
    struct vcpu_exit exit;
    ASSERT_EQ(OnCpu(1, [&] { return vcpu_run(&v, &exit); }), VCPU_OK);
    EXPECT_EQ(vcpu_fake_kicks_sent(1), sent + 1); // the owning CPU was interrupted
    EXPECT_EQ(exit.reason, VCPU_EXIT_NOTHING);    // the kick's interrupt exit
    ASSERT_EQ(OnCpu(1, [&] { return vcpu_run(&v, &exit); }), VCPU_OK);
    EXPECT_EQ(exit.reason, VCPU_EXIT_HYPERCALL); // consumed by that return
    ASSERT_EQ(OnCpu(1, [&] { return vcpu_unbind(&v); }), VCPU_OK);
}

TEST_F(KickTest, UnbindDropsAPendingKick)
{
    struct vcpu v = {};
    Reach(&v, VCPU_STATE_READY);
    struct vcpu_exit hc = Hypercall();
    ASSERT_EQ(vcpu_fake_queue_exit(&v, &hc), VCPU_OK);
    ASSERT_EQ(vcpu_kick(&v), VCPU_OK);
    ASSERT_EQ(vcpu_unbind(&v), VCPU_OK);
    ASSERT_EQ(vcpu_bind(&v), VCPU_OK);
    struct vcpu_exit exit;
    ASSERT_EQ(vcpu_run(&v, &exit), VCPU_OK);
    EXPECT_EQ(exit.reason, VCPU_EXIT_HYPERCALL);
}

TEST_F(KickTest, AKickedBlockedVcpuStaysBlocked)
{
    struct vcpu v = {};
    Reach(&v, VCPU_STATE_BLOCKED);
    struct vcpu_exit hc = Hypercall();
    ASSERT_EQ(vcpu_fake_queue_exit(&v, &hc), VCPU_OK);
    ASSERT_EQ(vcpu_kick(&v), VCPU_OK);
    EXPECT_EQ(vcpu_state(&v), VCPU_STATE_BLOCKED);
    ASSERT_EQ(vcpu_unblock(&v), VCPU_OK);
    struct vcpu_exit exit;
    ASSERT_EQ(vcpu_run(&v, &exit), VCPU_OK);
    EXPECT_EQ(exit.reason, VCPU_EXIT_NOTHING);
}

TEST_F(KickTest, KickNeedsABoundVcpu)
{
    EXPECT_EQ(vcpu_kick(nullptr), VCPU_ERR_INVALID_ARG);
    struct vcpu zero = {};
    EXPECT_EQ(vcpu_kick(&zero), VCPU_ERR_BAD_STATE);
    for (enum vcpu_state s : {VCPU_STATE_CREATED, VCPU_STATE_FREE, VCPU_STATE_INVALID}) {
        struct vcpu v = {};
        Reach(&v, s);
        EXPECT_EQ(vcpu_kick(&v), VCPU_ERR_BAD_STATE) << vcpu_state_name(s);
        EXPECT_EQ(vcpu_state(&v), s);
        TearDownVcpus();
    }
}

// A VMM thread runs the vCPU on CPU 0 while another CPU kicks it: every run
// returns, the last kick is seen by a run, and the owner is interrupted only
// while the vCPU runs.
TEST_F(KickTest, KicksFromAnotherCpuWhileRunning)
{
    struct vcpu v = {};
    Reach(&v, VCPU_STATE_READY);
    std::atomic<bool> stop{false};
    std::atomic<int> kicks{0};
    uint64_t sent = vcpu_fake_kicks_sent(0);
    std::thread kicker([&] {
        vcpu_fake_set_cpu_id(1);
        while (!stop.load()) {
            EXPECT_EQ(vcpu_kick(&v), VCPU_OK);
            kicks++;
        }
    });
    struct vcpu_exit exit;
    for (int i = 0; i < 20000; i++)
        ASSERT_EQ(vcpu_run(&v, &exit), VCPU_OK);
    stop = true;
    kicker.join();
    ASSERT_EQ(vcpu_kick(&v), VCPU_OK);
    ASSERT_EQ(vcpu_run(&v, &exit), VCPU_OK);
    EXPECT_EQ(exit.reason, VCPU_EXIT_NOTHING);
    EXPECT_LE(vcpu_fake_kicks_sent(0) - sent, (uint64_t)kicks.load());
}

} // namespace
} // namespace vcpu_test
