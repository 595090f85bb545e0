/* Adversarial guests, RISC-V only: the guest jumps to a page that its stage 2
 * maps onto memory the hypervisor itself may not read (the firmware's
 * PMP-protected region). On hardware the fetch is an access fault the backend
 * does not delegate, so the backend reads the guest PC with HLVX to step over
 * it and that read faults too (riscv_h_fetch_guest_u16 catches it): UNKNOWN.
 * QEMU reports a PMP failure behind the G-stage as a fetch guest-page fault
 * instead: NESTED_PAGE_FAULT. Either way a defined exit every time, no
 * hypervisor exception, and the hypervisor is healthy afterwards. */
#include <board/board.h>
#include <board/print.h>

#include <vcpu/host.h>

#include "testing/adversarial/adversarial.h"

#define FIRMWARE_BASE 0x80000000ul /* OpenSBI, PMP-protected from S-mode */

static void guest_jumps(uint64_t addr)
{
    void (*fn)(void) = (void (*)(void))(uintptr_t)addr;
    fn();
    GUEST_ASSERT(!"executed firmware memory");
}

TEST(adversarial_riscv64, guest_pc_in_protected_memory)
{
    struct vcpu *v = conformance_start(guest_jumps, test_npf_gpa);
    ASSERT_EQ(stage2_map(&conformance_vm.s2, test_npf_gpa, FIRMWARE_BASE, 4096,
                         VCPU_MAP_READ | VCPU_MAP_WRITE | VCPU_MAP_EXECUTE),
              VCPU_OK);
    for (int i = 0; i < 3; i++) {
        struct vcpu_exit exit;
        ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
        board_printf("guest PC in firmware memory: %s scause %lx stval %lx\n",
                     vcpu_exit_reason_name(exit.reason), exit.raw.riscv64.scause,
                     exit.raw.riscv64.stval);
        EXPECT_EQ(exit.raw.arch, VCPU_ARCH_RISCV64);
        EXPECT_TRUE(exit.reason == VCPU_EXIT_UNKNOWN || exit.reason == VCPU_EXIT_NESTED_PAGE_FAULT);
        EXPECT_FALSE(test_exit_is_ucall(&exit, GUEST_UCALL_ASSERT, NULL));
    }
    adversarial_expect_healthy();
}

/* LW a0, 0(a0); RET: copied into a page of its own. */
static const uint32_t load_and_return[] = {0x00052503u, 0x00008067u};

static volatile uint32_t code_warm, code_gone;
static volatile int carve_status;

/* The guest fetches the code page (its translation is now cached), lets the
 * other CPU unmap it, then loads from MMIO through it without an exit in
 * between: the backend has to read the faulting instruction with HLVX from a
 * guest PC that is no longer mapped. */
static void guest_loads_through(uint64_t code)
{
    uint32_t (*load)(uintptr_t) = (uint32_t(*)(uintptr_t))(uintptr_t)code;
    static volatile uint32_t mapped = 0x600d;
    uint32_t first = load((uintptr_t)&mapped);
    code_warm = 1;
    while (!code_gone)
        ;
    GUEST_SYNC(load(test_mmio_gpa) + first);
}

/* On the other physical CPU, while the guest runs: unmaps the code page. */
static void unmap_when_warm(void *code)
{
    vcpu_gpa_t page = (vcpu_gpa_t)(uintptr_t)code, block = page & ~0x1fffffull;
    const uint32_t rwx = VCPU_MAP_READ | VCPU_MAP_WRITE | VCPU_MAP_EXECUTE;
    while (!code_warm)
        ;
    int rc = stage2_unmap(&conformance_vm.s2, block, 0x200000);
    if (rc == VCPU_OK && page > block)
        rc = stage2_map(&conformance_vm.s2, block, block, page - block, rwx);
    if (rc == VCPU_OK && page + 4096 < block + 0x200000)
        rc = stage2_map(&conformance_vm.s2, page + 4096, page + 4096,
                        block + 0x200000 - page - 4096, rwx);
    carve_status = rc;
    code_gone = 1;
}

/* Whatever the instruction read gives (a fault caught in the backend, or a
 * stale translation), the exit is defined: NESTED_PAGE_FAULT or the MMIO read;
 * then the hypervisor is healthy. Under QEMU 7.2 the guest's cached
 * translation still fetches the load, the load faults (scause 21), and the
 * backend's HLVX read of the unmapped PC faults and is caught:
 * NESTED_PAGE_FAULT at the MMIO address. */
TEST(adversarial_riscv64, guest_pc_unmapped_under_the_decoder)
{
    ASSERT_GE(board_cpu_count(), 2u);
    uint32_t *page = vcpu_host_alloc_pages(1);
    ASSERT_TRUE(page != NULL);
    page[0] = load_and_return[0];
    page[1] = load_and_return[1];
    __asm__ volatile("fence.i" ::: "memory");
    vcpu_gpa_t code = vcpu_host_virt_to_phys(page);
    code_warm = 0;
    code_gone = 0;
    struct vcpu *v = conformance_start(guest_loads_through, code);
    ASSERT_TRUE(board_run_on_cpu(1, unmap_when_warm, (void *)(uintptr_t)code));
    struct vcpu_exit exit;
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    board_wait_cpu(1);
    ASSERT_EQ(carve_status, VCPU_OK);
    board_printf("guest PC unmapped at the decoder: %s scause %lx htinst %lx\n",
                 vcpu_exit_reason_name(exit.reason), exit.raw.riscv64.scause,
                 exit.raw.riscv64.htinst);
    EXPECT_EQ(exit.raw.arch, VCPU_ARCH_RISCV64);
    if (exit.reason == VCPU_EXIT_MMIO_READ) {
        EXPECT_EQ(exit.mmio_read.addr, test_mmio_gpa);
    } else {
        ASSERT_EQ(exit.reason, VCPU_EXIT_NESTED_PAGE_FAULT);
        EXPECT_TRUE(exit.nested_page_fault.addr == test_mmio_gpa ||
                    exit.nested_page_fault.addr == code);
    }
    adversarial_expect_healthy();
}
