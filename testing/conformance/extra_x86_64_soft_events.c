/* x86-only conformance case: a software interrupt (INT n) and a software
 * exception (INT3) whose delivery an exit interrupted are delivered once,
 * with the return address just past the instruction (VMX re-injects them with
 * the instruction length, SVM lets the instruction raise them again). */
#include "testing/conformance/conformance.h"

#define SOFT_VECTOR 0x81u
#define BP_VECTOR 3u

/* x86_int_on_stack(stack_top) / x86_int3_on_stack(stack_top): switch to
 * `stack_top` and execute INT 0x81 / INT3; x86_soft_handler returns the
 * return RIP the CPU pushed, on the old stack. x86_int_return and
 * x86_int3_return are the addresses just past the two instructions. */
uint64_t x86_int_on_stack(uint64_t stack_top);
uint64_t x86_int3_on_stack(uint64_t stack_top);
extern const char x86_soft_handler[], x86_int_return[], x86_int3_return[];
__asm__(".text\n"
        ".global x86_int_on_stack\n"
        "x86_int_on_stack:\n"
        "    mov %rsp, x86_soft_saved_rsp(%rip)\n"
        "    mov %rdi, %rsp\n"
        "    int $0x81\n"
        ".global x86_int_return\n"
        "x86_int_return:\n"
        "    ud2\n"
        ".global x86_int3_on_stack\n"
        "x86_int3_on_stack:\n"
        "    mov %rsp, x86_soft_saved_rsp(%rip)\n"
        "    mov %rdi, %rsp\n"
        "    int3\n"
        ".global x86_int3_return\n"
        "x86_int3_return:\n"
        "    ud2\n"
        ".global x86_soft_handler\n"
        "x86_soft_handler:\n"
        "    mov (%rsp), %rax\n" /* the pushed return RIP */
        "    mov x86_soft_saved_rsp(%rip), %rsp\n"
        "    ret\n"
        ".data\n"
        ".balign 8\n"
        "x86_soft_saved_rsp: .quad 0\n"
        ".text\n");

struct descriptor_pointer {
    uint16_t limit;
    uint64_t base;
} __attribute__((packed));

static uint64_t guest_idt[2 * 256] __attribute__((aligned(16)));

static void set_gate(unsigned vector, uint64_t handler)
{
    guest_idt[2 * vector] = (handler & 0xffff) | 0x08ull << 16 |
                            0x8eull << 40 /* interrupt gate */ | (handler >> 16 & 0xffff) << 48;
    guest_idt[2 * vector + 1] = handler >> 32;
}

/* INT 0x81 with its stack in the page below `stack_top`, then INT3 with its
 * stack in the page above: neither is mapped yet, so each push of the frame
 * exits first. */
static void guest_soft_events_on_unmapped_stacks(uint64_t stack_top)
{
    set_gate(SOFT_VECTOR, (uint64_t)(uintptr_t)x86_soft_handler);
    set_gate(BP_VECTOR, (uint64_t)(uintptr_t)x86_soft_handler);
    struct descriptor_pointer idtr = {sizeof(guest_idt) - 1, (uint64_t)(uintptr_t)guest_idt};
    __asm__ volatile("lidt %0" : : "m"(idtr) : "memory");
    GUEST_SYNC(x86_int_on_stack(stack_top));
    GUEST_SYNC(x86_int3_on_stack(stack_top + 4096));
}

/* Expects the exit of the frame push into the unmapped page `gpa`, maps it. */
static void expect_push_fault_then_map(struct vcpu *v, vcpu_gpa_t gpa)
{
    struct vcpu_exit exit;
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    ASSERT_EQ(exit.reason, VCPU_EXIT_NESTED_PAGE_FAULT);
    EXPECT_EQ(exit.nested_page_fault.addr & ~0xfffull, gpa);
    EXPECT_EQ(exit.nested_page_fault.access_flags, VCPU_MAP_WRITE);
    uint8_t *page = vcpu_host_alloc_pages(1);
    ASSERT_TRUE(page != NULL);
    ASSERT_EQ(stage2_map(&conformance_vm.s2, gpa, vcpu_host_virt_to_phys(page), 4096,
                         VCPU_MAP_READ | VCPU_MAP_WRITE),
              VCPU_OK);
}

TEST(conformance_x86, software_events_survive_an_exit)
{
    struct vcpu *v = conformance_start(guest_soft_events_on_unmapped_stacks, test_npf_gpa + 4096);
    expect_push_fault_then_map(v, test_npf_gpa);
    EXPECT_EQ(conformance_expect_sync(v), (uint64_t)(uintptr_t)x86_int_return);
    expect_push_fault_then_map(v, test_npf_gpa + 4096);
    EXPECT_EQ(conformance_expect_sync(v), (uint64_t)(uintptr_t)x86_int3_return);
    conformance_expect_done(v);
}
