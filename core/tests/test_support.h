// Shared fixture for the host suites: two enabled physical CPUs (0 and 1) and
// helpers that drive a vCPU into any reachable state through the public API.
#ifndef VCPU_CORE_TESTS_TEST_SUPPORT_H
#define VCPU_CORE_TESTS_TEST_SUPPORT_H

#include <gtest/gtest.h>

#include <vcpu/fake.h>
#include <vcpu/vcpu.h>

#include <vector>

namespace vcpu_test
{

constexpr uint32_t kCpus = 2;

// Runs `fn` with the calling thread acting as physical CPU `cpu`, then returns
// to acting as CPU 0.
template <typename Fn> auto OnCpu(uint32_t cpu, Fn fn) -> decltype(fn())
{
    EXPECT_EQ(vcpu_fake_set_cpu_id(cpu), VCPU_OK);
    struct Restore {
        ~Restore()
        {
            vcpu_fake_set_cpu_id(0);
        }
    } restore;
    return fn();
}

class VcpuTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        ASSERT_EQ(vcpu_fake_set_cpu_id(0), VCPU_OK);
        for (uint32_t c = 0; c < kCpus; c++) {
            ASSERT_EQ(vcpu_percpu_init(&cpus_[c], c), VCPU_OK);
            ASSERT_EQ(OnCpu(c, [&] { return vcpu_percpu_hardware_enable(&cpus_[c]); }), VCPU_OK);
        }
    }

    // Unbinds every vCPU made with Init()/Reach() and forgets them.
    void TearDownVcpus()
    {
        for (struct vcpu *v : tracked_) {
            if (vcpu_state(v) == VCPU_STATE_BLOCKED)
                vcpu_unblock(v);
            int owner = vcpu_owner_cpu(v);
            if (vcpu_state(v) == VCPU_STATE_READY && owner >= 0)
                EXPECT_EQ(OnCpu(owner, [&] { return vcpu_unbind(v); }), VCPU_OK);
        }
        tracked_.clear();
    }

    void TearDown() override
    {
        TearDownVcpus();
        for (uint32_t c = 0; c < kCpus; c++) {
            if (vcpu_percpu_is_enabled(&cpus_[c]))
                EXPECT_EQ(OnCpu(c, [&] { return vcpu_percpu_hardware_disable(&cpus_[c]); }),
                          VCPU_OK);
        }
        vcpu_fake_set_cpu_id(0);
    }

    // Initializes `v` (vm 1, id `id`, any CPU) and remembers it for teardown.
    void Init(struct vcpu *v, vcpu_id_t id = 0)
    {
        ASSERT_EQ(vcpu_init(v, 1, id, -1, 0, nullptr), VCPU_OK);
        tracked_.push_back(v);
    }

    // Drives a freshly initialized `v` to `state` on CPU 0.
    void Reach(struct vcpu *v, enum vcpu_state state)
    {
        Init(v);
        if (state == VCPU_STATE_CREATED)
            return;
        if (state == VCPU_STATE_INVALID) {
            ASSERT_EQ(vcpu_fake_fail_next(v), VCPU_OK);
            ASSERT_EQ(vcpu_setup(v, 0x1000, 0x2000, nullptr), VCPU_ERR_HARDWARE);
            return;
        }
        ASSERT_EQ(vcpu_setup(v, 0x1000, 0x2000, nullptr), VCPU_OK);
        if (state == VCPU_STATE_FREE)
            return;
        ASSERT_EQ(vcpu_bind(v), VCPU_OK);
        if (state == VCPU_STATE_BLOCKED)
            ASSERT_EQ(vcpu_block(v), VCPU_OK);
    }

    // Static: the library's per-CPU registry keeps pointers to them.
    static inline struct vcpu_percpu cpus_[kCpus] = {};
    std::vector<struct vcpu *> tracked_;
};

} // namespace vcpu_test

#endif // VCPU_CORE_TESTS_TEST_SUPPORT_H
