/* x86 conformance cases of guest isolation the VMX backend implements: a
 * guest's MOV CR8 stays on its own virtual TPR, and one guest never reads
 * another's SSE registers when both run on one CPU. They run on the VMX
 * machines only; on others each case returns at once (their backends keep
 * their own cases for the same guarantees). */
#include "testing/conformance/conformance.h"

#define PATTERN_A 0x0123456789abcdefull
#define PATTERN_B 0xfedcba9876543210ull
#define CR4_OSFXSR_OSXMMEXCPT 0x600u

static bool on_vmx(void)
{
    return VCPU_ARCH_EXIT_ARCH == VCPU_ARCH_VMX;
}

static uint64_t host_cr8(void)
{
    uint64_t v;
    __asm__ volatile("mov %%cr8, %0" : "=r"(v));
    return v;
}

static void guest_sets_cr8(uint64_t tpr)
{
    uint64_t back;
    __asm__ volatile("mov %1, %%cr8; mov %%cr8, %0" : "=r"(back) : "r"(tpr) : "memory");
    GUEST_SYNC(back);
    __asm__ volatile("mov %0, %%cr8" : : "r"(0ull) : "memory");
    GUEST_SYNC(0x8);
}

/* A guest raising its TPR must not raise the host's: the physical TPR would
 * mask the host's interrupts (its timer, kicks) for as long as it stays. */
TEST(conformance_x86, guest_cr8_is_not_the_host_tpr)
{
    if (!on_vmx())
        return;
    uint64_t before = host_cr8();
    struct vcpu *v = conformance_start(guest_sets_cr8, 0xf);
    uint64_t seen = conformance_expect_sync(v);
    uint64_t host = host_cr8();
    __asm__ volatile("mov %0, %%cr8" : : "r"(before) : "memory"); /* in case it leaked */
    EXPECT_EQ(seen, 0xfu); /* the guest reads back its own TPR */
    EXPECT_EQ(host, before);
    EXPECT_EQ(conformance_expect_sync(v), 0x8u);
}

static void guest_enable_sse(void)
{
    uint64_t cr4;
    __asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
    cr4 |= CR4_OSFXSR_OSXMMEXCPT;
    __asm__ volatile("mov %0, %%cr4" : : "r"(cr4) : "memory");
}

static uint64_t guest_xmm0(void)
{
    uint64_t v;
    __asm__ volatile("movq %%xmm0, %0" : "=r"(v));
    return v;
}

static void guest_set_xmm0(uint64_t v)
{
    __asm__ volatile("movq %0, %%xmm0" : : "r"(v));
}

/* Writes `pattern` into XMM0, reports what it held first, then what it holds
 * after the other vCPU ran. */
static void guest_owns_xmm0(uint64_t pattern)
{
    guest_enable_sse();
    uint64_t first = guest_xmm0();
    guest_set_xmm0(pattern);
    GUEST_SYNC(first);
    GUEST_SYNC(guest_xmm0());
}

/* Two vCPUs of one VM share CPU 0: neither sees the other's XMM0, and each
 * finds its own again after the other ran. */
TEST(conformance_x86, sse_state_is_per_vcpu)
{
    if (!on_vmx())
        return;
    struct vcpu *a = conformance_start(guest_owns_xmm0, PATTERN_A);
    ASSERT_EQ(test_vm_add_vcpu(&conformance_vm, 1, guest_owns_xmm0, PATTERN_B), VCPU_OK);
    struct vcpu *b = &conformance_vm.vcpus[1];
    ASSERT_EQ(vcpu_bind(b), VCPU_OK);
    EXPECT_EQ(conformance_expect_sync(a), 0u); /* reset state */
    EXPECT_EQ(conformance_expect_sync(b), 0u); /* not PATTERN_A */
    EXPECT_EQ(conformance_expect_sync(a), PATTERN_A);
    EXPECT_EQ(conformance_expect_sync(b), PATTERN_B);
}
