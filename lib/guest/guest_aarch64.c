/* The guest library for aarch64 guests at EL1 (MMU off, so every load and
 * store is one instruction on a device-memory address, unless a case turns
 * on its own stage-1 map with guest_mmu_enable()). */
#include "guest.h"

#define PSCI_CPU_OFF 0x84000002u
#define PSCI_CPU_ON_64 0xc4000003u
#define PSCI_SYSTEM_OFF 0x84000008u
#define GUEST_GICC 0x08010000ul
#define GICC_CTLR 0x000
#define GICC_PMR 0x004
#define GICC_IAR 0x00c
#define GICC_EOIR 0x010

static void (*irq_handler)(uint32_t vector);

uint64_t guest_hypercall(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
                         uint64_t a4, uint64_t a5)
{
    register uint64_t x0 __asm__("x0") = nr;
    register uint64_t x1 __asm__("x1") = a0;
    register uint64_t x2 __asm__("x2") = a1;
    register uint64_t x3 __asm__("x3") = a2;
    register uint64_t x4 __asm__("x4") = a3;
    register uint64_t x5 __asm__("x5") = a4;
    register uint64_t x6 __asm__("x6") = a5;
    __asm__ volatile("hvc #0"
                     : "+r"(x0)
                     : "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5), "r"(x6)
                     : "memory");
    return x0;
}

static uint64_t smc(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
    register uint64_t x0 __asm__("x0") = fid;
    register uint64_t x1 __asm__("x1") = a1;
    register uint64_t x2 __asm__("x2") = a2;
    register uint64_t x3 __asm__("x3") = a3;
    __asm__ volatile("smc #0" : "+r"(x0) : "r"(x1), "r"(x2), "r"(x3) : "memory");
    return x0;
}

#define GUEST_LOAD(name, type, insn)                                                               \
    type name(uintptr_t addr)                                                                      \
    {                                                                                              \
        type v;                                                                                    \
        __asm__ volatile(insn " %0, [%1]" : "=r"(v) : "r"(addr) : "memory");                       \
        return v;                                                                                  \
    }
GUEST_LOAD(guest_read64, uint64_t, "ldr")
GUEST_LOAD(guest_read8s, int64_t, "ldrsb")
GUEST_LOAD(guest_read16s, int64_t, "ldrsh")
GUEST_LOAD(guest_read32s, int64_t, "ldrsw")

uint8_t guest_read8(uintptr_t addr)
{
    uint32_t v;
    __asm__ volatile("ldrb %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
    return (uint8_t)v;
}

uint16_t guest_read16(uintptr_t addr)
{
    uint32_t v;
    __asm__ volatile("ldrh %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
    return (uint16_t)v;
}

uint32_t guest_read32(uintptr_t addr)
{
    uint32_t v;
    __asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
    return v;
}

void guest_write8(uintptr_t addr, uint8_t v)
{
    __asm__ volatile("strb %w0, [%1]" : : "r"((uint32_t)v), "r"(addr) : "memory");
}

void guest_write16(uintptr_t addr, uint16_t v)
{
    __asm__ volatile("strh %w0, [%1]" : : "r"((uint32_t)v), "r"(addr) : "memory");
}

void guest_write32(uintptr_t addr, uint32_t v)
{
    __asm__ volatile("str %w0, [%1]" : : "r"(v), "r"(addr) : "memory");
}

void guest_write64(uintptr_t addr, uint64_t v)
{
    __asm__ volatile("str %0, [%1]" : : "r"(v), "r"(addr) : "memory");
}

uint64_t guest_sysreg_read(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, actlr_el1" : "=r"(v));
    return v;
}

void guest_sysreg_write(uint64_t value)
{
    __asm__ volatile("msr actlr_el1, %0" : : "r"(value));
}

void guest_halt(void)
{
    __asm__ volatile("wfi" ::: "memory");
}

const uint32_t guest_unknown_exit_length = 4;

uint64_t guest_saved_sysreg_read(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, tpidr_el1" : "=r"(v));
    return v;
}

void guest_saved_sysreg_write(uint64_t value)
{
    __asm__ volatile("msr tpidr_el1, %0" : : "r"(value) : "memory");
}

uintptr_t guest_stack_pointer(void)
{
    uintptr_t sp;
    __asm__ volatile("mov %0, sp" : "=r"(sp));
    return sp;
}

/* An SMC with a function id the backend does not implement (a vendor
 * hypervisor service call): HCR_EL2.TSC traps it and the backend reports it
 * as UNKNOWN, the PC at the SMC. (A BRK is the guest's own exception.) */
void guest_unknown_exit(void)
{
    __asm__ volatile("movz x0, #0xdead\n\t"
                     "movk x0, #0xc600, lsl #16\n\t"
                     "smc #0"
                     :
                     :
                     : "x0", "x1", "x2", "x3", "memory");
}

void guest_set_irq_handler(void (*handler)(uint32_t vector))
{
    irq_handler = handler;
}

extern const char guest_aarch64_vectors[];

void guest_arch_init(void)
{
    __asm__ volatile("msr vbar_el1, %0; isb" : : "r"(guest_aarch64_vectors));
}

void guest_irq_enable(void)
{
    volatile uint32_t *gicc = (volatile uint32_t *)GUEST_GICC;
    gicc[GICC_PMR / 4] = 0xff;
    gicc[GICC_CTLR / 4] = 1;
    __asm__ volatile("msr daifclr, #2; isb" ::: "memory");
}

void guest_irq_disable(void)
{
    __asm__ volatile("msr daifset, #2; isb" ::: "memory");
}

/* Called from the IRQ vector in guest_aarch64.S. */
void guest_aarch64_irq(void)
{
    volatile uint32_t *gicc = (volatile uint32_t *)GUEST_GICC;
    uint32_t iar = gicc[GICC_IAR / 4];
    uint32_t id = iar & 0x3ff;
    if (id < 1020 && irq_handler != 0)
        irq_handler(id);
    gicc[GICC_EOIR / 4] = iar;
}

int64_t guest_cpu_on(uint64_t target, uintptr_t entry, uint64_t arg)
{
    return (int64_t)smc(PSCI_CPU_ON_64, target, entry, arg);
}

_Noreturn void guest_cpu_off(void)
{
    for (;;)
        smc(PSCI_CPU_OFF, 0, 0, 0);
}

_Noreturn void guest_poweroff(void)
{
    for (;;)
        smc(PSCI_SYSTEM_OFF, 0, 0, 0);
}

/* Stage-1 descriptors (4 KiB granule). */
#define DESC_BLOCK 0x1ul            /* levels 1 and 2 */
#define DESC_TABLE_OR_PAGE 0x3ul    /* a table at levels 1 and 2, a page at level 3 */
#define DESC_ATTR_DEVICE (0ul << 2) /* MAIR_EL1 attribute 0: Device-nGnRnE */
#define DESC_ATTR_NORMAL (1ul << 2) /* MAIR_EL1 attribute 1: Normal write-back */
#define DESC_SH_INNER (3ul << 8)
#define DESC_AF (1ul << 10)
#define NORMAL_LEAF (DESC_ATTR_NORMAL | DESC_SH_INNER | DESC_AF)
#define MAIR_VALUE (0x00ul | 0xfful << 8)
/* T0SZ 25 (39-bit VA, walks start at level 1), IRGN0/ORGN0 0 (non-cacheable
 * walks: the tables are written with the MMU off), TG0 4 KiB, EPD1 (no TTBR1
 * walks), IPS 36 bits. */
#define TCR_VALUE (25ul | 1ul << 23 | 1ul << 32)
#define SCTLR_M 0x1ul

static uint64_t mmu_level1[512] __attribute__((aligned(4096)));
static uint64_t mmu_level2[512] __attribute__((aligned(4096)));
static uint64_t mmu_level3[512] __attribute__((aligned(4096)));

void guest_mmu_enable(uintptr_t hole)
{
    const uint64_t gib = 1ul << 30, mib2 = 1ul << 21, page = 1ul << 12;
    uint64_t hole_gib = hole & ~(gib - 1), hole_2mib = hole & ~(mib2 - 1);
    for (uint64_t i = 0; i < 512; i++) {
        mmu_level1[i] = 0;
        mmu_level2[i] = (hole_gib + i * mib2) | NORMAL_LEAF | DESC_BLOCK;
        mmu_level3[i] = (hole_2mib + i * page) | NORMAL_LEAF | DESC_TABLE_OR_PAGE;
    }
    for (uint64_t i = 0; i < 4; i++)
        mmu_level1[i] = i * gib | DESC_AF | DESC_BLOCK |
                        (i == 0 ? DESC_ATTR_DEVICE : DESC_ATTR_NORMAL | DESC_SH_INNER);
    mmu_level3[(hole >> 12) & 511] = 0;
    mmu_level2[(hole >> 21) & 511] = (uintptr_t)mmu_level3 | DESC_TABLE_OR_PAGE;
    mmu_level1[hole >> 30] = (uintptr_t)mmu_level2 | DESC_TABLE_OR_PAGE;
    uint64_t sctlr;
    __asm__ volatile("dsb ish\n\t"
                     "msr mair_el1, %1\n\t"
                     "msr tcr_el1, %2\n\t"
                     "msr ttbr0_el1, %3\n\t"
                     "isb\n\t"
                     "tlbi vmalle1\n\t"
                     "dsb ish\n\t"
                     "isb\n\t"
                     "mrs %0, sctlr_el1\n\t"
                     "orr %0, %0, %4\n\t"
                     "msr sctlr_el1, %0\n\t"
                     "isb"
                     : "=&r"(sctlr)
                     : "r"(MAIR_VALUE), "r"(TCR_VALUE), "r"((uintptr_t)mmu_level1), "r"(SCTLR_M)
                     : "memory");
}

extern const char guest_aarch64_entry[];

uintptr_t guest_entry_point(void)
{
    return (uintptr_t)guest_aarch64_entry;
}

extern const char guest_aarch64_secondary_entry[];

uintptr_t guest_secondary_entry_point(void)
{
    return (uintptr_t)guest_aarch64_secondary_entry;
}
