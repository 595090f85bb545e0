/* x86-only conformance cases: what the guest does to its segment and MSR
 * state stays in the guest (the host checks its own TR, FS, GS and syscall
 * MSRs after every exit), MSRs not switched per guest exit to the VMM, and an
 * exception interrupted by an exit is redelivered with its error code. */
#include "testing/conformance/conformance.h"
#include "lib/guest/guest_x86_64.h"
#include "testing/vmm/test_vm_x86_64.h"

#define MSR_SYSENTER_CS 0x174u
#define MSR_SYSENTER_ESP 0x175u
#define MSR_SYSENTER_EIP 0x176u
#define MSR_APIC_BASE 0x1bu
#define MSR_STAR 0xc0000081u
#define MSR_LSTAR 0xc0000082u
#define MSR_CSTAR 0xc0000083u
#define MSR_SFMASK 0xc0000084u
#define MSR_FS_BASE 0xc0000100u
#define MSR_GS_BASE 0xc0000101u
#define MSR_KERNEL_GS_BASE 0xc0000102u
#define MSR_TSC_AUX 0xc0000103u

#define GUEST_TR 0x20u
#define GUEST_DATA 0x10u
#define BAD_SELECTOR 0xfff8u /* beyond any GDT limit here: #GP(selector) */

struct descriptor_pointer {
    uint16_t limit;
    uint64_t base;
} __attribute__((packed));

static inline uint64_t host_rdmsr(uint32_t msr)
{
    uint32_t lo, hi;
    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return (uint64_t)hi << 32 | lo;
}

/* The MSRs the guest sets to its own values (the ones VMLOAD/VMSAVE switch). */
static const struct {
    uint32_t msr;
    uint64_t value;
} guest_msrs[] = {
    {MSR_FS_BASE, 0x5a5a5000ull},
    {MSR_GS_BASE, 0x6b6b6000ull},
    {MSR_KERNEL_GS_BASE, 0x7c7c7000ull},
    {MSR_STAR, 0x0023001000000000ull},
    {MSR_LSTAR, 0xffffffff81000000ull},
    {MSR_CSTAR, 0xffffffff81001000ull},
    {MSR_SFMASK, 0x47700ull},
    {MSR_SYSENTER_CS, 0x10ull},
    {MSR_SYSENTER_ESP, 0x8000ull},
    {MSR_SYSENTER_EIP, 0x9000ull},
};
#define GUEST_MSR_COUNT (sizeof(guest_msrs) / sizeof(guest_msrs[0]))

/* The host's view of that state. */
struct host_state {
    uint16_t tr, fs, gs;
    uint64_t msr[GUEST_MSR_COUNT];
};

static void host_state_read(struct host_state *s)
{
    __asm__ volatile("str %0; mov %%fs, %1; mov %%gs, %2" : "=r"(s->tr), "=r"(s->fs), "=r"(s->gs));
    for (unsigned i = 0; i < GUEST_MSR_COUNT; i++)
        s->msr[i] = host_rdmsr(guest_msrs[i].msr);
}

static void expect_host_state(const struct host_state *before)
{
    struct host_state now;
    host_state_read(&now);
    EXPECT_EQ(now.tr, before->tr);
    EXPECT_EQ(now.fs, before->fs);
    EXPECT_EQ(now.gs, before->gs);
    for (unsigned i = 0; i < GUEST_MSR_COUNT; i++)
        EXPECT_EQ(now.msr[i], before->msr[i]);
}

static uint64_t guest_gdt[8] __attribute__((aligned(16)));
static uint8_t guest_tss[104] __attribute__((aligned(16)));

/* Loads a GDT of its own with a TSS at GUEST_TR, then TR, FS, GS and the
 * switched MSRs; after an exit, checks they are still its own. */
static void guest_own_state(uint64_t unused)
{
    (void)unused;
    struct descriptor_pointer gdtr;
    __asm__ volatile("sgdt %0" : "=m"(gdtr));
    for (unsigned i = 0; i < 4; i++) /* null, code 0x08, data 0x10, code32 0x18 */
        guest_gdt[i] = ((const uint64_t *)(uintptr_t)gdtr.base)[i];
    uint64_t base = (uint64_t)(uintptr_t)guest_tss, limit = sizeof(guest_tss) - 1;
    guest_gdt[GUEST_TR / 8] = (limit & 0xffff) | (base & 0xffffff) << 16 |
                              0x89ull << 40 /* present, available 64-bit TSS */ |
                              ((base >> 24) & 0xff) << 56;
    guest_gdt[GUEST_TR / 8 + 1] = base >> 32;
    struct descriptor_pointer mine = {sizeof(guest_gdt) - 1, (uint64_t)(uintptr_t)guest_gdt};
    __asm__ volatile("lgdt %0; ltr %w1; mov %w2, %%fs; mov %w2, %%gs"
                     :
                     : "m"(mine), "r"(GUEST_TR), "r"(GUEST_DATA)
                     : "memory");
    for (unsigned i = 0; i < GUEST_MSR_COUNT; i++)
        guest_wrmsr(guest_msrs[i].msr, guest_msrs[i].value);
    GUEST_SYNC(1);
    uint16_t tr, fs, gs;
    __asm__ volatile("str %0; mov %%fs, %1; mov %%gs, %2" : "=r"(tr), "=r"(fs), "=r"(gs));
    GUEST_ASSERT(tr == GUEST_TR);
    GUEST_ASSERT(fs == GUEST_DATA && gs == GUEST_DATA);
    for (unsigned i = 0; i < GUEST_MSR_COUNT; i++)
        GUEST_ASSERT(guest_rdmsr(guest_msrs[i].msr) == guest_msrs[i].value);
    GUEST_SYNC(2);
}

TEST(conformance_x86, segment_and_syscall_state_stay_in_the_guest)
{
    struct host_state host;
    host_state_read(&host);
    struct vcpu *v = conformance_start(guest_own_state, 0);
    EXPECT_EQ(conformance_expect_sync(v), 1);
    expect_host_state(&host);
    EXPECT_EQ(conformance_expect_sync(v), 2); /* the guest's values survived the exit */
    expect_host_state(&host);
    conformance_expect_done(v);
    expect_host_state(&host);
}

#define GUEST_LSTAR 0xffffffff81234000ull

static void guest_msr_policy(uint64_t virt_msr)
{
    guest_wrmsr(MSR_TSC_AUX, 0x77);
    GUEST_SYNC(0); /* if the write above did not exit, the case ends here */
    guest_wrmsr((uint32_t)virt_msr, 0x1000);
    GUEST_SYNC(guest_rdmsr(MSR_APIC_BASE));
    guest_wrmsr(MSR_LSTAR, GUEST_LSTAR); /* switched per guest: no exit */
    GUEST_SYNC(guest_rdmsr(MSR_LSTAR));
}

static bool host_has_rdtscp(void)
{
    uint32_t a, b, c, d;
    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0x80000001u), "c"(0));
    return (d >> 27) & 1;
}

TEST(conformance_x86, host_msrs_exit_to_the_vmm)
{
    bool rdtscp = host_has_rdtscp();
    uint64_t tsc_aux = rdtscp ? host_rdmsr(MSR_TSC_AUX) : 0;
    /* SVM: VM_HSAVE_PA; VMX: IA32_FEATURE_CONTROL. */
    uint64_t virt = host_rdmsr(test_x86_virt_msr), lstar = host_rdmsr(MSR_LSTAR);
    struct vcpu *v = conformance_start(guest_msr_policy, test_x86_virt_msr);
    struct vcpu_exit exit;
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    ASSERT_EQ(exit.reason, VCPU_EXIT_SYSREG_WRITE);
    EXPECT_EQ(exit.sysreg_write.addr, MSR_TSC_AUX);
    EXPECT_EQ(exit.sysreg_write.value, 0x77);
    EXPECT_EQ(conformance_expect_sync(v), 0);
    if (rdtscp)
        EXPECT_EQ(host_rdmsr(MSR_TSC_AUX), tsc_aux);
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    ASSERT_EQ(exit.reason, VCPU_EXIT_SYSREG_WRITE);
    EXPECT_EQ(exit.sysreg_write.addr, test_x86_virt_msr);
    EXPECT_EQ(exit.sysreg_write.value, 0x1000);
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    ASSERT_EQ(exit.reason, VCPU_EXIT_SYSREG_READ);
    EXPECT_EQ(exit.sysreg_read.addr, MSR_APIC_BASE);
    ASSERT_EQ(vcpu_complete_read(v, &exit, 0xfee00d00ull), VCPU_OK);
    EXPECT_EQ(conformance_expect_sync(v), 0xfee00d00ull); /* the VMM's value, not the host's */
    EXPECT_EQ(conformance_expect_sync(v), GUEST_LSTAR);
    conformance_expect_done(v);
    if (rdtscp)
        EXPECT_EQ(host_rdmsr(MSR_TSC_AUX), tsc_aux);
    EXPECT_EQ(host_rdmsr(test_x86_virt_msr), virt);
    EXPECT_EQ(host_rdmsr(MSR_LSTAR), lstar);
}

/* x86_gp_on_stack(stack_top): switches to `stack_top` and loads DS with
 * BAD_SELECTOR; the #GP handler returns its error code on the old stack. */
uint64_t x86_gp_on_stack(uint64_t stack_top);
extern const char x86_gp_handler[];
__asm__(".text\n"
        ".global x86_gp_on_stack\n"
        "x86_gp_on_stack:\n"
        "    mov %rsp, x86_gp_saved_rsp(%rip)\n"
        "    mov %rdi, %rsp\n"
        "    mov $0xfff8, %eax\n"
        "    mov %eax, %ds\n"
        "    ud2\n"
        ".global x86_gp_handler\n"
        "x86_gp_handler:\n"
        "    pop %rax\n" /* the error code */
        "    mov x86_gp_saved_rsp(%rip), %rsp\n"
        "    ret\n"
        ".data\n"
        ".balign 8\n"
        "x86_gp_saved_rsp: .quad 0\n"
        ".text\n");

static uint64_t guest_idt[2 * 256] __attribute__((aligned(16)));

/* Raises #GP with its stack in a page the VMM has not mapped yet: the push
 * of the exception frame exits, and the exception must come back with its
 * error code once the page is there. */
static void guest_exception_on_unmapped_stack(uint64_t stack_top)
{
    uint64_t h = (uint64_t)(uintptr_t)x86_gp_handler;
    guest_idt[2 * 13] = (h & 0xffff) | 0x08ull << 16 | 0x8eull << 40 | (h >> 16 & 0xffff) << 48;
    guest_idt[2 * 13 + 1] = h >> 32;
    struct descriptor_pointer idtr = {sizeof(guest_idt) - 1, (uint64_t)(uintptr_t)guest_idt};
    __asm__ volatile("lidt %0" : : "m"(idtr) : "memory");
    GUEST_SYNC(x86_gp_on_stack(stack_top));
}

TEST(conformance_x86, exception_error_code_survives_an_exit)
{
    struct vcpu *v = conformance_start(guest_exception_on_unmapped_stack, test_npf_gpa + 4096);
    struct vcpu_exit exit;
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    ASSERT_EQ(exit.reason, VCPU_EXIT_NESTED_PAGE_FAULT);
    EXPECT_EQ(exit.nested_page_fault.addr & ~0xfffull, test_npf_gpa);
    EXPECT_EQ(exit.nested_page_fault.access_flags, VCPU_MAP_WRITE);
    uint8_t *page = vcpu_host_alloc_pages(1);
    ASSERT_TRUE(page != NULL);
    ASSERT_EQ(stage2_map(&conformance_vm.s2, test_npf_gpa, vcpu_host_virt_to_phys(page), 4096,
                         VCPU_MAP_READ | VCPU_MAP_WRITE),
              VCPU_OK);
    EXPECT_EQ(conformance_expect_sync(v), BAD_SELECTOR);
    conformance_expect_done(v);
}
