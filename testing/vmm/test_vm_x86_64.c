/* Machine facts of the x86_64 test VM: the guest sees the low 256 MiB of RAM
 * at the same addresses, except the hypervisor's page pool (VMCBs/VMCSs,
 * nested tables, other vCPUs' stacks), and runs in 64-bit mode on the host's
 * identity page tables and GDT (both in the image, outside the pool). Its own
 * stacks, which come from the pool, are mapped back one by one. Secondary
 * vCPUs also start in 64-bit mode, at the SIPI address the guest chose. */
#include "test_vm.h"
#include "test_vm_x86_64.h"

#include <board/board.h>
#include <vcpu/host.h>
#include <vcpu/x86.h>

#define RAM_SIZE 0x10000000ul /* -m 256M */

const vcpu_gpa_t test_mmio_gpa = 0x70000000ul;
const vcpu_gpa_t test_npf_gpa = 0x60000000ul;
const vcpu_sysreg_t test_trapped_sysreg = X86_TRAPPED_MSR;
const uint32_t test_irq_vector = 0x40;
const bool test_cpu_up_has_arg = false;

const uint64_t test_function_entry_sp_offset = 8;
const vcpu_sysreg_t test_saved_sysreg = 0xc0000102u; /* IA32_KERNEL_GS_BASE */
/* Vectors: #GP(0) for a faulted access, #UD for an undefined instruction. */
const uint64_t test_fault_class_load = 13, test_fault_class_store = 13, test_fault_class_undef = 6;

uint64_t test_exception_class(uint64_t code)
{
    return code;
}

const uint64_t test_timer_ticks = 100000;
#ifdef TEST_VM_X86_VMX
const uint32_t test_x86_virt_msr = 0x3au; /* IA32_FEATURE_CONTROL */
#else
const uint32_t test_x86_virt_msr = 0xc0010117u; /* VM_HSAVE_PA */
#endif

/* Maps [start, end) of RAM 1:1 (nothing if empty); stage2_map() uses 2 MiB
 * blocks wherever the range allows. */
static int map_ram(struct test_vm *vm, uint64_t start, uint64_t end, uint32_t flags)
{
    return start < end ? stage2_map(&vm->s2, start, start, end - start, flags) : VCPU_OK;
}

int test_vm_arch_map(struct test_vm *vm)
{
    const uint32_t rwx = VCPU_MAP_READ | VCPU_MAP_WRITE | VCPU_MAP_EXECUTE;
    uintptr_t pool_start, pool_end;
    board_page_pool_range(&pool_start, &pool_end);
    uint64_t hole_start = pool_start < RAM_SIZE ? pool_start : RAM_SIZE;
    uint64_t hole_end = pool_end < RAM_SIZE ? pool_end : RAM_SIZE;
    int rc = map_ram(vm, 0, hole_start, rwx);
    if (rc == VCPU_OK)
        rc = map_ram(vm, hole_end, RAM_SIZE, rwx);
    for (uint32_t i = 0; i < TEST_VM_MAX_VCPUS && rc == VCPU_OK; i++) {
        uint64_t stack = vcpu_host_virt_to_phys(vm->stacks[i]);
        rc = map_ram(vm, stack, stack + TEST_VM_STACK_PAGES * 4096ull,
                     VCPU_MAP_READ | VCPU_MAP_WRITE);
    }
    return rc;
}

const struct vcpu_setup_config *test_vm_arch_setup_config(void)
{
    static struct vcpu_setup_config cfg;
    struct {
        uint16_t limit;
        uint64_t base;
    } __attribute__((packed)) gdtr;
    uint64_t cr3;
    __asm__ volatile("sgdt %0; mov %%cr3, %1" : "=m"(gdtr), "=r"(cr3));
    cfg.long_mode = true;
    cfg.cr3 = cr3;
    cfg.gdtr_base = gdtr.base;
    cfg.gdtr_limit = gdtr.limit;
    return &cfg;
}

void test_vm_arch_start_regs(struct vcpu *v, uintptr_t fn, uintptr_t stack_top, uint64_t arg)
{
    vcpu_set_gpr(v, 7, fn); /* rdi */
    vcpu_set_gpr(v, 6, stack_top);
    vcpu_set_gpr(v, 2, arg);
}

void test_vm_arch_set_start_arg(struct vcpu *v, uint64_t arg)
{
    (void)v; /* INIT-SIPI has no argument: the guest uses a mailbox */
    (void)arg;
}
