/* Adversarial guests, RISC-V only: the guest jumps to a page that its stage 2
 * maps onto memory the hypervisor itself may not read (the firmware's
 * PMP-protected region). On hardware the fetch is an access fault the backend
 * does not delegate, so the backend reads the guest PC with HLVX to step over
 * it and that read faults too (riscv_h_fetch_guest_u16 catches it): UNKNOWN.
 * QEMU reports a PMP failure behind the G-stage as a fetch guest-page fault
 * instead: NESTED_PAGE_FAULT. Either way a defined exit every time, no
 * hypervisor exception, and the hypervisor is healthy afterwards. */
#include <board/print.h>

#include "testing/adversarial/adversarial.h"

#define FIRMWARE_BASE 0x80000000ul /* OpenSBI, PMP-protected from S-mode */

static void guest_jumps(uint64_t addr)
{
    void (*fn)(void) = (void (*)(void))(uintptr_t)addr;
    fn();
    GUEST_ASSERT(!"executed firmware memory");
}

TEST(adversarial_riscv64, guest_pc_in_protected_memory)
{
    struct vcpu *v = conformance_start(guest_jumps, test_npf_gpa);
    ASSERT_EQ(stage2_map(&conformance_vm.s2, test_npf_gpa, FIRMWARE_BASE, 4096,
                         VCPU_MAP_READ | VCPU_MAP_WRITE | VCPU_MAP_EXECUTE),
              VCPU_OK);
    for (int i = 0; i < 3; i++) {
        struct vcpu_exit exit;
        ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
        board_printf("guest PC in firmware memory: %s scause %lx stval %lx\n",
                     vcpu_exit_reason_name(exit.reason), exit.raw.riscv64.scause,
                     exit.raw.riscv64.stval);
        EXPECT_EQ(exit.raw.arch, VCPU_ARCH_RISCV64);
        EXPECT_TRUE(exit.reason == VCPU_EXIT_UNKNOWN || exit.reason == VCPU_EXIT_NESTED_PAGE_FAULT);
        EXPECT_FALSE(test_exit_is_ucall(&exit, GUEST_UCALL_ASSERT, NULL));
    }
    adversarial_expect_healthy();
}
