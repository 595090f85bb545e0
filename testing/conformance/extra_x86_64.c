/* x86-only conformance cases: port I/O at 8/16/32 bits, MSR access with
 * EDX:EAX, ACPI sleep states, INIT-SIPI-SIPI and a real-mode start, for both
 * x86 backends. */
#include <vcpu/x86.h>

#include "testing/conformance/conformance.h"
#include "lib/guest/guest_x86_64.h"

#define TEST_PORT 0x510u
#define TEST_MSR 0x40000123u

static void guest_port_io(uint64_t unused)
{
    (void)unused;
    guest_outb(TEST_PORT, 0xa5);
    guest_outw(TEST_PORT + 2, 0xbeef);
    guest_outl(TEST_PORT + 4, 0xdeadbeef);
    GUEST_ASSERT(guest_inb(TEST_PORT) == 0x81);
    GUEST_ASSERT(guest_inw(TEST_PORT + 2) == 0x3281);
    GUEST_ASSERT(guest_inl(TEST_PORT + 4) == 0x76543281u);
    /* IN AL leaves the rest of RAX alone. */
    GUEST_ASSERT(guest_inb_into(TEST_PORT, 0x1122334455667700ull) == 0x1122334455667781ull);
}

TEST(conformance_x86, port_io)
{
    struct vcpu *v = conformance_start(guest_port_io, 0);
    const struct {
        uint16_t port;
        enum vcpu_access_width width;
        uint64_t data;
    } writes[] = {
        {TEST_PORT, VCPU_WIDTH_8, 0xa5},
        {TEST_PORT + 2, VCPU_WIDTH_16, 0xbeef},
        {TEST_PORT + 4, VCPU_WIDTH_32, 0xdeadbeef},
    };
    struct vcpu_exit exit;
    for (unsigned i = 0; i < 3; i++) {
        ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
        ASSERT_EQ(exit.reason, VCPU_EXIT_IO_WRITE);
        EXPECT_EQ(exit.io_write.port, writes[i].port);
        EXPECT_EQ(exit.io_write.width, writes[i].width);
        EXPECT_EQ(exit.io_write.data, writes[i].data);
    }
    const enum vcpu_access_width reads[] = {VCPU_WIDTH_8, VCPU_WIDTH_16, VCPU_WIDTH_32,
                                            VCPU_WIDTH_8};
    const uint16_t ports[] = {TEST_PORT, TEST_PORT + 2, TEST_PORT + 4, TEST_PORT};
    for (unsigned i = 0; i < 4; i++) {
        ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
        ASSERT_EQ(exit.reason, VCPU_EXIT_IO_READ);
        EXPECT_EQ(exit.io_read.port, ports[i]);
        EXPECT_EQ(exit.io_read.width, reads[i]);
        ASSERT_EQ(vcpu_complete_read(v, &exit, 0xfedcba9876543281ull), VCPU_OK);
    }
    conformance_expect_done(v);
}

static void guest_msrs(uint64_t unused)
{
    (void)unused;
    guest_wrmsr(TEST_MSR, 0x1122334455667788ull);
    GUEST_SYNC(guest_rdmsr(TEST_MSR));
}

TEST(conformance_x86, msr_read_write)
{
    struct vcpu *v = conformance_start(guest_msrs, 0);
    struct vcpu_exit exit;
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    ASSERT_EQ(exit.reason, VCPU_EXIT_SYSREG_WRITE);
    EXPECT_EQ(exit.sysreg_write.addr, TEST_MSR);
    EXPECT_EQ(exit.sysreg_write.value, 0x1122334455667788ull); /* EDX:EAX */
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    ASSERT_EQ(exit.reason, VCPU_EXIT_SYSREG_READ);
    EXPECT_EQ(exit.sysreg_read.addr, TEST_MSR);
    ASSERT_EQ(vcpu_complete_read(v, &exit, 0xa1b2c3d4e5f60718ull), VCPU_OK);
    EXPECT_EQ(conformance_expect_sync(v), 0xa1b2c3d4e5f60718ull);
    conformance_expect_done(v);
}

#define PM1A_CNT 0x604u
#define SLP_EN 0x2000u
#define SLP_TYP(n) ((uint16_t)((n) << 10))

static void guest_sleep_states(uint64_t unused)
{
    (void)unused;
    guest_outw(PM1A_CNT, SLP_EN | SLP_TYP(1)); /* S3 in QEMU's DSDT: not poweroff */
    guest_outb(PM1A_CNT, 0xff);                /* bits 7:0 only */
    guest_poweroff();                          /* SLP_EN, SLP_TYP 0: S5 */
}

TEST(conformance_x86, only_s5_is_poweroff)
{
    struct vcpu *v = conformance_start(guest_sleep_states, 0);
    struct vcpu_exit exit;
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    ASSERT_EQ(exit.reason, VCPU_EXIT_IO_WRITE);
    EXPECT_EQ(exit.io_write.port, PM1A_CNT);
    EXPECT_EQ(exit.io_write.data, SLP_EN | SLP_TYP(1));
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    ASSERT_EQ(exit.reason, VCPU_EXIT_IO_WRITE);
    EXPECT_EQ(exit.io_write.width, VCPU_WIDTH_8);
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    ASSERT_EQ(exit.reason, VCPU_EXIT_SYSTEM_DOWN);
    EXPECT_EQ(exit.system_down.kind, VCPU_SYSTEM_POWEROFF);
}

#define ICR_MSR 0x830u

static void guest_init_sipi_sipi(uint64_t unused)
{
    (void)unused;
    guest_wrmsr(ICR_MSR, 1ull << 32 | 0x4500); /* INIT */
    guest_wrmsr(ICR_MSR, 1ull << 32 | 0x4609); /* SIPI */
    guest_wrmsr(ICR_MSR, 1ull << 32 | 0x4609); /* SIPI again, as the MP spec says */
    guest_wrmsr(ICR_MSR, 2ull << 32 | 0x4609); /* SIPI without INIT */
    GUEST_SYNC(3);
}

TEST(conformance_x86, init_sipi_sipi_is_one_cpu_up)
{
    struct vcpu *v = conformance_start(guest_init_sipi_sipi, 0);
    struct vcpu_exit exit;
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    ASSERT_EQ(exit.reason, VCPU_EXIT_CPU_UP);
    EXPECT_EQ(exit.cpu_up.target_cpu, 1);
    EXPECT_EQ(exit.cpu_up.entry_point, 0x9000);
    EXPECT_EQ(conformance_expect_sync(v), 3); /* the other SIPIs were ignored */
    conformance_expect_done(v);
}

/* A vCPU set up without a config starts in 16-bit real mode at the entry (CS
 * base = entry & ~0xf, here with a selector whose RPL bits are not 0): the
 * code there does MOV AX, 0x1234; OUT 0x80, AL; HLT. */
#define REAL_MODE_ENTRY 0x7010u

TEST(conformance_x86, real_mode_start)
{
    static const uint8_t code[] = {0xb8, 0x34, 0x12, 0xe6, 0x80, 0xf4, 0xeb, 0xfe};
    ASSERT_EQ(test_vm_create(&conformance_vm, 1), VCPU_OK);
    uint8_t *dst = (uint8_t *)(uintptr_t)REAL_MODE_ENTRY; /* identity-mapped low RAM */
    for (unsigned i = 0; i < sizeof(code); i++)
        dst[i] = code[i];
    struct vcpu *v = &conformance_vm.vcpus[0];
    ASSERT_EQ(vcpu_init(v, 1, 0, -1, 0, NULL), VCPU_OK);
    ASSERT_EQ(vcpu_setup(v, REAL_MODE_ENTRY, conformance_vm.s2.root, NULL), VCPU_OK);
    ASSERT_EQ(vcpu_bind(v), VCPU_OK);
    struct vcpu_exit exit;
    ASSERT_EQ(vcpu_run(v, &exit), VCPU_OK);
    ASSERT_EQ(exit.reason, VCPU_EXIT_IO_WRITE);
    EXPECT_EQ(exit.io_write.port, 0x80u);
    EXPECT_EQ(exit.io_write.width, VCPU_WIDTH_8);
    EXPECT_EQ(exit.io_write.data, 0x34u);
    ASSERT_EQ(vcpu_run(v, &exit), VCPU_OK);
    EXPECT_EQ(exit.reason, VCPU_EXIT_HALT);
    uint64_t rax = 0;
    ASSERT_EQ(vcpu_get_gpr(v, 0, &rax), VCPU_OK);
    EXPECT_EQ(rax, 0x1234u);
}
