/* Adversarial guests, x86 only: a guest that makes its own state one the
 * hardware refuses to enter (EFER.SVME / VMXE-style consistency checks)
 * ends in FAIL_ENTRY, every time it is run again, and the hypervisor is
 * healthy afterwards. */
#include "testing/adversarial/adversarial.h"

#define MSR_EFER 0xc0000080u
#define EFER_SVME (1u << 12)

static void guest_breaks_its_state(uint64_t unused)
{
    (void)unused;
    uint32_t lo, hi;
    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(MSR_EFER));
    lo &= ~EFER_SVME;
    __asm__ volatile("wrmsr" : : "a"(lo), "d"(hi), "c"(MSR_EFER) : "memory");
    guest_halt(); /* any exit: the next entry sees the broken state */
    GUEST_ASSERT(!"entered with an invalid state");
}

TEST(adversarial, invalid_guest_state_fails_entry)
{
    struct vcpu *v = adversarial_start(guest_breaks_its_state, 0);
    struct vcpu_exit exit;
    int fail_entries = 0;
    for (int i = 0; i < 4; i++) {
        ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
        EXPECT_EQ(exit.raw.arch, VCPU_ARCH_EXIT_ARCH);
        EXPECT_FALSE(test_exit_is_ucall(&exit, GUEST_UCALL_ASSERT, NULL));
        if (exit.reason == VCPU_EXIT_FAIL_ENTRY)
            fail_entries++;
        else if (exit.reason != VCPU_EXIT_HALT && exit.reason != VCPU_EXIT_SYSREG_WRITE)
            vtest_fail(__FILE__, __LINE__, "unexpected exit %s (exitcode %lx, info %lx %lx)",
                       vcpu_exit_reason_name(exit.reason), exit.raw.svm.exitcode,
                       exit.raw.svm.exitinfo1, exit.raw.svm.exitinfo2);
    }
    EXPECT_GE(fail_entries, 2); /* and it stays that way */
    adversarial_expect_healthy();
}
