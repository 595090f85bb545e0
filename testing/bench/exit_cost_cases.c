/* The exit-cost benchmark: for each exit kind, the guest runs BENCH_TRIPS
 * round trips twice, first through the full public API (vcpu_run() returns
 * each exit to the small VMM loop below, which completes it and runs again),
 * then through the hand-written floor of floor_<isa>.S. The guest counts the
 * instructions of each loop itself and reports them in a SYNC ucall; the
 * case prints one line the exit_cost runner parses:
 *   BENCH <kind> trips=<n> api=<instructions> floor=<instructions>
 * Cases check only that every exit was the expected one, never a count. */
#include <board/print.h>

#include "testing/bench/bench.h"
#include "lib/guest/guest.h"
#include "testing/emulator/vtest.h"
#include "testing/vmm/test_vm.h"

static struct test_vm bench_vm;

static const char *const kind_names[BENCH_KIND_COUNT] = {
    [BENCH_HYPERCALL] = "hypercall", [BENCH_MMIO_WRITE] = "mmio_write",
    [BENCH_MMIO_READ] = "mmio_read", [BENCH_SYSREG_READ] = "sysreg_read",
    [BENCH_HALT] = "halt",
};

/* The exit vcpu_run() must report for each kind. */
static const enum vcpu_exit_reason kind_reasons[BENCH_KIND_COUNT] = {
    [BENCH_HYPERCALL] = VCPU_EXIT_HYPERCALL, [BENCH_MMIO_WRITE] = VCPU_EXIT_MMIO_WRITE,
    [BENCH_MMIO_READ] = VCPU_EXIT_MMIO_READ, [BENCH_SYSREG_READ] = VCPU_EXIT_SYSREG_READ,
    [BENCH_HALT] = VCPU_EXIT_HALT,
};

/* One measured loop of `kind` in the guest. */
static uint64_t guest_loop(enum bench_kind kind)
{
    switch (kind) {
    case BENCH_HYPERCALL:
        return bench_guest_hypercall(BENCH_TRIPS);
    case BENCH_MMIO_WRITE:
        return bench_guest_mmio_write(BENCH_TRIPS, test_mmio_gpa);
    case BENCH_MMIO_READ:
        return bench_guest_mmio_read(BENCH_TRIPS, test_mmio_gpa);
    case BENCH_SYSREG_READ:
        return bench_guest_sysreg_read(BENCH_TRIPS);
    default:
        return bench_guest_halt(BENCH_TRIPS);
    }
}

/* The guest: announces each loop with SYNC(0), runs it, reports its count. */
static void guest_bench(uint64_t kind)
{
    for (int pass = 0; pass < 2; pass++) {
        GUEST_SYNC(0);
        GUEST_SYNC(guest_loop((enum bench_kind)kind));
    }
}

/* The VMM side of one full-API round trip: completes the exit as a VMM must. */
static bool complete(struct vcpu *v, enum bench_kind kind, const struct vcpu_exit *exit, uint64_t i)
{
    if (exit->reason != kind_reasons[kind])
        return false;
    switch (kind) {
    case BENCH_HYPERCALL:
        return vcpu_set_return_value(v, i) == VCPU_OK;
    case BENCH_MMIO_READ:
    case BENCH_SYSREG_READ:
        return vcpu_complete_read(v, exit, i) == VCPU_OK;
    default:
        return true;
    }
}

static uint64_t expect_sync(const struct vcpu_exit *exit, int rc)
{
    uint64_t value = 0;
    ASSERT_EQ(rc, VCPU_OK);
    if (!test_exit_is_ucall(exit, GUEST_UCALL_SYNC, &value)) {
        vtest_fail(__FILE__, __LINE__, "expected a SYNC ucall, got %s",
                   vcpu_exit_reason_name(exit->reason));
        vtest_abort_case();
    }
    return value;
}

static void bench_kind(enum bench_kind kind)
{
    struct vcpu_exit exit;
    bench_counter_init();
    ASSERT_EQ(test_vm_create(&bench_vm, 1), VCPU_OK);
    ASSERT_EQ(test_vm_add_vcpu(&bench_vm, 0, guest_bench, kind), VCPU_OK);
    struct vcpu *v = &bench_vm.vcpus[0];
    ASSERT_EQ(vcpu_bind(v), VCPU_OK);

    /* Full API: the VMM loop a real hypervisor would have. */
    expect_sync(&exit, test_vcpu_run(v, &exit));
    uint32_t wrong = 0;
    for (uint64_t i = 0; i < BENCH_TRIPS; i++) {
        int rc = vcpu_run(v, &exit);
        if (rc != VCPU_OK || !complete(v, kind, &exit, i))
            wrong++;
    }
    ASSERT_EQ(wrong, 0);
    uint64_t api = expect_sync(&exit, test_vcpu_run(v, &exit));

    /* Floor: the same guest loop, the exits taken by the hand-written path. */
    expect_sync(&exit, test_vcpu_run(v, &exit));
    uint64_t floor = expect_sync(&exit, bench_floor_run(v, kind, BENCH_TRIPS, &exit));

    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    ASSERT_TRUE(test_exit_is_ucall(&exit, GUEST_UCALL_DONE, NULL));
    board_printf("BENCH %s trips=%u api=%lu floor=%lu\n", kind_names[kind], BENCH_TRIPS, api,
                 floor);
}

TEST(exit_cost, hypercall)
{
    bench_kind(BENCH_HYPERCALL);
}

TEST(exit_cost, mmio_write)
{
    bench_kind(BENCH_MMIO_WRITE);
}

TEST(exit_cost, mmio_read)
{
    bench_kind(BENCH_MMIO_READ);
}

TEST(exit_cost, sysreg_read)
{
    bench_kind(BENCH_SYSREG_READ);
}

TEST(exit_cost, halt)
{
    bench_kind(BENCH_HALT);
}
