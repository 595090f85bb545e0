/* Machine facts of the aarch64 test VM on QEMU virt: the guest sees the
 * image's RAM at the same addresses except the hypervisor's page pool (only
 * its own stacks there), and GICV as its GIC CPU interface. */
#include "test_vm.h"
#include "test_vm_aarch64.h"

#include <board/board.h>
#include <vcpu/arm_el2.h>
#include <vcpu/host.h>

#define RAM_BASE 0x40000000ul
#define RAM_SIZE 0x10000000ul /* -m 256M */
#define GUEST_GICC 0x08010000ul
#define HOST_GICV 0x08040000ul

const vcpu_gpa_t test_mmio_gpa = 0x70000000ul;
const vcpu_gpa_t test_npf_gpa = 0x60000000ul;
const vcpu_sysreg_t test_trapped_sysreg = ARM_EL2_TRAPPED_SYSREG;
const uint32_t test_irq_vector = 40; /* an SPI */
const bool test_cpu_up_has_arg = true;

/* TPIDR_EL1: op0 3, op1 0, CRn 13, CRm 0, op2 4. */
const uint64_t test_function_entry_sp_offset = 0;
const vcpu_sysreg_t test_saved_sysreg = VCPU_SYSREG_ARM64(3, 0, 13, 0, 4);
/* ESR_EL1.EC: data abort from the same EL; unknown reason (UNDEF). */
const uint64_t test_fault_class_load = 0x25, test_fault_class_store = 0x25,
               test_fault_class_undef = 0x00;

uint64_t test_exception_class(uint64_t code)
{
    return (code >> 26) & 0x3f;
}

const uint64_t test_timer_ticks = 2000; /* 32 us at 62.5 MHz */

/* RAM 1:1 around the page pool ([pool_start, pool_end) stays unmapped: it
 * holds the stage-2 tables and every backend structure), then the vCPU
 * stacks test_vm_create() took from the pool, then the GIC CPU interface. */
int test_vm_arch_map(struct test_vm *vm)
{
    const uint32_t rwx = VCPU_MAP_READ | VCPU_MAP_WRITE | VCPU_MAP_EXECUTE;
    uintptr_t pool_start, pool_end;
    board_page_pool_range(&pool_start, &pool_end);
    int rc = stage2_map(&vm->s2, RAM_BASE, RAM_BASE, pool_start - RAM_BASE, rwx);
    if (rc == VCPU_OK)
        rc = stage2_map(&vm->s2, pool_end, pool_end, RAM_BASE + RAM_SIZE - pool_end, rwx);
    for (uint32_t i = 0; i < TEST_VM_MAX_VCPUS && rc == VCPU_OK; i++) {
        vcpu_hpa_t stack = vcpu_host_virt_to_phys(vm->stacks[i]);
        rc = stage2_map(&vm->s2, stack, stack, TEST_VM_STACK_PAGES * 4096ul,
                        VCPU_MAP_READ | VCPU_MAP_WRITE);
    }
    if (rc != VCPU_OK)
        return rc;
    return stage2_map(&vm->s2, GUEST_GICC, HOST_GICV, 0x2000,
                      VCPU_MAP_READ | VCPU_MAP_WRITE | VCPU_MAP_DEVICE);
}

bool test_vm_aarch64_pmu_passthrough;

const struct vcpu_setup_config *test_vm_arch_setup_config(void)
{
    static const struct vcpu_setup_config pmu_passthrough = {.pmu_passthrough = 1};
    return test_vm_aarch64_pmu_passthrough ? &pmu_passthrough : NULL; /* else the defaults */
}

void test_vm_arch_start_regs(struct vcpu *v, uintptr_t fn, uintptr_t stack_top, uint64_t arg)
{
    vcpu_set_gpr(v, 0, fn);
    vcpu_set_gpr(v, 1, stack_top);
    vcpu_set_gpr(v, 2, arg);
}

void test_vm_arch_set_start_arg(struct vcpu *v, uint64_t arg)
{
    vcpu_set_gpr(v, 0, arg); /* PSCI CPU_ON: context id in x0 */
}
