/* The guest library for x86_64 guests in 64-bit mode (the VMM gives them
 * the host's identity page tables and GDT). */
#include "guest.h"
#include "guest_x86_64.h"

#include <vcpu/x86.h>

#define ICR_MSR 0x830u
#ifdef GUEST_X86_VMCALL
#define HYPERCALL_INSN "vmcall" /* Intel VMX */
const uint8_t guest_x86_hypercall_insn[3] = {0x0f, 0x01, 0xc1};
#else
#define HYPERCALL_INSN "vmmcall" /* AMD SVM */
const uint8_t guest_x86_hypercall_insn[3] = {0x0f, 0x01, 0xd9};
#endif
#define SIPI_PAGE 0x9000ul
#define SLP_EN 0x2000u

struct idt_entry {
    uint16_t offset_low, selector;
    uint8_t ist, type;
    uint16_t offset_mid;
    uint32_t offset_high, reserved;
} __attribute__((packed));

static struct idt_entry guest_idt[256] __attribute__((aligned(16)));
static void (*irq_handler)(uint32_t vector);
extern const char guest_x86_64_irq_stubs[], guest_x86_64_exception_stubs[];
extern const char guest_x86_64_entry[], guest_x86_64_sipi_stub[], guest_x86_64_sipi_stub_end[];
volatile uint64_t guest_x86_64_start_mailbox;

uint64_t guest_hypercall(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
                         uint64_t a4, uint64_t a5)
{
    register uint64_t r8 __asm__("r8") = a5;
    uint64_t ret;
    __asm__ volatile(HYPERCALL_INSN
                     : "=a"(ret)
                     : "a"(nr), "b"(a0), "c"(a1), "d"(a2), "S"(a3), "D"(a4), "r"(r8)
                     : "memory");
    return ret;
}

uint8_t guest_read8(uintptr_t addr)
{
    uint32_t v;
    __asm__ volatile("movzbl (%1), %0" : "=r"(v) : "r"(addr) : "memory");
    return (uint8_t)v;
}

uint16_t guest_read16(uintptr_t addr)
{
    uint32_t v;
    __asm__ volatile("movzwl (%1), %0" : "=r"(v) : "r"(addr) : "memory");
    return (uint16_t)v;
}

uint32_t guest_read32(uintptr_t addr)
{
    uint32_t v;
    __asm__ volatile("movl (%1), %0" : "=r"(v) : "r"(addr) : "memory");
    return v;
}

uint64_t guest_read64(uintptr_t addr)
{
    uint64_t v;
    __asm__ volatile("movq (%1), %0" : "=r"(v) : "r"(addr) : "memory");
    return v;
}

int64_t guest_read8s(uintptr_t addr)
{
    int64_t v;
    __asm__ volatile("movsbq (%1), %0" : "=r"(v) : "r"(addr) : "memory");
    return v;
}

int64_t guest_read16s(uintptr_t addr)
{
    int64_t v;
    __asm__ volatile("movswq (%1), %0" : "=r"(v) : "r"(addr) : "memory");
    return v;
}

int64_t guest_read32s(uintptr_t addr)
{
    int64_t v;
    __asm__ volatile("movslq (%1), %0" : "=r"(v) : "r"(addr) : "memory");
    return v;
}

void guest_write8(uintptr_t addr, uint8_t v)
{
    __asm__ volatile("movb %0, (%1)" : : "q"(v), "r"(addr) : "memory");
}

void guest_write16(uintptr_t addr, uint16_t v)
{
    __asm__ volatile("movw %0, (%1)" : : "r"(v), "r"(addr) : "memory");
}

void guest_write32(uintptr_t addr, uint32_t v)
{
    __asm__ volatile("movl %0, (%1)" : : "r"(v), "r"(addr) : "memory");
}

void guest_write64(uintptr_t addr, uint64_t v)
{
    __asm__ volatile("movq %0, (%1)" : : "r"(v), "r"(addr) : "memory");
}

uint64_t guest_rdmsr(uint32_t msr)
{
    uint32_t lo, hi;
    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return (uint64_t)hi << 32 | lo;
}

void guest_wrmsr(uint32_t msr, uint64_t v)
{
    __asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

void guest_outb(uint16_t port, uint8_t v)
{
    __asm__ volatile("outb %0, %1" : : "a"(v), "d"(port));
}

void guest_outw(uint16_t port, uint16_t v)
{
    __asm__ volatile("outw %0, %1" : : "a"(v), "d"(port));
}

void guest_outl(uint16_t port, uint32_t v)
{
    __asm__ volatile("outl %0, %1" : : "a"(v), "d"(port));
}

uint8_t guest_inb(uint16_t port)
{
    uint8_t v;
    __asm__ volatile("inb %1, %0" : "=a"(v) : "d"(port));
    return v;
}

uint16_t guest_inw(uint16_t port)
{
    uint16_t v;
    __asm__ volatile("inw %1, %0" : "=a"(v) : "d"(port));
    return v;
}

uint32_t guest_inl(uint16_t port)
{
    uint32_t v;
    __asm__ volatile("inl %1, %0" : "=a"(v) : "d"(port));
    return v;
}

uint64_t guest_inb_into(uint16_t port, uint64_t rax)
{
    __asm__ volatile("inb %1, %%al" : "+a"(rax) : "d"(port));
    return rax;
}

uint64_t guest_sysreg_read(void)
{
    return guest_rdmsr(X86_TRAPPED_MSR);
}

void guest_sysreg_write(uint64_t value)
{
    guest_wrmsr(X86_TRAPPED_MSR, value);
}

void guest_halt(void)
{
    __asm__ volatile("hlt" ::: "memory");
}

const uint32_t guest_unknown_exit_length = 2; /* RDPMC: 0f 33 */

#define MSR_KERNEL_GS_BASE 0xc0000102u

uint64_t guest_saved_sysreg_read(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(MSR_KERNEL_GS_BASE));
    return (uint64_t)hi << 32 | lo;
}

void guest_saved_sysreg_write(uint64_t value)
{
    __asm__ volatile("wrmsr"
                     :
                     : "c"(MSR_KERNEL_GS_BASE), "a"((uint32_t)value), "d"((uint32_t)(value >> 32))
                     : "memory");
}

uintptr_t guest_stack_pointer(void)
{
    uintptr_t sp;
    __asm__ volatile("mov %%rsp, %0" : "=r"(sp));
    return sp;
}

void guest_unknown_exit(void)
{
    __asm__ volatile("rdpmc" : : "c"(0) : "rax", "rdx", "memory");
}

void guest_set_irq_handler(void (*handler)(uint32_t vector))
{
    irq_handler = handler;
}

static void set_gate(uint32_t v, uint64_t handler)
{
    guest_idt[v] = (struct idt_entry){
        .offset_low = (uint16_t)handler,
        .selector = 0x08,
        .type = 0x8e,
        .offset_mid = (uint16_t)(handler >> 16),
        .offset_high = (uint32_t)(handler >> 32),
    };
}

void guest_arch_init(void)
{
    for (uint32_t v = 0; v < 32; v++)
        set_gate(v, (uint64_t)(uintptr_t)guest_x86_64_exception_stubs + 16 * v);
    for (uint32_t v = 32; v < 256; v++)
        set_gate(v, (uint64_t)(uintptr_t)guest_x86_64_irq_stubs + 16 * (v - 32));
    struct {
        uint16_t limit;
        uint64_t base;
    } __attribute__((packed)) pointer = {sizeof(guest_idt) - 1, (uint64_t)(uintptr_t)guest_idt};
    __asm__ volatile("lidt %0" : : "m"(pointer) : "memory");
}

void guest_irq_enable(void)
{
    __asm__ volatile("sti" ::: "memory");
}

void guest_irq_disable(void)
{
    __asm__ volatile("cli");
}

/* Called from the interrupt stubs in guest_x86_64.S. */
void guest_x86_64_interrupt(uint64_t vector)
{
    if (irq_handler != 0)
        irq_handler((uint32_t)vector);
}

/* CPU_ON through the x2APIC: INIT, then SIPI to `entry` (4 KiB aligned,
 * below 1 MiB). The start block travels in a mailbox, as x86 has no argument. */
int64_t guest_cpu_on(uint64_t target, uintptr_t entry, uint64_t arg)
{
    guest_x86_64_start_mailbox = arg;
    guest_wrmsr(ICR_MSR, target << 32 | 0x4500);                 /* INIT */
    guest_wrmsr(ICR_MSR, target << 32 | 0x4600 | (entry >> 12)); /* SIPI */
    return 0;
}

/* CPU_OFF: an INIT to itself parks the CPU in wait-for-SIPI. */
_Noreturn void guest_cpu_off(void)
{
    for (;;)
        guest_wrmsr(ICR_MSR, 1u << 18 | 0x4500); /* shorthand self, INIT */
}

_Noreturn void guest_poweroff(void)
{
    for (;;)
        __asm__ volatile("outw %0, %1" : : "a"((uint16_t)SLP_EN), "Nd"((uint16_t)0x604));
}

uintptr_t guest_entry_point(void)
{
    return (uintptr_t)guest_x86_64_entry;
}

/* The SIPI target: a stub in low memory that jumps to the image. */
uintptr_t guest_secondary_entry_point(void)
{
    uint8_t *dst = (uint8_t *)SIPI_PAGE;
    for (const char *src = guest_x86_64_sipi_stub; src < guest_x86_64_sipi_stub_end; src++)
        *dst++ = (uint8_t)*src;
    return SIPI_PAGE;
}

/* User mode: the guest library's own page tables, GDT, TSS and kernel stack
 * (one vCPU at a time; see guest_x86_64.h). */

#define MSR_EFER 0xc0000080u
#define MSR_STAR 0xc0000081u
#define MSR_LSTAR 0xc0000082u
#define MSR_SFMASK 0xc0000084u
#define EFER_SCE 1u
#define SFMASK_TF_IF_DF_AC 0x40700u
#define PTE_P_RW_US 0x7u
#define PDE_2M_P_RW_US 0x87u

struct tss64 {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3, iopb;
} __attribute__((packed));

static uint64_t user_pml4[512] __attribute__((aligned(4096)));
static uint64_t user_pdpt[512] __attribute__((aligned(4096)));
static uint64_t user_pd[4][512] __attribute__((aligned(4096)));
static uint64_t user_gdt[7] __attribute__((aligned(16)));
static struct tss64 user_tss __attribute__((aligned(16)));
static uint8_t kernel_stack[8192] __attribute__((aligned(16)));
static uint64_t (*syscall_handler)(uint64_t nr, uint64_t arg, bool via_int);
extern const char guest_x86_64_syscall_entry[], guest_x86_64_int80_entry[];
/* Read by guest_x86_64.S: the kernel stack top of system calls, RSP0. */
uint64_t guest_x86_64_rsp0;

void guest_x86_user_init(void)
{
    user_pml4[0] = (uint64_t)(uintptr_t)user_pdpt | PTE_P_RW_US;
    for (uint64_t g = 0; g < 4; g++) {
        user_pdpt[g] = (uint64_t)(uintptr_t)user_pd[g] | PTE_P_RW_US;
        for (uint64_t i = 0; i < 512; i++)
            user_pd[g][i] = (g << 30 | i << 21) | PDE_2M_P_RW_US;
    }
    guest_x86_64_rsp0 = (uint64_t)(uintptr_t)(kernel_stack + sizeof(kernel_stack));
    user_tss = (struct tss64){.rsp = {guest_x86_64_rsp0}, .iopb = sizeof(struct tss64)};
    uint64_t tss = (uint64_t)(uintptr_t)&user_tss, limit = sizeof(user_tss) - 1;
    user_gdt[0] = 0;
    user_gdt[GUEST_X86_KERNEL_CS / 8] = 0x00af9a000000ffffull; /* 64-bit code, DPL 0 */
    user_gdt[GUEST_X86_KERNEL_DS / 8] = 0x00cf92000000ffffull; /* data, DPL 0 */
    user_gdt[GUEST_X86_USER_DS / 8] = 0x00cff2000000ffffull;   /* data, DPL 3 */
    user_gdt[GUEST_X86_USER_CS / 8] = 0x00affa000000ffffull;   /* 64-bit code, DPL 3 */
    user_gdt[GUEST_X86_TSS / 8] = (limit & 0xffff) | (tss & 0xffffff) << 16 |
                                  0x89ull << 40 /* present, available 64-bit TSS */ |
                                  ((tss >> 24) & 0xff) << 56;
    user_gdt[GUEST_X86_TSS / 8 + 1] = tss >> 32;
    struct {
        uint16_t limit;
        uint64_t base;
    } __attribute__((packed)) gdtr = {sizeof(user_gdt) - 1, (uint64_t)(uintptr_t)user_gdt};
    __asm__ volatile("mov %0, %%cr3; lgdt %1; ltr %w2"
                     :
                     : "r"((uint64_t)(uintptr_t)user_pml4), "m"(gdtr), "r"(GUEST_X86_TSS)
                     : "memory");
    uint64_t efer = guest_rdmsr(MSR_EFER);
    if (!(efer & EFER_SCE))
        guest_wrmsr(MSR_EFER, efer | EFER_SCE);
    guest_wrmsr(MSR_STAR,
                (uint64_t)GUEST_X86_KERNEL_DS << 48 | (uint64_t)GUEST_X86_KERNEL_CS << 32);
    guest_wrmsr(MSR_LSTAR, (uint64_t)(uintptr_t)guest_x86_64_syscall_entry);
    guest_wrmsr(MSR_SFMASK, SFMASK_TF_IF_DF_AC);
    uint64_t int80 = (uint64_t)(uintptr_t)guest_x86_64_int80_entry;
    guest_idt[GUEST_X86_SYSCALL_VECTOR] = (struct idt_entry){
        .offset_low = (uint16_t)int80,
        .selector = GUEST_X86_KERNEL_CS,
        .type = 0xee, /* present, DPL 3, 64-bit interrupt gate */
        .offset_mid = (uint16_t)(int80 >> 16),
        .offset_high = (uint32_t)(int80 >> 32),
    };
}

void guest_x86_set_syscall_handler(uint64_t (*handler)(uint64_t nr, uint64_t arg, bool via_int))
{
    syscall_handler = handler;
}

_Noreturn void guest_x86_64_leave_user(uint64_t value);

/* Called from the SYSCALL and INT 0x80 entries in guest_x86_64.S. */
uint64_t guest_x86_64_system_call(uint64_t nr, uint64_t arg, uint64_t via_int)
{
    if (nr == GUEST_X86_SYS_LEAVE_USER)
        guest_x86_64_leave_user(arg);
    return syscall_handler != 0 ? syscall_handler(nr, arg, via_int != 0) : ~0ull;
}

uint64_t guest_x86_syscall(uint64_t nr, uint64_t arg)
{
    uint64_t ret;
    __asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(arg) : "rcx", "r11", "memory");
    return ret;
}

uint64_t guest_x86_int80(uint64_t nr, uint64_t arg)
{
    uint64_t ret;
    __asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr), "D"(arg) : "memory");
    return ret;
}

uint32_t guest_x86_cpl(void)
{
    uint16_t cs;
    __asm__ volatile("mov %%cs, %0" : "=r"(cs));
    return cs & 3u;
}
