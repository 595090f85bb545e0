// Physical-CPU rules: per-CPU enable/disable, the registry vcpu_bind()
// checks, calls from a CPU that does not own the vCPU, and the current vCPU.
#include "test_support.h"

namespace vcpu_test
{
namespace
{

class PercpuTest : public VcpuTest
{
};

TEST_F(PercpuTest, InitArguments)
{
    static struct vcpu_percpu p;
    EXPECT_GE(VCPU_MAX_CPUS, 64u);
    EXPECT_EQ(vcpu_percpu_init(nullptr, 0), VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(vcpu_percpu_init(&p, VCPU_MAX_CPUS), VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(vcpu_percpu_init(&p, VCPU_MAX_CPUS - 1), VCPU_OK);
    EXPECT_FALSE(vcpu_percpu_is_enabled(&p));
    EXPECT_FALSE(vcpu_percpu_is_enabled(nullptr));
}

TEST_F(PercpuTest, InitRefusesToReplaceAnEnabledCpu)
{
    static struct vcpu_percpu other;
    EXPECT_EQ(vcpu_percpu_init(&other, 0), VCPU_ERR_BUSY);
    EXPECT_TRUE(vcpu_percpu_is_enabled(&cpus_[0]));
}

TEST_F(PercpuTest, EnableDisableRules)
{
    static struct vcpu_percpu p;
    ASSERT_EQ(vcpu_percpu_init(&p, 5), VCPU_OK);
    // Only CPU 5 may act on it.
    EXPECT_EQ(vcpu_percpu_hardware_enable(&p), VCPU_ERR_WRONG_CPU);
    EXPECT_FALSE(vcpu_percpu_is_enabled(&p));
    OnCpu(5, [&] {
        EXPECT_EQ(vcpu_percpu_hardware_disable(&p), VCPU_ERR_NOT_ENABLED);
        EXPECT_EQ(vcpu_percpu_hardware_enable(&p), VCPU_OK);
        EXPECT_TRUE(vcpu_percpu_is_enabled(&p));
        EXPECT_EQ(vcpu_percpu_hardware_enable(&p), VCPU_ERR_BUSY);
        EXPECT_TRUE(vcpu_percpu_is_enabled(&p));
    });
    EXPECT_EQ(vcpu_percpu_hardware_disable(&p), VCPU_ERR_WRONG_CPU);
    OnCpu(5, [&] {
        EXPECT_EQ(vcpu_percpu_hardware_disable(&p), VCPU_OK);
        EXPECT_FALSE(vcpu_percpu_is_enabled(&p));
        EXPECT_EQ(vcpu_percpu_hardware_disable(&p), VCPU_ERR_NOT_ENABLED);
    });
}

TEST_F(PercpuTest, UnregisteredStateIsInvalidArgument)
{
    static struct vcpu_percpu never_initialized;
    never_initialized.cpu_id = 9;
    EXPECT_EQ(vcpu_percpu_hardware_enable(&never_initialized), VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(vcpu_percpu_hardware_enable(nullptr), VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(vcpu_percpu_hardware_disable(nullptr), VCPU_ERR_INVALID_ARG);
}

TEST_F(PercpuTest, EnableWithoutTheExtensionIsNotSupportedAndUntouched)
{
    static struct vcpu_percpu p;
    ASSERT_EQ(vcpu_percpu_init(&p, 6), VCPU_OK);
    ASSERT_EQ(vcpu_fake_percpu_set_supported(&p, false), VCPU_OK);
    OnCpu(6, [&] {
        EXPECT_EQ(vcpu_percpu_hardware_enable(&p), VCPU_ERR_NOT_SUPPORTED);
        EXPECT_FALSE(vcpu_percpu_is_enabled(&p));
        EXPECT_EQ(p.arch.hw_on, 0u);
    });
}

TEST_F(PercpuTest, BackendFailureLeavesCpuAsItWas)
{
    static struct vcpu_percpu p;
    ASSERT_EQ(vcpu_percpu_init(&p, 7), VCPU_OK);
    OnCpu(7, [&] {
        ASSERT_EQ(vcpu_fake_percpu_fail_next(&p), VCPU_OK);
        EXPECT_EQ(vcpu_percpu_hardware_enable(&p), VCPU_ERR_HARDWARE);
        EXPECT_FALSE(vcpu_percpu_is_enabled(&p));
        ASSERT_EQ(vcpu_percpu_hardware_enable(&p), VCPU_OK);
        ASSERT_EQ(vcpu_fake_percpu_fail_next(&p), VCPU_OK);
        EXPECT_EQ(vcpu_percpu_hardware_disable(&p), VCPU_ERR_HARDWARE);
        EXPECT_TRUE(vcpu_percpu_is_enabled(&p));
        EXPECT_EQ(vcpu_percpu_hardware_disable(&p), VCPU_OK);
    });
}

TEST_F(PercpuTest, DisableWhileAVcpuIsBoundIsBusy)
{
    struct vcpu v = {};
    Reach(&v, VCPU_STATE_READY);
    EXPECT_EQ(vcpu_percpu_hardware_disable(&cpus_[0]), VCPU_ERR_BUSY);
    EXPECT_TRUE(vcpu_percpu_is_enabled(&cpus_[0]));
    ASSERT_EQ(vcpu_block(&v), VCPU_OK);
    EXPECT_EQ(vcpu_percpu_hardware_disable(&cpus_[0]), VCPU_ERR_BUSY);
    ASSERT_EQ(vcpu_unblock(&v), VCPU_OK);
    ASSERT_EQ(vcpu_unbind(&v), VCPU_OK);
    EXPECT_EQ(vcpu_percpu_hardware_disable(&cpus_[0]), VCPU_OK);
}

class BindTest : public VcpuTest
{
};

TEST_F(BindTest, BindWhereVirtualizationIsOffIsNotEnabled)
{
    struct vcpu v = {};
    Reach(&v, VCPU_STATE_FREE);
    ASSERT_EQ(vcpu_percpu_hardware_disable(&cpus_[0]), VCPU_OK);
    EXPECT_EQ(vcpu_bind(&v), VCPU_ERR_NOT_ENABLED);
    EXPECT_EQ(vcpu_state(&v), VCPU_STATE_FREE);
    // A CPU with no registered per-CPU state at all.
    EXPECT_EQ(OnCpu(40, [&] { return vcpu_bind(&v); }), VCPU_ERR_NOT_ENABLED);
    EXPECT_EQ(vcpu_state(&v), VCPU_STATE_FREE);
    ASSERT_EQ(vcpu_percpu_hardware_enable(&cpus_[0]), VCPU_OK);
    EXPECT_EQ(vcpu_bind(&v), VCPU_OK);
}

TEST_F(BindTest, BindOutsideTheMaskIsWrongCpu)
{
    struct vcpu v = {};
    ASSERT_EQ(vcpu_init(&v, 1, 0, -1, 1u << 1, nullptr), VCPU_OK);
    tracked_.push_back(&v);
    ASSERT_EQ(vcpu_setup(&v, 0, 0, nullptr), VCPU_OK);
    EXPECT_EQ(vcpu_bind(&v), VCPU_ERR_WRONG_CPU);
    EXPECT_EQ(vcpu_state(&v), VCPU_STATE_FREE);
    EXPECT_EQ(OnCpu(1, [&] { return vcpu_bind(&v); }), VCPU_OK);
    EXPECT_EQ(vcpu_owner_cpu(&v), 1);
}

TEST_F(BindTest, OwnerOnlyCallsFromAnotherCpuAreWrongCpu)
{
    struct vcpu v = {};
    Reach(&v, VCPU_STATE_READY);
    OnCpu(1, [&] {
        struct vcpu_exit exit = {};
        uint64_t val = 0;
        EXPECT_EQ(vcpu_run(&v, &exit), VCPU_ERR_WRONG_CPU);
        EXPECT_EQ(vcpu_unbind(&v), VCPU_ERR_WRONG_CPU);
        EXPECT_EQ(vcpu_set_gpr(&v, 0, 1), VCPU_ERR_WRONG_CPU);
        EXPECT_EQ(vcpu_get_gpr(&v, 0, &val), VCPU_ERR_WRONG_CPU);
        EXPECT_EQ(vcpu_set_return_value(&v, 1), VCPU_ERR_WRONG_CPU);
        EXPECT_EQ(vcpu_set_entry(&v, 0x10), VCPU_ERR_WRONG_CPU);
        exit.reason = VCPU_EXIT_IO_READ;
        exit.io_read.width = VCPU_WIDTH_8;
        EXPECT_EQ(vcpu_complete_read(&v, &exit, 1), VCPU_ERR_WRONG_CPU);
        // Any CPU may block, unblock and inject.
        EXPECT_EQ(vcpu_inject_interrupt(&v, 1), VCPU_OK);
        EXPECT_EQ(vcpu_block(&v), VCPU_OK);
        EXPECT_EQ(vcpu_set_gpr(&v, 0, 1), VCPU_ERR_WRONG_CPU);
        EXPECT_EQ(vcpu_unblock(&v), VCPU_OK);
    });
    EXPECT_EQ(vcpu_state(&v), VCPU_STATE_READY);
    EXPECT_EQ(vcpu_owner_cpu(&v), 0);
}

TEST_F(BindTest, HooksGetTheOwningCpusPerCpuState)
{
    // The fake records the per-CPU state vcpu_arch_bind() got and counts
    // entries in the one vcpu_arch_run() got.
    struct vcpu v = {};
    Reach(&v, VCPU_STATE_FREE);
    EXPECT_EQ(v.arch.cpu, nullptr);
    uint64_t entries0 = cpus_[0].arch.entries, entries1 = cpus_[1].arch.entries;
    OnCpu(1, [&] {
        ASSERT_EQ(vcpu_bind(&v), VCPU_OK);
        EXPECT_EQ(v.arch.cpu, &cpus_[1].arch);
        struct vcpu_exit exit;
        ASSERT_EQ(vcpu_run(&v, &exit), VCPU_OK);
        ASSERT_EQ(vcpu_run(&v, &exit), VCPU_OK);
        ASSERT_EQ(vcpu_unbind(&v), VCPU_OK);
    });
    EXPECT_EQ(v.arch.cpu, nullptr);
    EXPECT_EQ(cpus_[1].arch.entries, entries1 + 2);
    EXPECT_EQ(cpus_[0].arch.entries, entries0);
    ASSERT_EQ(vcpu_bind(&v), VCPU_OK);
    EXPECT_EQ(v.arch.cpu, &cpus_[0].arch);
    struct vcpu_exit exit;
    ASSERT_EQ(vcpu_run(&v, &exit), VCPU_OK);
    EXPECT_EQ(cpus_[0].arch.entries, entries0 + 1);
    EXPECT_EQ(cpus_[1].arch.entries, entries1 + 2);
}

TEST_F(BindTest, RegistersOfAnUnboundVcpuFromAnyCpu)
{
    struct vcpu v = {};
    Reach(&v, VCPU_STATE_FREE);
    EXPECT_EQ(OnCpu(1, [&] { return vcpu_set_gpr(&v, 3, 33); }), VCPU_OK);
    uint64_t val = 0;
    EXPECT_EQ(OnCpu(9, [&] { return vcpu_get_gpr(&v, 3, &val); }), VCPU_OK);
    EXPECT_EQ(val, 33u);
}

class CurrentTest : public VcpuTest
{
};

TEST_F(CurrentTest, PerCpuCurrentVcpu)
{
    struct vcpu a = {}, b = {};
    Init(&a);
    Init(&b, 1);
    EXPECT_EQ(vcpu_current(), nullptr);
    vcpu_set_current(&a);
    EXPECT_EQ(vcpu_current(), &a);
    OnCpu(1, [&] {
        EXPECT_EQ(vcpu_current(), nullptr);
        vcpu_set_current(&b);
        EXPECT_EQ(vcpu_current(), &b);
    });
    EXPECT_EQ(vcpu_current(), &a);
    vcpu_clear_current();
    EXPECT_EQ(vcpu_current(), nullptr);
    OnCpu(1, [&] {
        EXPECT_EQ(vcpu_current(), &b);
        vcpu_clear_current();
    });
}

TEST_F(CurrentTest, RunSetsCurrentOnlyWhileRunning)
{
    struct vcpu v = {};
    Reach(&v, VCPU_STATE_READY);
    struct vcpu_exit exit;
    ASSERT_EQ(vcpu_run(&v, &exit), VCPU_OK);
    EXPECT_EQ(vcpu_current(), nullptr);
}

} // namespace
} // namespace vcpu_test
