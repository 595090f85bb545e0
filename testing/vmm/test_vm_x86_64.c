/* Machine facts of the x86_64 test VM: the guest sees the low 256 MiB of RAM
 * at the same addresses and runs in 64-bit mode on the host's identity page
 * tables and GDT. Secondary vCPUs also start in 64-bit mode, at the SIPI
 * address the guest chose. */
#include "test_vm.h"
#include "test_vm_x86_64.h"

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

int test_vm_arch_map(struct test_vm *vm)
{
    return stage2_map(&vm->s2, 0, 0, RAM_SIZE, VCPU_MAP_READ | VCPU_MAP_WRITE | VCPU_MAP_EXECUTE);
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
