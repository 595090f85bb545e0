/* x86_64 PC board (QEMU -kernel multiboot, or GRUB under Bochs): COM1
 * console, verdict through isa-debug-exit (QEMU) and the magic break /
 * shutdown port (Bochs), local APIC (xAPIC MMIO: QEMU 7.2's TCG has no
 * x2APIC) with application processors started by INIT-SIPI, IDT, a TSS per
 * CPU, APIC timer, and the kick IPI vcpu_kick() sends. */
#include <board/board.h>
#include <board/print.h>
#include <vcpu/host.h>

#include "io.h"
#include "virt_extension.h"

#define COM1 0x3f8
#define COM_LSR 5
#define LSR_THRE 0x20
#define LSR_TEMT 0x40
#define DEBUG_EXIT_PORT 0xf4
#define BOCHS_SHUTDOWN_PORT 0x8900
#define APIC_BASE 0xfee00000ul
#define APIC_ID 0x020
#define APIC_EOI 0x0b0
#define APIC_SPURIOUS 0x0f0
#define APIC_ICR_LOW 0x300
#define APIC_ICR_HIGH 0x310
#define APIC_LVT_TIMER 0x320
#define APIC_TIMER_INITIAL 0x380
#define APIC_TIMER_DIVIDE 0x3e0
#define TIMER_VECTOR 32u
#define KICK_VECTOR 0xf0u /* vcpu_host_kick_cpu(): fixed IPI, acknowledged only */
#define SPURIOUS_VECTOR 255u
#define AP_TRAMPOLINE 0x8000ul

struct idt_entry {
    uint16_t offset_low, selector;
    uint8_t ist, type;
    uint16_t offset_mid;
    uint32_t offset_high, reserved;
} __attribute__((packed));

struct cpu_slot {
    void (*volatile fn)(void *);
    void *volatile arg;
    volatile uint32_t up, busy;
};

static struct idt_entry idt[256] __attribute__((aligned(16)));
static struct cpu_slot slots[BOARD_MAX_CPUS];
static volatile uint32_t cpus_up = 1;
static uint32_t apic_ids[BOARD_MAX_CPUS];
static void (*irq_handler)(uint32_t irq);

/* The 64-bit TSS (no I/O bitmap, no interrupt stacks): VMX needs a loaded
 * task register, as the host state of a VM exit. */
struct tss {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1, ist[7], reserved2;
    uint16_t reserved3, iomap_base;
} __attribute__((packed));

static struct tss tss[BOARD_MAX_CPUS] __attribute__((aligned(16)));
extern uint64_t board_gdt[];

extern const uint64_t board_isr_list[];
extern const char board_ap_trampoline[], board_ap_trampoline_end[];
extern volatile uint32_t board_ap_index;

static volatile uint32_t *apic(unsigned reg)
{
    return (volatile uint32_t *)(APIC_BASE + reg);
}

/* 8 data bits, no parity, 1 stop bit, 115200 baud, FIFOs on: emulators
 * start the UART in different states (Bochs with 5-bit words). */
static void console_init(void)
{
    outb(COM1 + 1, 0x00); /* no interrupts */
    outb(COM1 + 3, 0x80); /* DLAB */
    outb(COM1 + 0, 0x01); /* divisor 1 */
    outb(COM1 + 1, 0x00);
    outb(COM1 + 3, 0x03); /* 8N1 */
    outb(COM1 + 2, 0xc7); /* FIFO on, cleared */
    outb(COM1 + 4, 0x03); /* DTR, RTS */
}

void board_putc(char c)
{
    if (c == '\n')
        board_putc('\r');
    while (!(inb(COM1 + COM_LSR) & LSR_THRE))
        ;
    outb(COM1, (uint8_t)c);
}

void board_write(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        board_putc(s[i]);
}

_Noreturn void board_exit(int code)
{
    while (!(inb(COM1 + COM_LSR) & LSR_TEMT))
        ;
    if (code == BOARD_EXIT_PASS) {
        __asm__ volatile("xchg %bx, %bx"); /* Bochs: magic break, then "quit" */
        outl(DEBUG_EXIT_PORT, 0x10);       /* QEMU: exit status 33 */
    } else {
        outl(DEBUG_EXIT_PORT, 0x10 + (uint32_t)code); /* QEMU: 33 + 2 * code */
        for (const char *s = "Shutdown"; *s; s++)
            outb(BOCHS_SHUTDOWN_PORT, (uint8_t)*s); /* Bochs: exit status 1 */
    }
    for (;;)
        __asm__ volatile("cli; hlt");
}

#define GDT_TSS_FIRST 4u /* selector 0x20: one 16-byte descriptor per CPU */

/* The task register names the CPU's own TSS (load_tss()), which makes the CPU
 * index one STR away; before a CPU has loaded it, its APIC id is looked up. */
uint32_t board_cpu_id(void)
{
    uint16_t tr;
    __asm__ volatile("str %0" : "=r"(tr));
    if (tr >= GDT_TSS_FIRST * 8)
        return (uint32_t)(tr / 8 - GDT_TSS_FIRST) / 2;
    uint32_t id = *apic(APIC_ID) >> 24;
    for (uint32_t i = 0; i < cpus_up; i++) {
        if (apic_ids[i] == id)
            return i;
    }
    return 0;
}

uint32_t board_cpu_count(void)
{
    return cpus_up;
}

bool board_run_on_cpu(uint32_t cpu, void (*fn)(void *), void *arg)
{
    if (cpu == 0 || cpu >= BOARD_MAX_CPUS || !slots[cpu].up || slots[cpu].busy)
        return false;
    slots[cpu].arg = arg;
    slots[cpu].busy = 1;
    __atomic_store_n(&slots[cpu].fn, fn, __ATOMIC_RELEASE);
    return true;
}

void board_wait_cpu(uint32_t cpu)
{
    if (cpu >= BOARD_MAX_CPUS)
        return;
    while (__atomic_load_n(&slots[cpu].busy, __ATOMIC_ACQUIRE))
        __asm__ volatile("pause");
}

void board_set_irq_handler(void (*handler)(uint32_t irq))
{
    irq_handler = handler;
}

void board_irq_enable(void)
{
    __asm__ volatile("sti");
}

void board_irq_disable(void)
{
    __asm__ volatile("cli");
}

void board_timer_arm(uint64_t ticks)
{
    *apic(APIC_TIMER_DIVIDE) = 0xb; /* divide by 1 */
    *apic(APIC_LVT_TIMER) = TIMER_VECTOR;
    *apic(APIC_TIMER_INITIAL) = (uint32_t)ticks;
}

void board_timer_stop(void)
{
    *apic(APIC_TIMER_INITIAL) = 0;
}

uint32_t board_timer_irq(void)
{
    return TIMER_VECTOR;
}

/* Called by the IDT stubs; frame = {vector, error, rip, cs, rflags, rsp, ss}. */
void board_x86_trap(uint64_t vector, const uint64_t *frame)
{
    if (vector == TIMER_VECTOR) {
        board_timer_stop();
        if (irq_handler != NULL)
            irq_handler((uint32_t)vector);
        *apic(APIC_EOI) = 0;
        return;
    }
    if (vector == KICK_VECTOR) {
        /* Its job was done when it arrived: a guest running here exited. */
        *apic(APIC_EOI) = 0;
        return;
    }
    if (vector == SPURIOUS_VECTOR)
        return;
    board_printf("\nunexpected exception %lu on CPU %u: error=%lx rip=%lx rsp=%lx\n", vector,
                 board_cpu_id(), frame[1], frame[2], frame[5]);
    board_exit(BOARD_EXIT_HOST_EXCEPTION);
}

static void load_idt(void)
{
    struct {
        uint16_t limit;
        uint64_t base;
    } __attribute__((packed)) pointer = {sizeof(idt) - 1, (uint64_t)(uintptr_t)idt};
    __asm__ volatile("lidt %0" : : "m"(pointer));
}

static void build_idt(void)
{
    for (const uint64_t *e = board_isr_list; e[0] != ~0ull; e += 2) {
        uint64_t handler = e[1];
        idt[e[0]] = (struct idt_entry){
            .offset_low = (uint16_t)handler,
            .selector = 0x08,
            .type = 0x8e, /* present, interrupt gate */
            .offset_mid = (uint16_t)(handler >> 16),
            .offset_high = (uint32_t)(handler >> 32),
        };
    }
}

/* Masks the legacy 8259 PICs: their interrupts (the PIT's, on the BIOS's
 * vectors 8..15) would alias CPU exceptions. Host interrupts come from the
 * local APIC only. */
static void mask_legacy_pic(void)
{
    outb(0x21, 0xff);
    outb(0xa1, 0xff);
}

/* Fills CPU `cpu`'s TSS descriptor in the GDT and loads the task register. */
static void load_tss(uint32_t cpu)
{
    uint64_t base = (uint64_t)(uintptr_t)&tss[cpu];
    uint64_t limit = sizeof(struct tss) - 1;
    tss[cpu].iomap_base = sizeof(struct tss);
    board_gdt[GDT_TSS_FIRST + 2 * cpu] = (limit & 0xffff) | (base & 0xffffff) << 16 |
                                         0x89ull << 40 /* present, available 64-bit TSS */ |
                                         ((base >> 24) & 0xff) << 56;
    board_gdt[GDT_TSS_FIRST + 2 * cpu + 1] = base >> 32;
    uint16_t selector = (uint16_t)((GDT_TSS_FIRST + 2 * cpu) * 8);
    __asm__ volatile("ltr %0" : : "r"(selector) : "memory");
}

static void enable_apic(void)
{
    *apic(APIC_SPURIOUS) = 0x100 | SPURIOUS_VECTOR;
}

static _Noreturn void secondary_loop(uint32_t cpu)
{
    load_idt();
    load_tss(cpu);
    enable_apic();
    struct cpu_slot *slot = &slots[cpu];
    apic_ids[cpu] = *apic(APIC_ID) >> 24;
    __atomic_fetch_add(&cpus_up, 1, __ATOMIC_ACQ_REL);
    __atomic_store_n(&slot->up, 1, __ATOMIC_RELEASE);
    for (;;) {
        void (*fn)(void *) = __atomic_load_n(&slot->fn, __ATOMIC_ACQUIRE);
        if (fn == NULL) {
            __asm__ volatile("pause");
            continue;
        }
        fn(slot->arg);
        slot->fn = NULL;
        __atomic_store_n(&slot->busy, 0, __ATOMIC_RELEASE);
    }
}

static void send_ipi(uint32_t apic_id, uint32_t low)
{
    *apic(APIC_ICR_HIGH) = apic_id << 24;
    *apic(APIC_ICR_LOW) = low;
    while (*apic(APIC_ICR_LOW) & (1u << 12)) /* delivery pending */
        ;
}

static void delay(uint64_t iterations)
{
    for (volatile uint64_t i = 0; i < iterations; i++)
        ;
}

/* How many APIC ids to try: the logical processors of the package
 * (CPUID.1:EBX[23:16]; QEMU -smp N reports N), and at least 2 because Bochs
 * reports each processor as its own package. Ids are numbered 0..n-1. */
static uint32_t logical_cpus(void)
{
    uint32_t a, b, c, d;
    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1u), "c"(0));
    uint32_t n = (b >> 16) & 0xff;
    return n < 2 ? 2 : n;
}

/* Starts the APs by INIT-SIPI-SIPI, one at a time, through the trampoline;
 * stops at the first that does not come up. */
static void start_secondaries(void)
{
    uint8_t *dst = (uint8_t *)AP_TRAMPOLINE;
    for (const char *src = board_ap_trampoline; src < board_ap_trampoline_end; src++)
        *dst++ = (uint8_t)*src;
    uint32_t count = logical_cpus();
    for (uint32_t apic_id = 0, next = 1; apic_id < count && next < BOARD_MAX_CPUS; apic_id++) {
        if (apic_id == apic_ids[0])
            continue;
        board_ap_index = next;
        send_ipi(apic_id, 0x4500); /* INIT */
        delay(10000);
        send_ipi(apic_id, 0x4600 | (AP_TRAMPOLINE >> 12)); /* SIPI */
        send_ipi(apic_id, 0x4600 | (AP_TRAMPOLINE >> 12));
        for (uint64_t i = 0; i < 5000000 && !__atomic_load_n(&slots[next].up, __ATOMIC_ACQUIRE);
             i++)
            __asm__ volatile("pause");
        if (!slots[next].up)
            break;
        next++;
    }
    board_ap_index = 0;
}

void board_cpu_entry(uint32_t cpu)
{
    if (cpu != 0)
        secondary_loop(cpu);
    console_init();
    mask_legacy_pic();
    build_idt();
    load_idt();
    load_tss(0);
    enable_apic();
    apic_ids[0] = *apic(APIC_ID) >> 24;
    if (!board_x86_virt_available()) {
        board_printf("virtualization extensions not available: the CPU has no %s\n",
                     board_x86_virt_name);
        board_exit(BOARD_EXIT_NO_VIRTUALIZATION);
    }
    start_secondaries();
    board_exit(board_image_main());
}

uint32_t vcpu_host_cpu_id(void)
{
    return board_cpu_id();
}

/* A fixed IPI on KICK_VECTOR to `cpu`'s local APIC: while that CPU runs a
 * guest, the physical interrupt makes the guest exit (the backends exit on
 * external interrupts); the host takes it when it unmasks, and the handler
 * only sends the EOI. Any CPU, also from interrupt context: the ICR pair is
 * written with interrupts masked. Out-of-range CPUs are ignored. */
void vcpu_host_kick_cpu(uint32_t cpu)
{
    if (cpu >= BOARD_MAX_CPUS || cpu >= cpus_up)
        return;
    uint64_t flags;
    __asm__ volatile("pushfq; popq %0; cli" : "=r"(flags) : : "memory");
    send_ipi(apic_ids[cpu], 0x4000 | KICK_VECTOR); /* fixed, assert, physical */
    if (flags & (1u << 9))
        __asm__ volatile("sti" ::: "memory");
}
