/* RISC-V-only conformance cases: SBI handled in the backend (BASE, TIME),
 * compressed MMIO decode, and an SBI extension the backend leaves to the VMM. */
#include <vcpu/riscv_h.h>

#include "testing/conformance/conformance.h"
#include "lib/guest/guest_riscv64.h"

#define SBI_EXT_DBCN 0x4442434eu

static void guest_probes_sbi(uint64_t unused)
{
    (void)unused;
    GUEST_SYNC(guest_sbi_call(RISCV_SBI_EXT_BASE, 0, 0, 0, 0).value); /* spec version */
    GUEST_SYNC(guest_sbi_call(RISCV_SBI_EXT_BASE, 1, 0, 0, 0).value); /* impl id */
    GUEST_SYNC(guest_sbi_call(RISCV_SBI_EXT_BASE, 3, RISCV_SBI_EXT_HSM, 0, 0).value);
    GUEST_SYNC(guest_sbi_call(RISCV_SBI_EXT_BASE, 3, RISCV_SBI_EXT_TIME, 0, 0).value);
    GUEST_SYNC(guest_sbi_call(RISCV_SBI_EXT_BASE, 3, SBI_EXT_DBCN, 0, 0).value);
}

TEST(conformance_riscv64, sbi_base_probing)
{
    struct vcpu *v = conformance_start(guest_probes_sbi, 0);
    EXPECT_EQ(conformance_expect_sync(v), 1u << 24); /* SBI 1.0 */
    EXPECT_EQ(conformance_expect_sync(v), RISCV_SBI_IMPL_ID);
    EXPECT_EQ(conformance_expect_sync(v), 1);
    EXPECT_EQ(conformance_expect_sync(v), 1);
    EXPECT_EQ(conformance_expect_sync(v), 0);
    struct vcpu_stats stats;
    ASSERT_EQ(vcpu_stats(v, &stats), VCPU_OK);
    EXPECT_EQ(stats.exits[VCPU_EXIT_NOTHING], 5); /* answered in the backend */
    conformance_expect_done(v);
}

static volatile uint32_t guest_timer_irqs;

static void guest_on_timer(uint32_t vector)
{
    if (vector == 6) {
        guest_timer_irqs++;
        guest_sbi_call(RISCV_SBI_EXT_TIME, 0, ~0ull, 0, 0); /* no further tick */
    }
}

static void guest_sets_timer(uint64_t ticks)
{
    guest_timer_irqs = 0;
    guest_set_irq_handler(guest_on_timer);
    guest_timer_irq_enable();
    guest_sbi_call(RISCV_SBI_EXT_TIME, 0, guest_rdtime() + ticks, 0, 0);
    for (uint64_t i = 0; guest_timer_irqs == 0 && i < 1000000; i++)
        guest_halt();
    GUEST_SYNC(guest_timer_irqs);
}

TEST(conformance_riscv64, timer_through_sbi_time)
{
    struct vcpu *v = conformance_start(guest_sets_timer, 1000);
    for (int i = 0; i < 2000000; i++) {
        struct vcpu_exit exit;
        uint64_t value;
        ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
        if (test_exit_is_ucall(&exit, GUEST_UCALL_SYNC, &value)) {
            EXPECT_EQ(value, 1);
            break;
        }
        ASSERT_EQ(exit.reason, VCPU_EXIT_HALT);
    }
    conformance_expect_done(v);
}

static void guest_compressed_mmio(uint64_t base)
{
    guest_c_sw(base + 8, 0x89abcdefu);
    GUEST_ASSERT(guest_c_lw(base + 12) == (int64_t)(int32_t)0x87654321u);
}

TEST(conformance_riscv64, compressed_mmio)
{
    struct vcpu *v = conformance_start(guest_compressed_mmio, test_mmio_gpa);
    struct vcpu_exit exit;
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    ASSERT_EQ(exit.reason, VCPU_EXIT_MMIO_WRITE);
    EXPECT_EQ(exit.mmio_write.addr, test_mmio_gpa + 8);
    EXPECT_EQ(exit.mmio_write.width, VCPU_WIDTH_32);
    EXPECT_EQ(exit.mmio_write.data, 0x89abcdefu);
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    ASSERT_EQ(exit.reason, VCPU_EXIT_MMIO_READ);
    EXPECT_EQ(exit.mmio_read.addr, test_mmio_gpa + 12);
    EXPECT_EQ(exit.mmio_read.width, VCPU_WIDTH_32);
    EXPECT_EQ(exit.mmio_read.reg, 10); /* a0 */
    EXPECT_TRUE(exit.mmio_read.signed_ext);
    ASSERT_EQ(vcpu_complete_read(v, &exit, 0x87654321u), VCPU_OK);
    conformance_expect_done(v);
}

static void guest_calls_foreign_sbi(uint64_t unused)
{
    (void)unused;
    struct guest_sbiret r = guest_sbi_call(SBI_EXT_DBCN, 2, 'h', 0, 0);
    GUEST_ASSERT(r.error == 0 && r.value == 42);
    r = guest_sbi_call(SBI_EXT_DBCN, 2, 'i', 0, 0); /* the VMM does not answer */
    GUEST_ASSERT(r.error == RISCV_SBI_ERR_NOT_SUPPORTED);
}

TEST(conformance_riscv64, unknown_sbi_extension_exits)
{
    struct vcpu *v = conformance_start(guest_calls_foreign_sbi, 0);
    struct vcpu_exit exit;
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    ASSERT_EQ(exit.reason, VCPU_EXIT_HYPERCALL);
    EXPECT_EQ(RISCV_SBI_FOREIGN_EID(exit.hypercall.nr), SBI_EXT_DBCN);
    EXPECT_EQ(RISCV_SBI_FOREIGN_FID(exit.hypercall.nr), 2);
    EXPECT_EQ(exit.hypercall.args[0], 'h');
    ASSERT_EQ(vcpu_set_gpr(v, 10, 0), VCPU_OK); /* a0: SBI success */
    ASSERT_EQ(vcpu_set_return_value(v, 42), VCPU_OK);
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    ASSERT_EQ(exit.reason, VCPU_EXIT_HYPERCALL);
    EXPECT_EQ(exit.hypercall.args[0], 'i');
    conformance_expect_done(v);
}
