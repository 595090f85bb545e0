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

/* On the other physical CPU, while the guest runs: unmaps the code page
 * (mapped as a page of its own by the case). */
static void unmap_when_warm(void *code)
{
    while (!code_warm)
        ;
    carve_status = stage2_unmap(&conformance_vm.s2, (vcpu_gpa_t)(uintptr_t)code, 4096);
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
    /* The test VM leaves the page pool out (test_vm_riscv64.c): map the page. */
    ASSERT_EQ(stage2_map(&conformance_vm.s2, code, code, 4096,
                         VCPU_MAP_READ | VCPU_MAP_WRITE | VCPU_MAP_EXECUTE),
              VCPU_OK);
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

/* The guest aims at the hypervisor's own memory: the root page of its stage
 * 2, in the page pool the test VM leaves unmapped (test_vm_riscv64.c). */
static void guest_reads_pool_undecodably(uint64_t addr)
{
    GUEST_SYNC(guest_read_undecodable(addr));
}

static void guest_accesses_pool(uint64_t addr)
{
    GUEST_SYNC(guest_read64(addr));
    guest_write64(addr, 0xbadbadbadbadbadull);
    void (*fn)(void) = (void (*)(void))(uintptr_t)addr;
    fn();
}

/* An undecodable load is a NESTED_PAGE_FAULT at the address (each time); a
 * plain load is an MMIO read the VMM answers (never the host's data), a store
 * an MMIO write that leaves the page alone, a jump a NESTED_PAGE_FAULT on
 * execute: the guest never reads or writes hypervisor memory. */
TEST(adversarial_riscv64, guest_cannot_reach_the_page_pool)
{
    struct vcpu *v = conformance_start(guest_reads_pool_undecodably, 0);
    vcpu_gpa_t root = conformance_vm.s2.root;
    const volatile uint64_t *host_view = (const volatile uint64_t *)(uintptr_t)root;
    ASSERT_EQ(vcpu_set_gpr(v, 12, root), VCPU_OK); /* the guest function's argument */
    struct vcpu_exit exit;
    for (int i = 0; i < 2; i++) {
        ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
        ASSERT_EQ(exit.reason, VCPU_EXIT_NESTED_PAGE_FAULT);
        EXPECT_EQ(exit.nested_page_fault.addr, root);
        EXPECT_EQ(exit.nested_page_fault.access_flags & VCPU_MAP_EXECUTE, 0u);
    }

    v = conformance_start(guest_accesses_pool, 0);
    root = conformance_vm.s2.root;
    host_view = (const volatile uint64_t *)(uintptr_t)root;
    uint64_t before = 0;
    for (int i = 0; i < 512; i++)
        before |= host_view[i];
    ASSERT_NE(before, 0u); /* the root holds the image's table entries */
    before = host_view[2]; /* the entry for 0x80000000-0xbfffffff */
    ASSERT_EQ(vcpu_set_gpr(v, 12, root), VCPU_OK);
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    ASSERT_EQ(exit.reason, VCPU_EXIT_MMIO_READ);
    EXPECT_EQ(exit.mmio_read.addr, root);
    ASSERT_EQ(vcpu_complete_read(v, &exit, 0x5eed), VCPU_OK);
    EXPECT_EQ(conformance_expect_sync(v), 0x5eedu); /* the VMM's answer, not the table */
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    ASSERT_EQ(exit.reason, VCPU_EXIT_MMIO_WRITE);
    EXPECT_EQ(exit.mmio_write.addr, root);
    EXPECT_EQ(host_view[2], before);
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    ASSERT_EQ(exit.reason, VCPU_EXIT_NESTED_PAGE_FAULT);
    EXPECT_EQ(exit.nested_page_fault.addr, root);
    EXPECT_NE(exit.nested_page_fault.access_flags & VCPU_MAP_EXECUTE, 0u);
    adversarial_expect_healthy();
}
