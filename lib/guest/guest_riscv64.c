/* The guest library for riscv64 guests in VS-mode (vsatp = 0). */
#include "guest.h"
#include "guest_riscv64.h"

#include <vcpu/riscv_h.h>

#define SIP_SSIP (1ul << 1)
#define SIE_SSIE (1ul << 1)
#define SSTATUS_SIE (1ul << 1)

static void (*irq_handler)(uint32_t vector);
extern const char guest_riscv64_trap[];

struct sbiret {
    int64_t error;
    uint64_t value;
};

static struct sbiret sbi(uint64_t eid, uint64_t fid, uint64_t a0, uint64_t a1, uint64_t a2,
                         uint64_t a3, uint64_t a4, uint64_t a5)
{
    register uint64_t r0 __asm__("a0") = a0;
    register uint64_t r1 __asm__("a1") = a1;
    register uint64_t r2 __asm__("a2") = a2;
    register uint64_t r3 __asm__("a3") = a3;
    register uint64_t r4 __asm__("a4") = a4;
    register uint64_t r5 __asm__("a5") = a5;
    register uint64_t r6 __asm__("a6") = fid;
    register uint64_t r7 __asm__("a7") = eid;
    __asm__ volatile("ecall"
                     : "+r"(r0), "+r"(r1)
                     : "r"(r2), "r"(r3), "r"(r4), "r"(r5), "r"(r6), "r"(r7)
                     : "memory");
    return (struct sbiret){(int64_t)r0, r1};
}

struct guest_sbiret guest_sbi_call(uint64_t eid, uint64_t fid, uint64_t a0, uint64_t a1,
                                   uint64_t a2)
{
    struct sbiret r = sbi(eid, fid, a0, a1, a2, 0, 0, 0);
    return (struct guest_sbiret){r.error, r.value};
}

void guest_c_sw(uintptr_t addr, uint32_t value)
{
    register uint64_t a0 __asm__("a0") = value;
    register uint64_t a1 __asm__("a1") = addr;
    __asm__ volatile(".option push\n.option rvc\nc.sw a0, 0(a1)\n.option pop"
                     :
                     : "r"(a0), "r"(a1)
                     : "memory");
}

int64_t guest_c_lw(uintptr_t addr)
{
    register uint64_t a0 __asm__("a0");
    register uint64_t a1 __asm__("a1") = addr;
    __asm__ volatile(".option push\n.option rvc\nc.lw a0, 0(a1)\n.option pop"
                     : "=r"(a0)
                     : "r"(a1)
                     : "memory");
    return (int64_t)a0;
}

/* The FP helpers are the only guest code with FP instructions (the images
 * are built -march=rv64gc, so the assembler takes them; clang 14 has no
 * `.option arch, +d` to enable D for these blocks alone). Only
 * caller-saved registers are touched, and they are not declared clobbered:
 * the surrounding integer code keeps nothing in them, and a clobber would not
 * let the values live until guest_fp_read(). */
#define SSTATUS_FS_INITIAL (1ul << 13)

void guest_fp_write(const uint64_t values[4], uint32_t fcsr)
{
    __asm__ volatile(".option push\n"
                     "csrs sstatus, %5\n"
                     "fmv.d.x ft0, %0\n"
                     "fmv.d.x ft1, %1\n"
                     "fmv.d.x fa0, %2\n"
                     "fmv.d.x ft11, %3\n"
                     "fscsr %4\n"
                     ".option pop"
                     :
                     : "r"(values[0]), "r"(values[1]), "r"(values[2]), "r"(values[3]),
                       "r"((uint64_t)fcsr), "r"(SSTATUS_FS_INITIAL)
                     : "memory");
}

uint32_t guest_fp_read(uint64_t values[4])
{
    uint64_t v0, v1, v2, v3, fcsr;
    __asm__ volatile(".option push\n"
                     "fmv.x.d %0, ft0\n"
                     "fmv.x.d %1, ft1\n"
                     "fmv.x.d %2, fa0\n"
                     "fmv.x.d %3, ft11\n"
                     "frcsr %4\n"
                     ".option pop"
                     : "=r"(v0), "=r"(v1), "=r"(v2), "=r"(v3), "=r"(fcsr)
                     :
                     : "memory");
    values[0] = v0;
    values[1] = v1;
    values[2] = v2;
    values[3] = v3;
    return (uint32_t)fcsr;
}

uint64_t guest_rdtime(void)
{
    uint64_t t;
    __asm__ volatile("rdtime %0" : "=r"(t));
    return t;
}

void guest_timer_irq_enable(void)
{
    __asm__ volatile("csrw stvec, %0" : : "r"(guest_riscv64_trap));
    __asm__ volatile("csrs sie, %0" : : "r"(1ul << 5));
    __asm__ volatile("csrs sstatus, %0" : : "r"(SSTATUS_SIE));
}

uint64_t guest_hypercall(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
                         uint64_t a4, uint64_t a5)
{
    return sbi(RISCV_SBI_EXT_VCPU_HYPERCALL, nr, a0, a1, a2, a3, a4, a5).value;
}

/* Full-size (non-compressed) accesses, one instruction each. */
#define GUEST_LOAD(name, type, insn)                                                               \
    type name(uintptr_t addr)                                                                      \
    {                                                                                              \
        uint64_t v;                                                                                \
        __asm__ volatile(".option push\n.option norvc\n" insn " %0, 0(%1)\n.option pop"            \
                         : "=r"(v)                                                                 \
                         : "r"(addr)                                                               \
                         : "memory");                                                              \
        return (type)v;                                                                            \
    }
GUEST_LOAD(guest_read8, uint8_t, "lbu")
GUEST_LOAD(guest_read16, uint16_t, "lhu")
GUEST_LOAD(guest_read32, uint32_t, "lwu")
GUEST_LOAD(guest_read64, uint64_t, "ld")
GUEST_LOAD(guest_read8s, int64_t, "lb")
GUEST_LOAD(guest_read16s, int64_t, "lh")
GUEST_LOAD(guest_read32s, int64_t, "lw")

#define GUEST_STORE(name, type, insn)                                                              \
    void name(uintptr_t addr, type v)                                                              \
    {                                                                                              \
        __asm__ volatile(".option push\n.option norvc\n" insn " %0, 0(%1)\n.option pop"            \
                         :                                                                         \
                         : "r"((uint64_t)v), "r"(addr)                                             \
                         : "memory");                                                              \
    }
GUEST_STORE(guest_write8, uint8_t, "sb")
GUEST_STORE(guest_write16, uint16_t, "sh")
GUEST_STORE(guest_write32, uint32_t, "sw")
GUEST_STORE(guest_write64, uint64_t, "sd")

uint64_t guest_sysreg_read(void)
{
    uint64_t v;
    __asm__ volatile("csrr %0, hstatus" : "=r"(v));
    return v;
}

void guest_sysreg_write(uint64_t value)
{
    __asm__ volatile("csrw hstatus, %0" : : "r"(value));
}

void guest_halt(void)
{
    __asm__ volatile("wfi" ::: "memory");
}

const uint32_t guest_unknown_exit_length = 4; /* assembled without RVC */

uint64_t guest_saved_sysreg_read(void)
{
    uint64_t v;
    __asm__ volatile("csrr %0, sscratch" : "=r"(v));
    return v;
}

void guest_saved_sysreg_write(uint64_t value)
{
    __asm__ volatile("csrw sscratch, %0" : : "r"(value) : "memory");
}

uintptr_t guest_stack_pointer(void)
{
    uintptr_t sp;
    __asm__ volatile("mv %0, sp" : "=r"(sp));
    return sp;
}

void guest_unknown_exit(void)
{
    /* HLV.D t0, (zero): a hypervisor load, a virtual-instruction exception
     * in VS-mode that the backend does not decode (illegal instructions are
     * the guest's own). */
    __asm__ volatile(".insn r 0x73, 4, 0x36, t0, zero, x0" ::: "t0", "memory");
}

void guest_set_irq_handler(void (*handler)(uint32_t vector))
{
    irq_handler = handler;
}

void guest_arch_init(void)
{
    __asm__ volatile("csrw stvec, %0" : : "r"(guest_riscv64_trap));
}

void guest_irq_enable(void)
{
    __asm__ volatile("csrs sie, %0" : : "r"(SIE_SSIE));
    __asm__ volatile("csrs sstatus, %0" : : "r"(SSTATUS_SIE));
}

void guest_irq_disable(void)
{
    __asm__ volatile("csrc sstatus, %0" : : "r"(SSTATUS_SIE));
}

/* Called from guest_riscv64_trap for an interrupt (scause with the top bit). */
void guest_riscv64_interrupt(uint64_t scause)
{
    uint32_t cause = (uint32_t)(scause & 0xff);
    if (cause == 1) /* supervisor software interrupt: acknowledge */
        __asm__ volatile("csrc sip, %0" : : "r"(SIP_SSIP));
    if (irq_handler != 0)
        irq_handler(cause + 1); /* as hvip bits: VSSIP = 2, VSTIP = 6, VSEIP = 10 */
}

int64_t guest_cpu_on(uint64_t target, uintptr_t entry, uint64_t arg)
{
    return sbi(RISCV_SBI_EXT_HSM, 0, target, entry, arg, 0, 0, 0).error;
}

_Noreturn void guest_cpu_off(void)
{
    for (;;)
        sbi(RISCV_SBI_EXT_HSM, 1, 0, 0, 0, 0, 0, 0);
}

_Noreturn void guest_poweroff(void)
{
    for (;;)
        sbi(RISCV_SBI_EXT_SRST, 0, 0, 0, 0, 0, 0, 0);
}

extern const char guest_riscv64_entry[];
extern const char guest_riscv64_secondary_entry[];

uintptr_t guest_entry_point(void)
{
    return (uintptr_t)guest_riscv64_entry;
}

uintptr_t guest_secondary_entry_point(void)
{
    return (uintptr_t)guest_riscv64_secondary_entry;
}
