/* Machine facts of the riscv64 test VM on QEMU virt.
 *
 * Guest-physical layout: the guest sees, at the same addresses as the host,
 * only what its code needs:
 * - the image (0x80200000, above OpenSBI) from its start to __page_pool_start:
 *   code, read-only data, data and the first part of .bss (the guest
 *   functions and the variables guest and VMM share live there, mixed with
 *   the host's own);
 * - the image's .bss after __page_pool_end to __image_end;
 * - each vCPU's stack (pages of the pool, TEST_VM_STACK_PAGES each).
 * Left out: the page pool (image.ld puts it in whole pages of its own) that
 * holds the stage-2 tables and every page the hypervisor allocates, the rest
 * of RAM (0x80a..-0x8fffffff, the device tree) and OpenSBI. A guest access
 * there is a NESTED_PAGE_FAULT (adversarial extra_riscv64
 * guest_cannot_read_the_page_pool). Cases that give the guest a pool page map
 * it themselves. */
#include "test_vm.h"

#include <vcpu/riscv_h.h>

extern const char __image_start[], __image_end[], __page_pool_start[], __page_pool_end[];

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

#define RWX (VCPU_MAP_READ | VCPU_MAP_WRITE | VCPU_MAP_EXECUTE)
#define PAGE 4096ul

static int map_identity(struct test_vm *vm, uintptr_t start, uintptr_t end)
{
    start &= ~(PAGE - 1);
    end = (end + PAGE - 1) & ~(PAGE - 1);
    return end > start ? stage2_map(&vm->s2, start, start, end - start, RWX) : VCPU_OK;
}

int test_vm_arch_map(struct test_vm *vm)
{
    uintptr_t pool_start = (uintptr_t)__page_pool_start, pool_end = (uintptr_t)__page_pool_end;
    if (pool_end == pool_start)
        return VCPU_ERR_INVALID_ARG; /* image.ld did not find the pool */
    int rc = map_identity(vm, (uintptr_t)__image_start, pool_start);
    if (rc == VCPU_OK)
        rc = map_identity(vm, pool_end, (uintptr_t)__image_end);
    for (uint32_t i = 0; rc == VCPU_OK && i < TEST_VM_MAX_VCPUS; i++) {
        uintptr_t stack = (uintptr_t)vm->stacks[i];
        rc = map_identity(vm, stack, stack + TEST_VM_STACK_PAGES * PAGE);
    }
    return rc;
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
