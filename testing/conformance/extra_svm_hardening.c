/* SVM-only conformance cases of the backend's isolation: INVD and WBINVD
 * never run on the machine, and a nested root of 0 is refused. (XSETBV and
 * the debug registers: extra_x86_64_hardening.c.) */
#include <board/print.h>

#include "testing/conformance/conformance.h"

static void guest_invalidates_caches(uint64_t unused)
{
    (void)unused;
    __asm__ volatile("wbinvd" ::: "memory");
    __asm__ volatile("invd" ::: "memory");
    GUEST_SYNC(0xcac);
}

TEST(conformance_svm, cache_invalidation_is_contained)
{
    struct vcpu *v = conformance_start(guest_invalidates_caches, 0);
    EXPECT_EQ(conformance_expect_sync(v), 0xcacu);
    struct vcpu_stats stats;
    ASSERT_EQ(vcpu_stats(v, &stats), VCPU_OK);
    /* Both exited to the backend, which skipped them. */
    EXPECT_EQ(stats.exits[VCPU_EXIT_NOTHING], 2u);
}

TEST(conformance_svm, nested_root_zero_is_refused)
{
    ASSERT_EQ(test_vm_create(&conformance_vm, 1), VCPU_OK);
    struct vcpu *v = &conformance_vm.vcpus[0];
    ASSERT_EQ(vcpu_init(v, 1, 0, -1, 0, NULL), VCPU_OK);
    EXPECT_EQ(vcpu_setup(v, guest_entry_point(), 0, test_vm_arch_setup_config()),
              VCPU_ERR_INVALID_ARG);
}
