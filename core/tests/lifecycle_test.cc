// The state machine of api.md §4 and §10: every transition, every call in every
// reachable state (error and unchanged state), and INVALID after a backend
// failure.
#include "test_support.h"

#include <functional>
#include <string>

namespace vcpu_test
{
namespace
{

constexpr int OK = VCPU_OK;
constexpr int BS = VCPU_ERR_BAD_STATE;

struct Call {
    const char *name;
    std::function<int(struct vcpu *)> invoke;
};

// A completed MMIO read exit, used by complete_read.
struct vcpu_exit MmioReadExit()
{
    struct vcpu_exit exit = {};
    exit.reason = VCPU_EXIT_MMIO_READ;
    exit.mmio_read.addr = 0x9000;
    exit.mmio_read.width = VCPU_WIDTH_32;
    exit.mmio_read.reg = 2;
    exit.mmio_read.reg_width = VCPU_WIDTH_64;
    return exit;
}

const Call kCalls[] = {
    {"setup", [](struct vcpu *v) { return vcpu_setup(v, 0x1000, 0x2000, nullptr); }},
    {"bind", [](struct vcpu *v) { return vcpu_bind(v); }},
    {"unbind", [](struct vcpu *v) { return vcpu_unbind(v); }},
    {"run",
     [](struct vcpu *v) {
         struct vcpu_exit exit;
         return vcpu_run(v, &exit);
     }},
    {"block", [](struct vcpu *v) { return vcpu_block(v); }},
    {"unblock", [](struct vcpu *v) { return vcpu_unblock(v); }},
    {"set_entry", [](struct vcpu *v) { return vcpu_set_entry(v, 0x3000); }},
    {"set_gpr", [](struct vcpu *v) { return vcpu_set_gpr(v, 1, 7); }},
    {"get_gpr",
     [](struct vcpu *v) {
         uint64_t val;
         return vcpu_get_gpr(v, 1, &val);
     }},
    {"set_return_value", [](struct vcpu *v) { return vcpu_set_return_value(v, 5); }},
    {"complete_read",
     [](struct vcpu *v) {
         struct vcpu_exit exit = MmioReadExit();
         return vcpu_complete_read(v, &exit, 1);
     }},
    {"inject_interrupt", [](struct vcpu *v) { return vcpu_inject_interrupt(v, 3); }},
    {"destroy", [](struct vcpu *v) { return vcpu_destroy(v); }},
    {"get_reg",
     [](struct vcpu *v) {
         uint64_t val;
         return vcpu_get_reg(v, VCPU_REG_PC, &val);
     }},
    {"set_reg", [](struct vcpu *v) { return vcpu_set_reg(v, VCPU_REG_SP, 0x8000); }},
    {"kick", [](struct vcpu *v) { return vcpu_kick(v); }},
    {"inject_fault",
     [](struct vcpu *v) {
         struct vcpu_exit exit = MmioReadExit();
         return vcpu_inject_fault(v, &exit);
     }},
    {"stats_reset", [](struct vcpu *v) { return vcpu_stats_reset(v); }},
};
constexpr size_t kNumCalls = sizeof(kCalls) / sizeof(kCalls[0]);

const enum vcpu_state kStates[] = {VCPU_STATE_CREATED, VCPU_STATE_FREE, VCPU_STATE_READY,
                                   VCPU_STATE_BLOCKED, VCPU_STATE_INVALID};
constexpr size_t kNumStates = sizeof(kStates) / sizeof(kStates[0]);

// Expected result of each call (rows, in kCalls order) in each state
// (columns, in kStates order), on the owning CPU.
const int kExpected[kNumCalls][kNumStates] = {
    //  CREATED FREE READY BLOCKED INVALID
    {OK, BS, BS, BS, BS}, // setup
    {BS, OK, BS, BS, BS}, // bind
    {BS, BS, OK, BS, BS}, // unbind
    {BS, BS, OK, BS, BS}, // run
    {BS, BS, OK, BS, BS}, // block
    {BS, BS, BS, OK, BS}, // unblock
    {OK, OK, OK, OK, BS}, // set_entry (before the first run)
    {OK, OK, OK, OK, BS}, // set_gpr
    {OK, OK, OK, OK, BS}, // get_gpr
    {OK, OK, OK, OK, BS}, // set_return_value
    {BS, BS, BS, BS, BS}, // complete_read (no read pending)
    {OK, OK, OK, OK, BS}, // inject_interrupt
    {OK, OK, BS, BS, OK}, // destroy
    {OK, OK, OK, OK, BS}, // get_reg
    {OK, OK, OK, OK, BS}, // set_reg
    {BS, BS, OK, OK, BS}, // kick
    {BS, BS, BS, BS, BS}, // inject_fault (no exit open)
    {OK, OK, OK, OK, OK}, // stats_reset
};

// The state after a successful call made in `from`.
enum vcpu_state StateAfter(const std::string &call, enum vcpu_state from)
{
    if (call == "setup")
        return VCPU_STATE_FREE;
    if (call == "bind" || call == "unblock" || call == "run")
        return VCPU_STATE_READY;
    if (call == "unbind")
        return VCPU_STATE_FREE;
    if (call == "block")
        return VCPU_STATE_BLOCKED;
    if (call == "destroy")
        return VCPU_STATE_INVALID;
    return from;
}

class StateTableTest : public VcpuTest
{
};

TEST_F(StateTableTest, EveryCallInEveryState)
{
    for (size_t c = 0; c < kNumCalls; c++) {
        for (size_t s = 0; s < kNumStates; s++) {
            struct vcpu v = {};
            Reach(&v, kStates[s]);
            ASSERT_EQ(vcpu_state(&v), kStates[s]);
            int rc = kCalls[c].invoke(&v);
            std::string where = std::string(kCalls[c].name) + " in " + vcpu_state_name(kStates[s]);
            EXPECT_EQ(rc, kExpected[c][s]) << where << ": " << vcpu_strerror(rc);
            enum vcpu_state want =
                rc == VCPU_OK ? StateAfter(kCalls[c].name, kStates[s]) : kStates[s];
            EXPECT_EQ(vcpu_state(&v), want) << where;
            TearDownVcpus();
        }
    }
}

class LifecycleTest : public VcpuTest
{
};

TEST_F(LifecycleTest, FullCycle)
{
    struct vcpu v = {};
    Init(&v, 0);
    EXPECT_EQ(vcpu_state(&v), VCPU_STATE_CREATED);
    ASSERT_EQ(vcpu_setup(&v, 0x80000, 0x40000, nullptr), VCPU_OK);
    EXPECT_EQ(vcpu_state(&v), VCPU_STATE_FREE);
    EXPECT_EQ(vcpu_fake_pc(&v), 0x80000u);
    ASSERT_EQ(vcpu_bind(&v), VCPU_OK);
    EXPECT_EQ(vcpu_state(&v), VCPU_STATE_READY);
    EXPECT_EQ(vcpu_owner_cpu(&v), 0);
    struct vcpu_exit exit;
    ASSERT_EQ(vcpu_run(&v, &exit), VCPU_OK);
    EXPECT_EQ(exit.reason, VCPU_EXIT_NOTHING);
    EXPECT_EQ(vcpu_state(&v), VCPU_STATE_READY);
    ASSERT_EQ(vcpu_block(&v), VCPU_OK);
    EXPECT_EQ(vcpu_state(&v), VCPU_STATE_BLOCKED);
    EXPECT_EQ(vcpu_run(&v, &exit), VCPU_ERR_BAD_STATE);
    ASSERT_EQ(vcpu_unblock(&v), VCPU_OK);
    ASSERT_EQ(vcpu_unbind(&v), VCPU_OK);
    EXPECT_EQ(vcpu_state(&v), VCPU_STATE_FREE);
    EXPECT_EQ(vcpu_owner_cpu(&v), VCPU_NO_CPU);
    // Rebind on the other CPU and run there.
    ASSERT_EQ(OnCpu(1, [&] { return vcpu_bind(&v); }), VCPU_OK);
    EXPECT_EQ(vcpu_owner_cpu(&v), 1);
    EXPECT_EQ(OnCpu(1, [&] { return vcpu_run(&v, &exit); }), VCPU_OK);
    EXPECT_EQ(OnCpu(1, [&] { return vcpu_unbind(&v); }), VCPU_OK);
}

TEST_F(LifecycleTest, SetEntryOnlyBeforeFirstRun)
{
    struct vcpu v = {};
    Reach(&v, VCPU_STATE_READY);
    ASSERT_EQ(vcpu_set_entry(&v, 0x5000), VCPU_OK);
    EXPECT_EQ(vcpu_fake_pc(&v), 0x5000u);
    struct vcpu_exit exit;
    ASSERT_EQ(vcpu_run(&v, &exit), VCPU_OK);
    EXPECT_EQ(vcpu_set_entry(&v, 0x6000), VCPU_ERR_BAD_STATE);
    EXPECT_EQ(vcpu_fake_pc(&v), 0x5000u);
    EXPECT_EQ(vcpu_state(&v), VCPU_STATE_READY);
    ASSERT_EQ(vcpu_unbind(&v), VCPU_OK);
    EXPECT_EQ(vcpu_set_entry(&v, 0x6000), VCPU_ERR_BAD_STATE);
}

TEST_F(LifecycleTest, InitArguments)
{
    struct vcpu v = {};
    EXPECT_EQ(vcpu_init(nullptr, 1, 0, -1, 0, nullptr), VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(vcpu_init(&v, 1, 0, 3, 0x3, nullptr), VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(vcpu_init(&v, 1, 0, 64, 0, nullptr), VCPU_ERR_INVALID_ARG);
    ASSERT_EQ(vcpu_init(&v, 7, 2, 1, 0x3, nullptr), VCPU_OK);
    EXPECT_EQ(vcpu_vm_id(&v), 7u);
    EXPECT_EQ(vcpu_id(&v), 2u);
    EXPECT_FALSE(vcpu_is_bsp(&v));
    EXPECT_EQ(vcpu_favor_cpu(&v), 1);
    EXPECT_EQ(vcpu_cpu_mask(&v), 0x3u);
    EXPECT_EQ(vcpu_owner_cpu(&v), VCPU_NO_CPU);
    // A live vCPU is not initialised again; destroy gives the memory back.
    EXPECT_EQ(vcpu_init(&v, 7, 0, -5, 0, nullptr), VCPU_ERR_BAD_STATE);
    EXPECT_EQ(vcpu_vm_id(&v), 7u);
    ASSERT_EQ(vcpu_destroy(&v), VCPU_OK);
    ASSERT_EQ(vcpu_init(&v, 7, 0, -5, 0, nullptr), VCPU_OK);
    EXPECT_TRUE(vcpu_is_bsp(&v));
    EXPECT_EQ(vcpu_favor_cpu(&v), VCPU_NO_CPU);
    ASSERT_EQ(vcpu_destroy(&v), VCPU_OK);
    // favor_cpu with an empty mask (any CPU) is accepted.
    EXPECT_EQ(vcpu_init(&v, 7, 0, 5, 0, nullptr), VCPU_OK);
}

TEST_F(LifecycleTest, InitialRegistersFromCreateConfig)
{
    struct vcpu v = {};
    struct vcpu_create_config cfg = {};
    cfg.initial_gpr[4] = 0x44;
    ASSERT_EQ(vcpu_init(&v, 1, 0, -1, 0, &cfg), VCPU_OK);
    uint64_t val = 0;
    ASSERT_EQ(vcpu_get_gpr(&v, 4, &val), VCPU_OK);
    EXPECT_EQ(val, 0x44u);
}

TEST_F(LifecycleTest, NullVcpuIsInvalidArgument)
{
    struct vcpu_exit exit;
    uint64_t val;
    struct vcpu_stats stats;
    EXPECT_EQ(vcpu_setup(nullptr, 0, 0, nullptr), VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(vcpu_bind(nullptr), VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(vcpu_unbind(nullptr), VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(vcpu_run(nullptr, &exit), VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(vcpu_block(nullptr), VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(vcpu_unblock(nullptr), VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(vcpu_set_entry(nullptr, 0), VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(vcpu_set_gpr(nullptr, 0, 0), VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(vcpu_get_gpr(nullptr, 0, &val), VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(vcpu_set_return_value(nullptr, 0), VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(vcpu_complete_read(nullptr, &exit, 0), VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(vcpu_inject_interrupt(nullptr, 0), VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(vcpu_stats(nullptr, &stats), VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(vcpu_stats_reset(nullptr), VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(vcpu_state(nullptr), VCPU_STATE_INVALID);
    EXPECT_EQ(vcpu_id(nullptr), 0u);
    EXPECT_EQ(vcpu_vm_id(nullptr), 0u);
    EXPECT_FALSE(vcpu_is_bsp(nullptr));
    EXPECT_EQ(vcpu_favor_cpu(nullptr), VCPU_NO_CPU);
    EXPECT_EQ(vcpu_cpu_mask(nullptr), 0u);
}

// Found by the model check (testing/model): zeroed memory reads as INVALID,
// and an INVALID vCPU has no owning CPU, though its owner field is 0 (CPU 0).
TEST_F(LifecycleTest, ZeroedVcpuHasNoOwner)
{
    struct vcpu v = {};
    EXPECT_EQ(vcpu_state(&v), VCPU_STATE_INVALID);
    EXPECT_EQ(vcpu_owner_cpu(&v), VCPU_NO_CPU);
}

TEST_F(LifecycleTest, RunWithNullExitIsInvalidArgumentAndKeepsState)
{
    struct vcpu v = {};
    Reach(&v, VCPU_STATE_READY);
    EXPECT_EQ(vcpu_run(&v, nullptr), VCPU_ERR_INVALID_ARG);
    EXPECT_EQ(vcpu_state(&v), VCPU_STATE_READY);
}

// Each backend-calling transition, made to fail, leaves the vCPU INVALID.
struct FailingTransition {
    const char *name;
    enum vcpu_state from;
    std::function<int(struct vcpu *)> invoke;
};

class InvalidAfterFailureTest : public VcpuTest
{
};

TEST_F(InvalidAfterFailureTest, EveryTransitionFailureInvalidates)
{
    const FailingTransition transitions[] = {
        {"setup", VCPU_STATE_CREATED,
         [](struct vcpu *v) { return vcpu_setup(v, 0x1000, 0x2000, nullptr); }},
        {"bind", VCPU_STATE_FREE, [](struct vcpu *v) { return vcpu_bind(v); }},
        {"unbind", VCPU_STATE_READY, [](struct vcpu *v) { return vcpu_unbind(v); }},
        {"run", VCPU_STATE_READY,
         [](struct vcpu *v) {
             struct vcpu_exit exit;
             return vcpu_run(v, &exit);
         }},
        {"set_entry", VCPU_STATE_FREE, [](struct vcpu *v) { return vcpu_set_entry(v, 0x10); }},
    };
    for (const FailingTransition &t : transitions) {
        struct vcpu v = {};
        Reach(&v, t.from);
        ASSERT_EQ(vcpu_fake_fail_next(&v), VCPU_OK);
        EXPECT_EQ(t.invoke(&v), VCPU_ERR_HARDWARE) << t.name;
        EXPECT_EQ(vcpu_state(&v), VCPU_STATE_INVALID) << t.name;
        EXPECT_EQ(vcpu_owner_cpu(&v), VCPU_NO_CPU) << t.name;
        // Every later call but the accessors, stats_reset and destroy is
        // BAD_STATE, and so is init until destroy.
        for (const Call &call : kCalls) {
            std::string name = call.name;
            if (name == "destroy" || name == "stats_reset")
                continue;
            EXPECT_EQ(call.invoke(&v), VCPU_ERR_BAD_STATE) << t.name << " then " << call.name;
        }
        EXPECT_EQ(vcpu_init(&v, 1, 0, -1, 0, nullptr), VCPU_ERR_BAD_STATE) << t.name;
        EXPECT_EQ(vcpu_state(&v), VCPU_STATE_INVALID);
        EXPECT_EQ(vcpu_id(&v), 0u);
        EXPECT_EQ(vcpu_vm_id(&v), 1u);
        EXPECT_EQ(vcpu_destroy(&v), VCPU_OK) << t.name;
        EXPECT_EQ(vcpu_vm_id(&v), 0u) << t.name;
        TearDownVcpus();
    }
    // The CPU the failed vCPU was bound to can still be disabled.
    EXPECT_EQ(vcpu_percpu_hardware_disable(&cpus_[0]), VCPU_OK);
}

TEST_F(InvalidAfterFailureTest, InitFailureInvalidatesAndDestroyRecycles)
{
    struct vcpu v = {};
    ASSERT_EQ(vcpu_fake_fail_next(&v), VCPU_OK);
    EXPECT_EQ(vcpu_init(&v, 1, 0, -1, 0, nullptr), VCPU_ERR_HARDWARE);
    EXPECT_EQ(vcpu_state(&v), VCPU_STATE_INVALID);
    EXPECT_EQ(vcpu_setup(&v, 0, 0, nullptr), VCPU_ERR_BAD_STATE);
    EXPECT_EQ(vcpu_init(&v, 1, 0, -1, 0, nullptr), VCPU_ERR_BAD_STATE);
    ASSERT_EQ(vcpu_destroy(&v), VCPU_OK);
    ASSERT_EQ(vcpu_init(&v, 1, 0, -1, 0, nullptr), VCPU_OK);
    EXPECT_EQ(vcpu_state(&v), VCPU_STATE_CREATED);
}

} // namespace
} // namespace vcpu_test
