/* aarch64-only conformance cases: the exceptions a guest OS handles itself
 * reach the guest (BRK, UNDEF, misaligned access, SVC from EL0), a round trip
 * from EL0 through an exit stays at EL0, a translation fault in the guest's
 * own stage-1 map reaches the guest, the EL1 physical timer and the PMU
 * trap instead of reaching the host's hardware, FP/SIMD registers are private
 * to each vCPU, and two VMs whose ids agree in the low 8 bits never share
 * stage-2 translations. */
#include <vcpu/arm_el2.h>
#include <vcpu/host.h>

#include "lib/guest/guest_aarch64.h"
#include "testing/conformance/conformance.h"

#define EC_UNKNOWN 0x00u
#define EC_SVC64 0x15u
#define EC_DABT_CUR 0x25u
#define EC_BRK64 0x3cu
#define DFSC_ALIGNMENT 0x21u
#define DFSC_TRANSLATION_L3 0x07u
#define ESR_WNR (1u << 6)
#define SPSR_MODE_MASK 0xfu
#define SPSR_EL0T 0x0u

#define CNTP_CTL_EL0 VCPU_SYSREG_ARM64(3, 3, 14, 2, 1)
#define CNTP_CVAL_EL0 VCPU_SYSREG_ARM64(3, 3, 14, 2, 2)
#define PMCR_EL0 VCPU_SYSREG_ARM64(3, 3, 9, 12, 0)
#define PMCCNTR_EL0 VCPU_SYSREG_ARM64(3, 3, 9, 13, 0)

/* Runs `v` to the guest's own exception report; returns ESR_EL1 and stores
 * the faulting PC and the detail (FAR_EL1, or SPSR_EL1 from EL0). */
static uint64_t expect_guest_exception(struct vcpu *v, uint64_t *pc, uint64_t *detail)
{
    struct vcpu_exit exit;
    EXPECT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    uint64_t esr = 0;
    if (!test_exit_is_ucall(&exit, GUEST_UCALL_EXCEPTION, &esr)) {
        vtest_fail(__FILE__, __LINE__, "expected the guest's own exception, got %s",
                   vcpu_exit_reason_name(exit.reason));
        return ~0ull;
    }
    *pc = exit.hypercall.args[2];
    *detail = exit.hypercall.args[3];
    return esr;
}

static void guest_breakpoint(uint64_t unused)
{
    (void)unused;
    __asm__ volatile("brk #0x77" ::: "memory");
    GUEST_SYNC(0xbad);
}

TEST(conformance_aarch64, brk_goes_to_the_guest)
{
    struct vcpu *v = conformance_start(guest_breakpoint, 0);
    uint64_t pc = 0, far = 0;
    uint64_t esr = expect_guest_exception(v, &pc, &far);
    EXPECT_EQ(test_exception_class(esr), EC_BRK64);
    EXPECT_EQ(esr & 0xffff, 0x77u); /* the BRK's comment */
    struct vcpu_stats stats;
    ASSERT_EQ(vcpu_stats(v, &stats), VCPU_OK);
    EXPECT_EQ(stats.exits[VCPU_EXIT_UNKNOWN], 0u);
}

static void guest_undefined(uint64_t unused)
{
    (void)unused;
    guest_undefined_instruction();
    GUEST_SYNC(0xbad);
}

TEST(conformance_aarch64, undef_goes_to_the_guest)
{
    struct vcpu *v = conformance_start(guest_undefined, 0);
    uint64_t pc = 0, far = 0;
    EXPECT_EQ(test_exception_class(expect_guest_exception(v, &pc, &far)), EC_UNKNOWN);
}

static uint64_t aligned_word;

static void guest_misaligned(uint64_t unused)
{
    (void)unused;
    /* Alignment checking on (SCTLR_EL1.A), as a guest OS may choose. */
    __asm__ volatile("mrs x1, sctlr_el1; orr x1, x1, #2; msr sctlr_el1, x1; isb" ::
                         : "x1", "memory");
    (void)guest_read32((uintptr_t)&aligned_word + 1);
    GUEST_SYNC(0xbad);
}

TEST(conformance_aarch64, misaligned_access_goes_to_the_guest)
{
    struct vcpu *v = conformance_start(guest_misaligned, 0);
    uint64_t pc = 0, far = 0;
    uint64_t esr = expect_guest_exception(v, &pc, &far);
    EXPECT_EQ(test_exception_class(esr), EC_DABT_CUR);
    EXPECT_EQ(esr & 0x3f, DFSC_ALIGNMENT);
    EXPECT_EQ(far, (uint64_t)(uintptr_t)&aligned_word + 1);
}

/* A page of the image, mapped at stage 2, that the guest's own stage-1 map
 * leaves invalid. */
static volatile uint64_t stage1_hole[512] __attribute__((aligned(4096)));

static void guest_faults_in_its_own_map(uint64_t unused)
{
    (void)unused;
    GUEST_SYNC(stage1_hole[1]); /* MMU off: the page is there */
    guest_mmu_enable((uintptr_t)stage1_hole);
    uint64_t sctlr;
    __asm__ volatile("mrs %0, sctlr_el1" : "=r"(sctlr));
    GUEST_SYNC(sctlr & 1);
    (void)guest_read64((uintptr_t)&stage1_hole[1]);
    GUEST_SYNC(0xbad);
}

TEST(conformance_aarch64, stage1_translation_fault_goes_to_the_guest)
{
    stage1_hole[1] = 0x51e1;
    struct vcpu *v = conformance_start(guest_faults_in_its_own_map, 0);
    EXPECT_EQ(conformance_expect_sync(v), 0x51e1u);
    EXPECT_EQ(conformance_expect_sync(v), 1u); /* SCTLR_EL1.M */
    uint64_t pc = 0, far = 0;
    uint64_t esr = expect_guest_exception(v, &pc, &far);
    EXPECT_EQ(test_exception_class(esr), EC_DABT_CUR);
    EXPECT_EQ(esr & 0x3f, DFSC_TRANSLATION_L3);
    EXPECT_EQ(esr & ESR_WNR, 0u);
    EXPECT_EQ(far, (uint64_t)(uintptr_t)&stage1_hole[1]);
    struct vcpu_stats stats;
    ASSERT_EQ(vcpu_stats(v, &stats), VCPU_OK);
    EXPECT_EQ(stats.exits[VCPU_EXIT_NESTED_PAGE_FAULT], 0u);
    EXPECT_EQ(stats.exits[VCPU_EXIT_MMIO_READ], 0u);
    EXPECT_EQ(stats.exits[VCPU_EXIT_UNKNOWN], 0u);
}

/* At EL0: an MMIO read and an MMIO write (exits to the VMM), then an SVC to
 * the guest's EL1, which reports it with SPSR_EL1. */
static void user_reads_then_calls(uint64_t arg)
{
    uint32_t got = guest_read32(test_mmio_gpa);
    guest_write32(test_mmio_gpa, got + (uint32_t)arg);
    __asm__ volatile("svc #0x5c" ::: "memory");
    for (;;) {
    }
}

static uint8_t user_stack[4096] __attribute__((aligned(16)));

static void guest_goes_to_el0(uint64_t arg)
{
    guest_enter_el0(user_reads_then_calls, arg, (uintptr_t)user_stack + sizeof(user_stack));
}

TEST(conformance_aarch64, el0_round_trip_and_svc)
{
    struct vcpu *v = conformance_start(guest_goes_to_el0, 0x10);
    struct vcpu_exit exit;
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    ASSERT_EQ(exit.reason, VCPU_EXIT_MMIO_READ);
    EXPECT_EQ(exit.mmio_read.addr, test_mmio_gpa);
    uint64_t sp = 0;
    ASSERT_EQ(vcpu_get_reg(v, VCPU_REG_SP, &sp), VCPU_OK); /* SP_EL0 at EL0 */
    EXPECT_GT(sp, (uint64_t)(uintptr_t)user_stack);
    EXPECT_LE(sp, (uint64_t)(uintptr_t)user_stack + sizeof(user_stack));
    ASSERT_EQ(vcpu_complete_read(v, &exit, 0x5), VCPU_OK);
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    ASSERT_EQ(exit.reason, VCPU_EXIT_MMIO_WRITE);
    EXPECT_EQ(exit.mmio_write.data, 0x15u); /* the completed read reached EL0 */
    uint64_t pc = 0, spsr = ~0ull;
    uint64_t esr = expect_guest_exception(v, &pc, &spsr);
    EXPECT_EQ(test_exception_class(esr), EC_SVC64);
    EXPECT_EQ(esr & 0xffff, 0x5cu);
    EXPECT_EQ(spsr & SPSR_MODE_MASK, SPSR_EL0T); /* still at EL0 after both exits */
}

static void guest_programs_physical_timer(uint64_t unused)
{
    (void)unused;
    __asm__ volatile("msr cntp_cval_el0, xzr; msr cntp_ctl_el0, %0; isb" : : "r"(1ul) : "memory");
    uint64_t ctl;
    __asm__ volatile("mrs %0, cntp_ctl_el0" : "=r"(ctl));
    GUEST_SYNC(ctl);
}

TEST(conformance_aarch64, el1_physical_timer_is_trapped)
{
    struct vcpu *v = conformance_start(guest_programs_physical_timer, 0);
    struct vcpu_exit exit;
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    ASSERT_EQ(exit.reason, VCPU_EXIT_SYSREG_WRITE);
    EXPECT_EQ(exit.sysreg_write.addr, CNTP_CVAL_EL0);
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    ASSERT_EQ(exit.reason, VCPU_EXIT_SYSREG_WRITE);
    EXPECT_EQ(exit.sysreg_write.addr, CNTP_CTL_EL0);
    EXPECT_EQ(exit.sysreg_write.value, 1u);
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    ASSERT_EQ(exit.reason, VCPU_EXIT_SYSREG_READ);
    EXPECT_EQ(exit.sysreg_read.addr, CNTP_CTL_EL0);
    ASSERT_EQ(vcpu_complete_read(v, &exit, 0x42), VCPU_OK);
    EXPECT_EQ(conformance_expect_sync(v), 0x42u);
    /* The CPU's EL1 physical timer was never enabled. */
    uint64_t ctl;
    __asm__ volatile("mrs %0, cntp_ctl_el0" : "=r"(ctl));
    EXPECT_EQ(ctl & 1, 0u);
}

static void guest_uses_pmu(uint64_t unused)
{
    (void)unused;
    uint64_t cycles;
    __asm__ volatile("mrs %0, pmccntr_el0" : "=r"(cycles));
    GUEST_SYNC(cycles);
    __asm__ volatile("msr pmcr_el0, %0; isb" : : "r"(0x7ul) : "memory"); /* E, P, C */
    GUEST_SYNC(0x9c);
}

TEST(conformance_aarch64, pmu_is_trapped)
{
    uint64_t host_pmcr;
    __asm__ volatile("mrs %0, pmcr_el0" : "=r"(host_pmcr));
    struct vcpu *v = conformance_start(guest_uses_pmu, 0);
    struct vcpu_exit exit;
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    ASSERT_EQ(exit.reason, VCPU_EXIT_SYSREG_READ);
    EXPECT_EQ(exit.sysreg_read.addr, PMCCNTR_EL0);
    ASSERT_EQ(vcpu_complete_read(v, &exit, 0x1234), VCPU_OK);
    EXPECT_EQ(conformance_expect_sync(v), 0x1234u);
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    ASSERT_EQ(exit.reason, VCPU_EXIT_SYSREG_WRITE);
    EXPECT_EQ(exit.sysreg_write.addr, PMCR_EL0);
    EXPECT_EQ(conformance_expect_sync(v), 0x9cu);
    uint64_t pmcr;
    __asm__ volatile("mrs %0, pmcr_el0" : "=r"(pmcr));
    EXPECT_EQ(pmcr & 0xff, host_pmcr & 0xff); /* the host's PMU untouched */
}

/* Reports what it finds in d0, puts `mine` there, then checks it stays. */
static void guest_fp_owner(uint64_t mine)
{
    guest_fpsimd_write(0); /* enables FP/SIMD; the earlier value is gone */
    GUEST_SYNC(1);
    guest_fpsimd_write(mine);
    GUEST_SYNC(guest_fpsimd_read());
    GUEST_SYNC(guest_fpsimd_read());
}

static void guest_fp_spy(uint64_t unused)
{
    (void)unused;
    __asm__ volatile("mrs x1, cpacr_el1; orr x1, x1, #(3 << 20); msr cpacr_el1, x1; isb" ::
                         : "x1", "memory");
    GUEST_SYNC(guest_fpsimd_read()); /* a fresh vCPU: zeros, so "torn" */
    guest_fpsimd_write(0x5b5b);
    GUEST_SYNC(guest_fpsimd_read());
}

TEST(conformance_aarch64, fpsimd_registers_are_per_vcpu)
{
    struct test_vm *vm = &conformance_vm;
    ASSERT_EQ(test_vm_create(vm, 1), VCPU_OK);
    ASSERT_EQ(test_vm_add_vcpu(vm, 0, guest_fp_owner, 0xa11ce), VCPU_OK);
    ASSERT_EQ(test_vm_add_vcpu(vm, 1, guest_fp_spy, 0), VCPU_OK);
    struct vcpu *a = &vm->vcpus[0], *b = &vm->vcpus[1];
    ASSERT_EQ(vcpu_bind(a), VCPU_OK);
    ASSERT_EQ(vcpu_bind(b), VCPU_OK); /* both on this CPU */
    EXPECT_EQ(conformance_expect_sync(a), 1u);
    EXPECT_EQ(conformance_expect_sync(a), 0xa11ceu);
    /* d0 = 0, d31 = 0 for a fresh vCPU: not ~d0, so the read says torn. */
    EXPECT_EQ(conformance_expect_sync(b), GUEST_FPSIMD_TORN);
    EXPECT_EQ(conformance_expect_sync(b), 0x5b5bu);
    EXPECT_EQ(conformance_expect_sync(a), 0xa11ceu);
}

/* Reads the same guest-physical page three times. */
static void guest_reads_page(uint64_t unused)
{
    (void)unused;
    for (int i = 0; i < 3; i++)
        GUEST_SYNC(guest_read64(test_npf_gpa));
}

static struct test_vm alias_vm;

TEST(conformance_aarch64, vm_ids_257_apart_do_not_share_translations)
{
    struct test_vm *vms[2] = {&conformance_vm, &alias_vm};
    const vcpu_vm_id_t ids[2] = {1, 257}; /* equal in their low 8 bits */
    static uint64_t *pages[2];
    for (int i = 0; i < 2; i++) {
        ASSERT_EQ(test_vm_create(vms[i], ids[i]), VCPU_OK);
        if (pages[i] == NULL)
            pages[i] = vcpu_host_alloc_pages(1);
        ASSERT_TRUE(pages[i] != NULL);
        pages[i][0] = 0xa000u + (uint64_t)i;
        ASSERT_EQ(stage2_map(&vms[i]->s2, test_npf_gpa, vcpu_host_virt_to_phys(pages[i]), 4096,
                             VCPU_MAP_READ | VCPU_MAP_WRITE),
                  VCPU_OK);
        ASSERT_EQ(test_vm_add_vcpu(vms[i], 0, guest_reads_page, 0), VCPU_OK);
        ASSERT_EQ(vcpu_bind(&vms[i]->vcpus[0]), VCPU_OK); /* both on this CPU */
    }
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 2; i++)
            EXPECT_EQ(conformance_expect_sync(&vms[i]->vcpus[0]), 0xa000u + (uint64_t)i);
    }
    test_vm_release(&alias_vm);
}
