/* Adversarial: undefined and privileged instructions, and an exception the
 * guest cannot take (its vectors point outside its map, or x86's IDT is
 * empty). Each ends in a defined exit: UNKNOWN with the raw facts, the guest's
 * own exception (the architecture delivers it to the guest, which reports it),
 * NESTED_PAGE_FAULT at the vector, or SYSTEM_DOWN (crash) / FAIL_ENTRY, and
 * never a hang. */
#include <board/print.h>

#include "testing/adversarial/adversarial.h"

static void guest_runs(uint64_t which)
{
    if (which == 0)
        guest_undefined_instruction();
    else
        guest_privileged_instruction();
    GUEST_SYNC(which);
}

/* The first exit of a guest that executed a forbidden instruction. */
static void expect_refused(uint64_t which)
{
    struct vcpu *v = conformance_start(guest_runs, which);
    struct vcpu_exit exit;
    uint64_t code = 0;
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    if (adversarial_is_guest_exception(&exit, &code)) {
        board_printf("  the guest took its own exception (code %lx)\n", code);
        EXPECT_EQ(vcpu_state(v), VCPU_STATE_READY);
    } else {
        EXPECT_EQ(exit.reason, VCPU_EXIT_UNKNOWN);
        EXPECT_EQ(exit.raw.arch, VCPU_ARCH_EXIT_ARCH);
        board_printf("  UNKNOWN exit to the host\n");
    }
    adversarial_expect_healthy();
}

TEST(adversarial, undefined_instruction)
{
    expect_refused(0);
}

TEST(adversarial, privileged_instruction)
{
    expect_refused(1);
}

static void guest_breaks_vectors(uint64_t gpa)
{
    guest_raise_with_broken_vectors(gpa);
    GUEST_SYNC(0xbad); /* unreachable */
}

TEST(adversarial, unhandleable_exception)
{
    struct vcpu *v = conformance_start(guest_breaks_vectors, test_npf_gpa);
    struct vcpu_exit exit;
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    if (exit.reason == VCPU_EXIT_NESTED_PAGE_FAULT) {
        /* The vector fetch faults, again every time the VMM retries. */
        for (int i = 0; i < 3; i++) {
            EXPECT_EQ(exit.nested_page_fault.addr & ~0xffful, test_npf_gpa);
            EXPECT_EQ(exit.nested_page_fault.access_flags, VCPU_MAP_EXECUTE);
            ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
            ASSERT_EQ(exit.reason, VCPU_EXIT_NESTED_PAGE_FAULT);
        }
    } else if (exit.reason == VCPU_EXIT_SYSTEM_DOWN) {
        EXPECT_EQ(exit.system_down.kind, VCPU_SYSTEM_CRASH); /* triple fault */
    } else {
        EXPECT_EQ(exit.reason, VCPU_EXIT_FAIL_ENTRY);
    }
    board_printf("  %s\n", vcpu_exit_reason_name(exit.reason));
    adversarial_expect_healthy();
}

static void guest_reads_impossible(uint64_t unused)
{
    (void)unused;
    GUEST_SYNC(guest_read_impossible_address());
}

/* A load from an address outside every guest address space: a defined exit
 * (the guest's own fault, NESTED_PAGE_FAULT, MMIO_READ or UNKNOWN) every time
 * the VMM retries, never a hypervisor fault. */
TEST(adversarial, impossible_address)
{
    struct vcpu *v = conformance_start(guest_reads_impossible, 0);
    for (int i = 0; i < 3; i++) {
        struct vcpu_exit exit;
        uint64_t code = 0;
        ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
        if (adversarial_is_guest_exception(&exit, &code)) {
            board_printf("  the guest took its own exception (code %lx)\n", code);
            break;
        }
        EXPECT_TRUE(exit.reason == VCPU_EXIT_NESTED_PAGE_FAULT ||
                    exit.reason == VCPU_EXIT_MMIO_READ || exit.reason == VCPU_EXIT_UNKNOWN);
        EXPECT_EQ(exit.raw.arch, VCPU_ARCH_EXIT_ARCH);
        board_printf("  %s\n", vcpu_exit_reason_name(exit.reason));
        if (exit.reason == VCPU_EXIT_MMIO_READ) { /* completed: the guest goes on */
            ASSERT_EQ(vcpu_complete_read(v, &exit, 0), VCPU_OK);
            EXPECT_EQ(conformance_expect_sync(v), 0u);
            break;
        }
    }
    adversarial_expect_healthy();
}
