/* x86-only adversarial cases: guest-controlled values that reach the MMIO
 * decoder or the address checks. A non-canonical address is the guest's own
 * #GP; an address-size-prefixed store is decoded right or refused; a string
 * move from MMIO is refused (NESTED_PAGE_FAULT), never half-emulated. */
#include <board/print.h>

#include "testing/adversarial/adversarial.h"

#define X86_GP 13u

static void guest_reads_noncanonical(uint64_t unused)
{
    (void)unused;
    GUEST_SYNC(guest_read64(0x8000000000000000ull));
}

TEST(adversarial_x86, noncanonical_address)
{
    struct vcpu *v = conformance_start(guest_reads_noncanonical, 0);
    struct vcpu_exit exit;
    uint64_t vector = 0;
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    EXPECT_TRUE(adversarial_is_guest_exception(&exit, &vector));
    EXPECT_EQ(vector, X86_GP);
    adversarial_expect_healthy();
}

static void guest_odd_encodings(uint64_t gpa)
{
    /* addr32 mov %al, (%edi): the address-size prefix on a store to MMIO. */
    __asm__ volatile(".byte 0x67; movb %%al, (%%edi)" : : "a"(0x5au), "D"(gpa) : "memory");
    /* rep movsq from MMIO: a string form the decoder must refuse. */
    uint64_t buffer[4];
    __asm__ volatile("rep movsq"
                     : "+S"(gpa), "+c"((uint64_t){4}), "+D"((uint64_t *){buffer})
                     :
                     : "memory");
    GUEST_SYNC(buffer[0]);
}

TEST(adversarial_x86, odd_mmio_encodings)
{
    struct vcpu *v = conformance_start(guest_odd_encodings, test_mmio_gpa);
    struct vcpu_exit exit;
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    if (exit.reason == VCPU_EXIT_MMIO_WRITE) {
        EXPECT_EQ(exit.mmio_write.addr, test_mmio_gpa);
        EXPECT_EQ(exit.mmio_write.width, VCPU_WIDTH_8);
        EXPECT_EQ(exit.mmio_write.data, 0x5au);
        ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    } else {
        /* Refused: it re-faults until the VMM does something, so stop here. */
        ASSERT_EQ(exit.reason, VCPU_EXIT_NESTED_PAGE_FAULT);
        EXPECT_EQ(exit.nested_page_fault.addr, test_mmio_gpa);
        adversarial_expect_healthy();
        return;
    }
    ASSERT_EQ(exit.reason, VCPU_EXIT_NESTED_PAGE_FAULT);
    EXPECT_EQ(exit.nested_page_fault.addr, test_mmio_gpa);
    EXPECT_EQ(exit.nested_page_fault.access_flags, VCPU_MAP_READ);
    adversarial_expect_healthy();
}

static void guest_never_runs(uint64_t unused)
{
    (void)unused;
}

/* Unrecoverable guest state from the VMM's side: a 64-bit vCPU set up at a
 * non-canonical RIP. The entry is refused (FAIL_ENTRY) or the guest's first
 * fetch cannot be delivered (SYSTEM_DOWN after a triple fault, or the
 * guest's own exception): a defined exit, then a healthy hypervisor. */
TEST(adversarial_x86, noncanonical_entry_point)
{
    struct vcpu *v = conformance_start(guest_never_runs, 0);
    ASSERT_EQ(vcpu_set_entry(v, 0x8000000000001000ull), VCPU_OK);
    struct vcpu_exit exit;
    uint64_t code = 0;
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    if (adversarial_is_guest_exception(&exit, &code)) {
        board_printf("  the guest took its own exception (code %lx)\n", code);
    } else {
        board_printf("  %s\n", vcpu_exit_reason_name(exit.reason));
        EXPECT_TRUE(
            exit.reason == VCPU_EXIT_FAIL_ENTRY ||
            (exit.reason == VCPU_EXIT_SYSTEM_DOWN && exit.system_down.kind == VCPU_SYSTEM_CRASH));
    }
    adversarial_expect_healthy();
}

/* Guest state the hardware refuses at entry: a guest CR3 with reserved bits
 * set, through the backend's setup config. Either vcpu_setup() refuses it
 * (INVALID_ARG), or the entry fails (FAIL_ENTRY with the hardware's reason:
 * QEMU's SVM and Bochs' VMX), or, where the emulator does not check CR3
 * (Bochs' SVM), the guest cannot run and shuts down (SYSTEM_DOWN, crash);
 * then a healthy hypervisor. */
TEST(adversarial_x86, invalid_guest_state)
{
    ASSERT_EQ(test_vm_create(&conformance_vm, 1), VCPU_OK);
    struct vcpu_setup_config cfg = *test_vm_arch_setup_config();
    cfg.cr3 |= 1ull << 62; /* reserved in every paging mode */
    struct vcpu *v = &conformance_vm.vcpus[0];
    ASSERT_EQ(vcpu_init(v, 1, 0, -1, 0, NULL), VCPU_OK);
    int rc = vcpu_setup(v, guest_entry_point(), conformance_vm.s2.root, &cfg);
    if (rc != VCPU_OK) {
        EXPECT_EQ(rc, VCPU_ERR_INVALID_ARG);
        board_printf("  vcpu_setup refused it\n");
    } else {
        ASSERT_EQ(vcpu_bind(v), VCPU_OK);
        struct vcpu_exit exit;
        ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
        board_printf("  %s (hardware reason %lx)\n", vcpu_exit_reason_name(exit.reason),
                     exit.fail_entry.hardware_entry_failure_reason);
        EXPECT_TRUE(
            exit.reason == VCPU_EXIT_FAIL_ENTRY ||
            (exit.reason == VCPU_EXIT_SYSTEM_DOWN && exit.system_down.kind == VCPU_SYSTEM_CRASH));
    }
    adversarial_expect_healthy();
}
