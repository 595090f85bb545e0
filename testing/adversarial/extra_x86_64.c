/* x86-only adversarial cases: guest-controlled values that reach the MMIO
 * decoder or the address checks. A non-canonical address is the guest's own
 * #GP; an address-size-prefixed store is decoded right or refused; a string
 * move from MMIO is refused (NESTED_PAGE_FAULT), never half-emulated. */
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
