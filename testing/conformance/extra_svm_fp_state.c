/* SVM-only conformance case: FP/SSE state belongs to the vCPU that wrote
 * it. Two vCPUs bound to the same physical CPU each load their own XMM
 * registers and MXCSR, exit, let the other run and overwrite them, and then
 * read back their own values; the host's XMM register is its own after
 * every run. */
#include "testing/conformance/conformance.h"

#define CR4_OSFXSR (1ull << 9)
#define MXCSR_RESET 0x1f80u
#define MXCSR_ROUND_DOWN 0x3f80u /* RC = 01 */
#define MXCSR_ROUND_UP 0x5f80u   /* RC = 10 */
#define HOST_XMM5 0x4057a7e000000005ull

static void guest_enable_sse(void)
{
    uint64_t cr4;
    __asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
    __asm__ volatile("mov %0, %%cr4" : : "r"(cr4 | CR4_OSFXSR) : "memory");
}

static uint32_t read_mxcsr(void)
{
    uint32_t m;
    __asm__ volatile("stmxcsr %0" : "=m"(m));
    return m;
}

/* -mgeneral-regs-only: the compiler never touches the XMM registers, so
 * they hold across the calls in between. */
static void guest_owns_xmm(uint64_t seed)
{
    guest_enable_sse();
    GUEST_SYNC(read_mxcsr()); /* the reset value */
    uint32_t mxcsr = (seed & 1) ? MXCSR_ROUND_UP : MXCSR_ROUND_DOWN;
    __asm__ volatile("movq %0, %%xmm0; movq %1, %%xmm8; movq %2, %%xmm15; ldmxcsr %3"
                     :
                     : "r"(seed), "r"(~seed), "r"(seed * 3), "m"(mxcsr)
                     : "memory");
    GUEST_SYNC(0); /* exit: the other vCPU runs */
    uint64_t x0, x8, x15;
    __asm__ volatile("movq %%xmm0, %0; movq %%xmm8, %1; movq %%xmm15, %2"
                     : "=r"(x0), "=r"(x8), "=r"(x15));
    GUEST_SYNC(x0);
    GUEST_SYNC(x8);
    GUEST_SYNC(x15);
    GUEST_SYNC(read_mxcsr());
}

static void host_write_xmm5(uint64_t v)
{
    __asm__ volatile("movq %0, %%xmm5" : : "r"(v));
}

static uint64_t host_read_xmm5(void)
{
    uint64_t v;
    __asm__ volatile("movq %%xmm5, %0" : "=r"(v));
    return v;
}

TEST(conformance_svm, fp_state_stays_in_the_vcpu)
{
    static const uint64_t seeds[2] = {0x1111222233334444ull, 0x5555666677778889ull};
    struct test_vm *vm = &conformance_vm;
    ASSERT_EQ(test_vm_create(vm, 1), VCPU_OK);
    for (uint32_t i = 0; i < 2; i++) {
        ASSERT_EQ(test_vm_add_vcpu(vm, i, guest_owns_xmm, seeds[i]), VCPU_OK);
        ASSERT_EQ(vcpu_bind(&vm->vcpus[i]), VCPU_OK); /* both on this CPU */
    }
    struct vcpu *v0 = &vm->vcpus[0], *v1 = &vm->vcpus[1];
    host_write_xmm5(HOST_XMM5); /* percpu enable set CR4.OSFXSR */
    EXPECT_EQ(conformance_expect_sync(v0), MXCSR_RESET);
    EXPECT_EQ(conformance_expect_sync(v0), 0u); /* v0's values loaded */
    EXPECT_EQ(host_read_xmm5(), HOST_XMM5);
    EXPECT_EQ(conformance_expect_sync(v1), MXCSR_RESET); /* not v0's */
    EXPECT_EQ(conformance_expect_sync(v1), 0u);          /* v1's values loaded */
    EXPECT_EQ(host_read_xmm5(), HOST_XMM5);
    for (uint32_t i = 0; i < 2; i++) {
        struct vcpu *v = i == 0 ? v0 : v1;
        EXPECT_EQ(conformance_expect_sync(v), seeds[i]);
        EXPECT_EQ(conformance_expect_sync(v), ~seeds[i]);
        EXPECT_EQ(conformance_expect_sync(v), seeds[i] * 3);
        EXPECT_EQ(conformance_expect_sync(v), (seeds[i] & 1) ? MXCSR_ROUND_UP : MXCSR_ROUND_DOWN);
        conformance_expect_done(v);
    }
    EXPECT_EQ(host_read_xmm5(), HOST_XMM5);
}
