/* x86-only conformance case: a guest acting as its own small OS. Its user
 * mode (CPL 3) exits to the VMM (a hypercall, an MMIO load) and resumes in
 * user mode; its system calls from user mode (SYSCALL and INT 0x80) reach
 * its own kernel handler at CPL 0, never the VMM, and return to user mode
 * (SYSRET, IRETQ). */
#include "testing/conformance/conformance.h"
#include "lib/guest/guest_x86_64.h"

#define SYS_ECHO 7u
#define MMIO_VALUE 0x0123456789abcdefull

static uint8_t user_stack[4096] __attribute__((aligned(16)));
static volatile uint64_t kernel_calls, kernel_cpl_seen;

static uint64_t guest_kernel_syscall(uint64_t nr, uint64_t arg, bool via_int)
{
    kernel_calls++;
    kernel_cpl_seen |= guest_x86_cpl() + 1u; /* 1 if only ever at CPL 0 */
    return nr == SYS_ECHO ? arg + (via_int ? 2u : 1u) : ~0ull;
}

static void guest_user_main(uint64_t mmio)
{
    GUEST_SYNC(guest_x86_cpl());         /* an exit from CPL 3 */
    GUEST_SYNC(guest_x86_cpl());         /* ... and back at CPL 3 */
    uint64_t value = guest_read64(mmio); /* MMIO_READ from CPL 3 */
    GUEST_SYNC(value);
    GUEST_SYNC(guest_x86_cpl());
    GUEST_SYNC(guest_x86_syscall(SYS_ECHO, 0x1000)); /* SYSCALL / SYSRET */
    GUEST_SYNC(guest_x86_cpl());
    GUEST_SYNC(guest_x86_int80(SYS_ECHO, 0x2000)); /* INT 0x80 / IRETQ */
    GUEST_SYNC(guest_x86_cpl());
    guest_x86_syscall(GUEST_X86_SYS_LEAVE_USER, 0x600d);
    GUEST_SYNC(0xbad); /* not reached */
}

static void guest_small_os(uint64_t mmio)
{
    guest_x86_user_init();
    guest_x86_set_syscall_handler(guest_kernel_syscall);
    kernel_calls = 0;
    kernel_cpl_seen = 0;
    GUEST_SYNC(
        guest_x86_run_user(guest_user_main, mmio, (uintptr_t)user_stack + sizeof(user_stack)));
    GUEST_SYNC(guest_x86_cpl());
    GUEST_SYNC(kernel_calls);
    GUEST_SYNC(kernel_cpl_seen);
}

TEST(conformance_x86, user_mode_round_trip_and_system_calls)
{
    struct vcpu *v = conformance_start(guest_small_os, test_mmio_gpa);
    struct vcpu_exit exit;
    EXPECT_EQ(conformance_expect_sync(v), 3u);
    EXPECT_EQ(conformance_expect_sync(v), 3u);
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    ASSERT_EQ(exit.reason, VCPU_EXIT_MMIO_READ);
    EXPECT_EQ(exit.mmio_read.addr, test_mmio_gpa);
    EXPECT_EQ(exit.mmio_read.width, VCPU_WIDTH_64);
    ASSERT_EQ(vcpu_complete_read(v, &exit, MMIO_VALUE), VCPU_OK);
    EXPECT_EQ(conformance_expect_sync(v), MMIO_VALUE);
    EXPECT_EQ(conformance_expect_sync(v), 3u);
    /* The system calls never exit: the next exits are the guest's SYNCs. */
    EXPECT_EQ(conformance_expect_sync(v), 0x1001u);
    EXPECT_EQ(conformance_expect_sync(v), 3u);
    EXPECT_EQ(conformance_expect_sync(v), 0x2002u);
    EXPECT_EQ(conformance_expect_sync(v), 3u);
    EXPECT_EQ(conformance_expect_sync(v), 0x600du); /* back in the kernel */
    EXPECT_EQ(conformance_expect_sync(v), 0u);
    EXPECT_EQ(conformance_expect_sync(v), 2u); /* ECHO twice (LEAVE_USER is the library's) */
    EXPECT_EQ(conformance_expect_sync(v), 1u); /* all at CPL 0 */
    conformance_expect_done(v);
    struct vcpu_stats stats;
    ASSERT_EQ(vcpu_stats(v, &stats), VCPU_OK);
    EXPECT_EQ(stats.exits[VCPU_EXIT_UNKNOWN], 0u);
}
