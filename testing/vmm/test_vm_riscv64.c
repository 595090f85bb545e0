/* Machine facts of the riscv64 test VM on QEMU virt: the guest sees the
 * image's RAM (above OpenSBI) at the same addresses. */
#include "test_vm.h"

#include <vcpu/riscv_h.h>

#define RAM_BASE 0x80200000ul /* OpenSBI owns the first 2 MiB */
#define RAM_END 0x90000000ul  /* -m 256M */

const vcpu_gpa_t test_mmio_gpa = 0x70000000ul;
const vcpu_gpa_t test_npf_gpa = 0x60000000ul;
const vcpu_sysreg_t test_trapped_sysreg = RISCV_H_TRAPPED_CSR;
const uint32_t test_irq_vector = 2; /* VSSIP */
const bool test_cpu_up_has_arg = true;

const uint64_t test_function_entry_sp_offset = 0;
const vcpu_sysreg_t test_saved_sysreg = 0x140; /* sscratch */
/* scause: load access fault, store/AMO access fault, illegal instruction. */
const uint64_t test_fault_class_load = 5, test_fault_class_store = 7, test_fault_class_undef = 2;

uint64_t test_exception_class(uint64_t code)
{
    return code;
}

const uint64_t test_timer_ticks = 1000; /* 100 us at 10 MHz */

int test_vm_arch_map(struct test_vm *vm)
{
    return stage2_map(&vm->s2, RAM_BASE, RAM_BASE, RAM_END - RAM_BASE,
                      VCPU_MAP_READ | VCPU_MAP_WRITE | VCPU_MAP_EXECUTE);
}

const struct vcpu_setup_config *test_vm_arch_setup_config(void)
{
    return NULL; /* the backend's defaults */
}

void test_vm_arch_start_regs(struct vcpu *v, uintptr_t fn, uintptr_t stack_top, uint64_t arg)
{
    vcpu_set_gpr(v, 10, fn); /* a0 */
    vcpu_set_gpr(v, 11, stack_top);
    vcpu_set_gpr(v, 12, arg);
}

void test_vm_arch_set_start_arg(struct vcpu *v, uint64_t arg)
{
    vcpu_set_gpr(v, 11, arg); /* SBI HSM: a0 = hart id, a1 = opaque */
}
