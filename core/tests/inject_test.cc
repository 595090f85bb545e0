// Interrupt injection: range, states, delivery at entry, the full queue, and
// several threads acting as foreign CPUs injecting while the owner runs.
#include "test_support.h"

#include <atomic>
#include <thread>
#include <vector>

namespace vcpu_test
{
namespace
{

class InjectTest : public VcpuTest
{
  protected:
    // Runs `v` once and returns the vectors delivered at that entry.
    std::vector<uint32_t> RunAndTake(struct vcpu *v)
    {
        struct vcpu_exit exit;
        EXPECT_EQ(vcpu_run(v, &exit), VCPU_OK);
        return TakeAll(v);
    }

    std::vector<uint32_t> TakeAll(struct vcpu *v)
    {
        std::vector<uint32_t> out(VCPU_FAKE_DELIVERED_MAX);
        out.resize(vcpu_fake_take_delivered(v, out.data(), out.size()));
        return out;
    }
};

TEST_F(InjectTest, VectorRange)
{
    struct vcpu v = {};
    Reach(&v, VCPU_STATE_READY);
    EXPECT_EQ(vcpu_inject_interrupt(&v, VCPU_ARCH_VECTOR_MIN), VCPU_OK);
    EXPECT_EQ(vcpu_inject_interrupt(&v, 255), VCPU_OK);
    EXPECT_EQ(vcpu_inject_interrupt(&v, 256), VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(vcpu_inject_interrupt(&v, 0xffffffffu), VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(RunAndTake(&v), (std::vector<uint32_t>{0, 255}));
}

TEST_F(InjectTest, AcceptedBeforeTheFirstRunAndDeliveredAtEntry)
{
    struct vcpu v = {};
    Init(&v);
    EXPECT_EQ(vcpu_inject_interrupt(&v, 10), VCPU_OK); // CREATED
    ASSERT_EQ(vcpu_setup(&v, 0, 0, nullptr), VCPU_OK);
    EXPECT_EQ(vcpu_inject_interrupt(&v, 11), VCPU_OK); // FREE
    ASSERT_EQ(vcpu_bind(&v), VCPU_OK);
    ASSERT_EQ(vcpu_block(&v), VCPU_OK);
    EXPECT_EQ(vcpu_inject_interrupt(&v, 12), VCPU_OK); // BLOCKED
    EXPECT_TRUE(TakeAll(&v).empty()) << "delivered before an entry";
    ASSERT_EQ(vcpu_unblock(&v), VCPU_OK);
    EXPECT_EQ(vcpu_inject_interrupt(&v, 13), VCPU_OK); // READY
    EXPECT_EQ(RunAndTake(&v), (std::vector<uint32_t>{10, 11, 12, 13}));
    EXPECT_TRUE(RunAndTake(&v).empty()) << "delivered twice";
}

TEST_F(InjectTest, FullQueueIsBusyAndQueuesNothing)
{
    struct vcpu v = {};
    Reach(&v, VCPU_STATE_READY);
    for (uint32_t i = 0; i < VCPU_IRQ_QUEUE_SIZE; i++)
        ASSERT_EQ(vcpu_inject_interrupt(&v, i), VCPU_OK) << i;
    EXPECT_EQ(vcpu_inject_interrupt(&v, 200), VCPU_ERR_BUSY);
    EXPECT_EQ(vcpu_inject_interrupt(&v, 201), VCPU_ERR_BUSY);
    std::vector<uint32_t> delivered = RunAndTake(&v);
    ASSERT_EQ(delivered.size(), VCPU_IRQ_QUEUE_SIZE);
    for (uint32_t i = 0; i < VCPU_IRQ_QUEUE_SIZE; i++)
        EXPECT_EQ(delivered[i], i);
    // Room again after the entry drained the queue.
    EXPECT_EQ(vcpu_inject_interrupt(&v, 202), VCPU_OK);
    EXPECT_EQ(RunAndTake(&v), (std::vector<uint32_t>{202}));
}

TEST_F(InjectTest, BackendWithoutRoomKeepsTheRestQueued)
{
    struct vcpu v = {};
    Reach(&v, VCPU_STATE_READY);
    struct vcpu_exit exit;
    // Fill the fake's delivered log without taking it.
    uint32_t sent = 0;
    while (sent < VCPU_FAKE_DELIVERED_MAX + 10) {
        for (uint32_t i = 0; i < 32; i++, sent++)
            ASSERT_EQ(vcpu_inject_interrupt(&v, sent % 256), VCPU_OK);
        ASSERT_EQ(vcpu_run(&v, &exit), VCPU_OK);
    }
    std::vector<uint32_t> got = TakeAll(&v);
    EXPECT_EQ(got.size(), VCPU_FAKE_DELIVERED_MAX);
    // The rest arrive at the next entry, in order.
    std::vector<uint32_t> rest = RunAndTake(&v);
    got.insert(got.end(), rest.begin(), rest.end());
    ASSERT_EQ(got.size(), sent);
    for (uint32_t i = 0; i < sent; i++)
        EXPECT_EQ(got[i], i % 256) << i;
}

TEST_F(InjectTest, InvalidVcpuRefusesInjection)
{
    struct vcpu v = {};
    Reach(&v, VCPU_STATE_INVALID);
    EXPECT_EQ(vcpu_inject_interrupt(&v, 1), VCPU_ERR_BAD_STATE);
}

// Producer k (acting as CPU k + 1) injects the vectors 64k + (i mod 64) for
// i = 0, 1, ..., retrying on BUSY. The owner runs the vCPU until everything
// arrived; each producer's vectors must arrive exactly once and in order.
TEST_F(InjectTest, ForeignCpusInjectConcurrentlyExactlyOnceInOrder)
{
    constexpr uint32_t kProducers = 4;
    constexpr uint32_t kPerProducer = 20000;
    struct vcpu v = {};
    Reach(&v, VCPU_STATE_READY);

    std::atomic<uint32_t> busy_seen{0};
    std::vector<std::thread> producers;
    for (uint32_t k = 0; k < kProducers; k++) {
        producers.emplace_back([&, k] {
            vcpu_fake_set_cpu_id(k + 1);
            for (uint32_t i = 0; i < kPerProducer;) {
                int rc = vcpu_inject_interrupt(&v, 64 * k + i % 64);
                if (rc == VCPU_OK) {
                    i++;
                } else {
                    ASSERT_EQ(rc, VCPU_ERR_BUSY);
                    busy_seen++;
                    std::this_thread::yield();
                }
            }
        });
    }

    uint32_t received[kProducers] = {};
    uint32_t total = 0;
    std::vector<uint32_t> batch(VCPU_FAKE_DELIVERED_MAX);
    struct vcpu_exit exit;
    while (total < kProducers * kPerProducer) {
        ASSERT_EQ(vcpu_run(&v, &exit), VCPU_OK);
        size_t n = vcpu_fake_take_delivered(&v, batch.data(), batch.size());
        for (size_t j = 0; j < n; j++) {
            uint32_t k = batch[j] / 64;
            ASSERT_LT(k, kProducers);
            ASSERT_EQ(batch[j] % 64, received[k] % 64)
                << "producer " << k << " out of order at " << received[k];
            received[k]++;
            total++;
        }
    }
    for (std::thread &t : producers)
        t.join();
    ASSERT_EQ(vcpu_run(&v, &exit), VCPU_OK);
    EXPECT_EQ(vcpu_fake_take_delivered(&v, batch.data(), batch.size()), 0u) << "duplicates";
    for (uint32_t k = 0; k < kProducers; k++)
        EXPECT_EQ(received[k], kPerProducer) << "producer " << k;
}

// Trigger modes: edge is vcpu_inject_interrupt(); the fake delivers level
// injections (logged with VCPU_FAKE_DELIVERED_LEVEL), in queue order.
TEST_F(InjectTest, TriggerModes)
{
    struct vcpu v = {};
    Reach(&v, VCPU_STATE_READY);
    ASSERT_EQ(vcpu_inject_interrupt_trigger(&v, 5, VCPU_TRIGGER_LEVEL), VCPU_OK);
    ASSERT_EQ(vcpu_inject_interrupt_trigger(&v, 6, VCPU_TRIGGER_EDGE), VCPU_OK);
    ASSERT_EQ(vcpu_inject_interrupt(&v, 7), VCPU_OK);
    EXPECT_EQ(vcpu_inject_interrupt_trigger(&v, 8, (enum vcpu_trigger_mode)2),
              VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(vcpu_inject_interrupt_trigger(&v, 300, VCPU_TRIGGER_LEVEL), VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(vcpu_inject_interrupt_trigger(nullptr, 5, VCPU_TRIGGER_LEVEL), VCPU_ERR_INVALID_ARG);
    struct vcpu_exit exit;
    ASSERT_EQ(vcpu_run(&v, &exit), VCPU_OK);
    uint32_t got[4];
    ASSERT_EQ(vcpu_fake_take_delivered(&v, got, 4), 3u);
    EXPECT_EQ(got[0], 5u | VCPU_FAKE_DELIVERED_LEVEL);
    EXPECT_EQ(got[1], 6u);
    EXPECT_EQ(got[2], 7u);
}

} // namespace
} // namespace vcpu_test
