/* Adversarial guests: reads, writes and instruction fetches outside the
 * guest's map. Each access exits (a load or store the backend decodes is
 * MMIO_READ / MMIO_WRITE, anything else NESTED_PAGE_FAULT; a fetch is always
 * NESTED_PAGE_FAULT with EXECUTE), at the exact address; the guest never sees
 * hypervisor memory: a 2 MiB block of the image filled with a canary is
 * unmapped from the guest, its reads return what the host says, and the
 * canary is intact afterwards. */
#include <board/print.h>

#include "testing/adversarial/adversarial.h"

#include "testing/stage2/stage2.h"

#define BLOCK (2ul << 20)
#define CANARY 0xc0ffee5ec7e75eedull
#define HOST_VALUE 0x5a5a5a5aull
#define GUEST_VALUE 0x1234ull

/* Hypervisor memory the guest must not reach: unmapped from its stage 2. */
static uint64_t secret[BLOCK / sizeof(uint64_t)] __attribute__((aligned(BLOCK)));

static void guest_reads_then_writes(uint64_t addr)
{
    uint64_t v = guest_read64(addr);
    guest_write64(addr, GUEST_VALUE);
    GUEST_SYNC(v);
}

static void guest_executes(uint64_t addr)
{
    void (*fn)(void) = (void (*)(void))(uintptr_t)addr;
    fn();
    GUEST_ASSERT(!"executed outside the map");
}

/* Expects the exit of an access to `addr` with `flag` (READ or WRITE). */
static void expect_access_exit(struct vcpu *v, uint64_t addr, uint32_t flag)
{
    struct vcpu_exit exit;
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    EXPECT_EQ(exit.raw.arch, VCPU_ARCH_EXIT_ARCH);
    board_printf("%s at %lx: %s\n", flag == VCPU_MAP_READ ? "load" : "store", addr,
                 vcpu_exit_reason_name(exit.reason));
    if (exit.reason == VCPU_EXIT_NESTED_PAGE_FAULT) {
        EXPECT_EQ(exit.nested_page_fault.addr, addr);
        EXPECT_EQ(exit.nested_page_fault.access_flags, flag);
        return;
    }
    if (flag == VCPU_MAP_READ) {
        ASSERT_EQ(exit.reason, VCPU_EXIT_MMIO_READ);
        EXPECT_EQ(exit.mmio_read.addr, addr);
        EXPECT_EQ(exit.mmio_read.width, VCPU_WIDTH_64);
        ASSERT_EQ(vcpu_complete_read(v, &exit, HOST_VALUE), VCPU_OK);
    } else {
        ASSERT_EQ(exit.reason, VCPU_EXIT_MMIO_WRITE);
        EXPECT_EQ(exit.mmio_write.addr, addr);
        EXPECT_EQ(exit.mmio_write.data, GUEST_VALUE);
    }
}

TEST(adversarial, outside_map_never_reaches_hypervisor_memory)
{
    for (size_t i = 0; i < BLOCK / sizeof(uint64_t); i++)
        secret[i] = CANARY;
    struct vcpu *v = adversarial_start(guest_reads_then_writes, 0);
    ASSERT_EQ(stage2_unmap(&adversarial_vm.s2, (uintptr_t)secret, BLOCK), VCPU_OK);
    const uint64_t targets[] = {
        (uintptr_t)secret, (uintptr_t)secret + 0x1238, (uintptr_t)secret + BLOCK - 8,
        test_npf_gpa,      test_mmio_gpa + 0x7f8,
    };
    for (size_t t = 0; t < sizeof targets / sizeof targets[0]; t++) {
        uint64_t addr = targets[t];
        v = adversarial_restart(guest_reads_then_writes, addr);
        expect_access_exit(v, addr, VCPU_MAP_READ);
        if (vtest_case_failed())
            return;
        expect_access_exit(v, addr, VCPU_MAP_WRITE);
        if (vtest_case_failed())
            return;
        uint64_t seen = adversarial_expect_sync(v);
        EXPECT_NE(seen, CANARY);
        EXPECT_EQ(seen, HOST_VALUE);
        adversarial_expect_done(v);

        v = adversarial_restart(guest_executes, addr);
        struct vcpu_exit exit;
        ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
        ASSERT_EQ(exit.reason, VCPU_EXIT_NESTED_PAGE_FAULT);
        EXPECT_EQ(exit.nested_page_fault.addr, addr);
        EXPECT_EQ(exit.nested_page_fault.access_flags, VCPU_MAP_EXECUTE);
        /* Run again: the fetch re-executes and faults the same way. */
        ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
        ASSERT_EQ(exit.reason, VCPU_EXIT_NESTED_PAGE_FAULT);
        EXPECT_EQ(exit.nested_page_fault.addr, addr);
    }
    uint32_t damaged = 0;
    for (size_t i = 0; i < BLOCK / sizeof(uint64_t); i++)
        damaged += secret[i] != CANARY;
    EXPECT_EQ(damaged, 0);
    adversarial_expect_healthy();
}
