/* libFuzzer target of the VMX backend's pure parts: arbitrary exit reasons
 * (with the VM-entry failure bit and the other high bits), qualifications,
 * guest-physical and guest-linear addresses, instruction lengths, guest
 * registers and guest instruction bytes in any code mode through
 * vmx_decode_exit(); the qualification helpers, vmx_decode_entry_failure(),
 * x86_guest_mode(), the event injection encoders (event.h) and the MSR bitmap
 * (msr_bitmap.h) on the same input. Every result must be one that the headers
 * document, checked against an independent statement of the rule where the
 * rule is short. Input: a selector byte (picks a decoded basic exit reason, or
 * takes it from the input), then the exit reason (32 bits; its bits 31:16 are
 * always kept), qualification, guest-physical, guest-linear (64), instruction
 * length (32), code mode (8), init_seen, RAX..R15 (64), the power-off port
 * (32, low 16 used), S5 SLP_TYP (8), host vector, APIC id (32), then EFER
 * (64), CS access rights (32), RFLAGS (64), interruptibility, IDT-vectoring
 * information, its error code (32), a control byte (bits 1:0 the
 * VMLAUNCH/VMRESUME result, 3:2 the MSR range, 4 write), an MSR and a bitmap
 * bit (32), then up to 15 instruction bytes. Little-endian; missing bytes
 * read as 0. */
#include <string.h>
#include <vcpu/vmx.h>

#include "backends/vmx/decode.h"
#include "backends/vmx/event.h"
#include "backends/vmx/msr_bitmap.h"
#include "backends/vmx/vmcs.h"
#include "backends/x86_common/x86_regs.h"
#include "testing/fuzz/fuzz_check.h"

static const uint32_t kDecodedReasons[] = {
    VMX_EXIT_VMCALL,
    VMX_EXIT_HLT,
    VMX_EXIT_IO,
    VMX_EXIT_RDMSR,
    VMX_EXIT_WRMSR,
    VMX_EXIT_EPT_VIOLATION,
    VMX_EXIT_EXTERNAL_INTERRUPT,
    VMX_EXIT_INTERRUPT_WINDOW,
    VMX_EXIT_TRIPLE_FAULT,
    VMX_EXIT_CPUID,
    VMX_EXIT_RDPMC,
    VMX_EXIT_EXCEPTION_NMI,
    VMX_EXIT_EPT_MISCONFIG,
    VMX_EXIT_INVALID_GUEST_STATE,
    VMX_EXIT_MSR_LOADING,
    VMX_EXIT_MACHINE_CHECK,
};
#define DECODED_REASONS (sizeof kDecodedReasons / sizeof kDecodedReasons[0])

struct input {
    struct vmx_exit_facts f;
    uint64_t gpr[16];
    uint8_t insn[X86_INSN_MAX];
    uint64_t init_seen;
    uint64_t efer, rflags;
    uint32_t cs_ar, interruptibility, idt_info, idt_error, msr, bitmap_bit;
    uint8_t control;
};

/* The documented RIP advance of an instruction exit whose length is
 * normally `len`: the VM-exit instruction length, or `len` without one. */
static uint64_t insn_step(const struct vmx_exit_facts *f, uint64_t len)
{
    return f->insn_len != 0 ? f->insn_len : len;
}

/* I/O exits (SDM: size 2:0 = 0/1/3, IN bit 3, string bit 4, REP bit 5, port 31:16). */
static void check_io(const struct vmx_exit_facts *f, const struct vcpu_exit *exit, uint64_t step)
{
    uint64_t q = f->qualification, size = q & 7;
    uint16_t port = (uint16_t)(q >> 16);
    if (size == 2 || size > 3 || (q & (3u << 4)) != 0) {
        FUZZ_CHECK(exit->reason == VCPU_EXIT_UNKNOWN && step == 0);
        return;
    }
    enum vcpu_access_width w = size == 0 ? VCPU_WIDTH_8 : size == 1 ? VCPU_WIDTH_16 : VCPU_WIDTH_32;
    FUZZ_CHECK(step == insn_step(f, 1));
    if (q & (1u << 3)) {
        FUZZ_CHECK(exit->reason == VCPU_EXIT_IO_READ);
        FUZZ_CHECK(exit->io_read.port == port && exit->io_read.width == w);
        return;
    }
    uint64_t data = f->gpr[X86_RAX] & fuzz_width_mask(w);
    bool poweroff = port == f->poweroff_port && w != VCPU_WIDTH_8 && (data & (1u << 13)) &&
                    ((data >> 10) & 7) == f->poweroff_slp_typ;
    if (poweroff) {
        FUZZ_CHECK(exit->reason == VCPU_EXIT_SYSTEM_DOWN &&
                   exit->system_down.kind == VCPU_SYSTEM_POWEROFF);
        return;
    }
    FUZZ_CHECK(exit->reason == VCPU_EXIT_IO_WRITE);
    FUZZ_CHECK(exit->io_write.port == port && exit->io_write.width == w &&
               exit->io_write.data == data);
}

static void check_msr(const struct vmx_exit_facts *f, bool write, uint64_t init_before,
                      uint64_t init_after, const struct vcpu_exit *exit, uint64_t step)
{
    uint32_t msr = (uint32_t)f->gpr[X86_RCX];
    FUZZ_CHECK(step == insn_step(f, 2));
    if (!write) {
        FUZZ_CHECK(exit->reason == VCPU_EXIT_SYSREG_READ);
        FUZZ_CHECK(exit->sysreg_read.addr == msr && exit->sysreg_read.reg == X86_RAX);
    } else if (msr == 0x830u) { /* x2APIC ICR: decoded by x2apic.c (x2apic_fuzz) */
        FUZZ_CHECK(exit->reason == VCPU_EXIT_NOTHING || exit->reason == VCPU_EXIT_CPU_DOWN ||
                   exit->reason == VCPU_EXIT_CPU_UP || exit->reason == VCPU_EXIT_SEND_IPI ||
                   exit->reason == VCPU_EXIT_UNKNOWN);
        return;
    } else {
        FUZZ_CHECK(exit->reason == VCPU_EXIT_SYSREG_WRITE && exit->sysreg_write.addr == msr);
        FUZZ_CHECK(exit->sysreg_write.value ==
                   ((f->gpr[X86_RDX] << 32) | (f->gpr[X86_RAX] & 0xffffffffu)));
    }
    FUZZ_CHECK(init_after == init_before);
}

/* EPT violations: MMIO_READ / MMIO_WRITE exactly when the entry is not present
 * (bits 5:3 clear), the access is a read or write (bit 2 clear) and the guest
 * bytes decode in its mode to a load or store matching it; else
 * NESTED_PAGE_FAULT with the access (fetch bit 2, else write bit 1, else read). */
static void check_ept(const struct vmx_exit_facts *f, const struct vcpu_exit *exit, uint64_t step,
                      const struct x86_mmio_insn *mmio)
{
    uint64_t q = f->qualification;
    uint32_t access = (q & 4) ? VCPU_MAP_EXECUTE : (q & 2) ? VCPU_MAP_WRITE : VCPU_MAP_READ;
    struct x86_mmio_insn d;
    bool mmio_ok = (q & (7u << 3)) == 0 && access != VCPU_MAP_EXECUTE &&
                   x86_decode_mmio_mode(f->insn, f->insn_avail, f->mode, &d) &&
                   d.store == (access == VCPU_MAP_WRITE);
    if (!mmio_ok) {
        FUZZ_CHECK(exit->reason == VCPU_EXIT_NESTED_PAGE_FAULT && step == 0);
        FUZZ_CHECK(exit->nested_page_fault.addr == f->guest_physical &&
                   exit->nested_page_fault.access_flags == access);
        FUZZ_CHECK(mmio->length == 0xdead);
        return;
    }
    FUZZ_CHECK(step == d.length && step >= 2 && step <= f->insn_avail && step <= X86_INSN_MAX);
    if (d.store) {
        uint64_t reg = d.reg_high_byte ? f->gpr[d.reg] >> 8 : f->gpr[d.reg];
        FUZZ_CHECK(exit->reason == VCPU_EXIT_MMIO_WRITE);
        FUZZ_CHECK(exit->mmio_write.addr == f->guest_physical && exit->mmio_write.width == d.width);
        FUZZ_CHECK(exit->mmio_write.data ==
                   (d.has_immediate ? d.immediate : reg & fuzz_width_mask(d.width)));
        FUZZ_CHECK(!d.reg_high_byte || d.reg < 4); /* AH..BH are bits 15:8 of RAX..RBX */
        FUZZ_CHECK(mmio->length == 0xdead);
        return;
    }
    FUZZ_CHECK(exit->reason == VCPU_EXIT_MMIO_READ);
    FUZZ_CHECK(exit->mmio_read.addr == f->guest_physical && exit->mmio_read.width == d.width);
    FUZZ_CHECK(exit->mmio_read.reg == d.reg && exit->mmio_read.reg < 16 &&
               exit->mmio_read.reg_width == d.reg_width &&
               exit->mmio_read.signed_ext == d.signed_ext);
    FUZZ_CHECK(mmio->length == d.length && mmio->reg == d.reg && !mmio->store &&
               mmio->width == d.width && mmio->reg_width == d.reg_width &&
               mmio->reg_high_byte == d.reg_high_byte && mmio->signed_ext == d.signed_ext &&
               mmio->zero_ext == d.zero_ext);
}

static void check_exit(struct input *in)
{
    const struct vmx_exit_facts *f = &in->f;
    uint64_t init_seen = in->init_seen;
    struct vcpu_exit exit;
    struct x86_mmio_insn mmio = {.length = 0xdead};
    uint64_t step = vmx_decode_exit(f, &init_seen, &exit, &mmio);

    fuzz_check_exit(&exit, VCPU_ARCH_VMX);
    FUZZ_CHECK(
        exit.raw.vmx.basic_reason == f->reason && exit.raw.vmx.qualification == f->qualification &&
        exit.raw.vmx.guest_physical == f->guest_physical &&
        exit.raw.vmx.guest_linear == f->guest_linear &&
        exit.raw.vmx.instruction_length == f->insn_len && exit.raw.vmx.instruction_error == 0);
    uint32_t basic = f->reason & 0xffffu;
    if (f->reason & VMX_EXIT_REASON_ENTRY_FAILURE) {
        FUZZ_CHECK(exit.reason == VCPU_EXIT_FAIL_ENTRY && step == 0);
        FUZZ_CHECK(exit.fail_entry.hardware_entry_failure_reason == basic);
        FUZZ_CHECK(init_seen == in->init_seen && mmio.length == 0xdead);
        return;
    }
    if (basic == VMX_EXIT_WRMSR) {
        check_msr(f, true, in->init_seen, init_seen, &exit, step);
        FUZZ_CHECK(mmio.length == 0xdead);
        return;
    }
    FUZZ_CHECK(init_seen == in->init_seen); /* only an ICR write changes it */
    if (basic == VMX_EXIT_EPT_VIOLATION) {
        check_ept(f, &exit, step, &mmio);
        return;
    }
    FUZZ_CHECK(mmio.length == 0xdead); /* only an MMIO read fills *mmio_read */
    switch (basic) {
    case VMX_EXIT_VMCALL:
        FUZZ_CHECK(exit.reason == VCPU_EXIT_HYPERCALL && step == insn_step(f, 3));
        FUZZ_CHECK(
            exit.hypercall.nr == f->gpr[X86_RAX] && exit.hypercall.args[0] == f->gpr[X86_RBX] &&
            exit.hypercall.args[1] == f->gpr[X86_RCX] &&
            exit.hypercall.args[2] == f->gpr[X86_RDX] &&
            exit.hypercall.args[3] == f->gpr[X86_RSI] &&
            exit.hypercall.args[4] == f->gpr[X86_RDI] && exit.hypercall.args[5] == f->gpr[X86_R8]);
        break;
    case VMX_EXIT_HLT:
        FUZZ_CHECK(exit.reason == VCPU_EXIT_HALT && step == insn_step(f, 1));
        break;
    case VMX_EXIT_IO:
        check_io(f, &exit, step);
        break;
    case VMX_EXIT_RDMSR:
        check_msr(f, false, 0, 0, &exit, step);
        break;
    case VMX_EXIT_EXTERNAL_INTERRUPT:
        FUZZ_CHECK(exit.reason == VCPU_EXIT_EXTERNAL_INTERRUPT && step == 0);
        FUZZ_CHECK(exit.external_interrupt.vector == f->host_vector);
        break;
    case VMX_EXIT_INTERRUPT_WINDOW:
        FUZZ_CHECK(exit.reason == VCPU_EXIT_NOTHING && step == 0);
        break;
    case VMX_EXIT_TRIPLE_FAULT:
        FUZZ_CHECK(exit.reason == VCPU_EXIT_SYSTEM_DOWN && step == 0);
        FUZZ_CHECK(exit.system_down.kind == VCPU_SYSTEM_CRASH);
        break;
    default: /* UNKNOWN (CPUID and RDPMC too), RIP stays */
        FUZZ_CHECK(exit.reason == VCPU_EXIT_UNKNOWN && step == 0);
        break;
    }
    /* A VM-exit instruction length in 1..15 (what hardware reports) is the advance. */
    if (step != 0 && f->insn_len != 0)
        FUZZ_CHECK(step == f->insn_len);
    if (f->insn_len <= X86_INSN_MAX)
        FUZZ_CHECK(step <= X86_INSN_MAX);
}

static void check_qualifications(uint64_t q)
{
    struct vmx_io_qual io = {.port = 0x1234};
    uint64_t size = q & 7;
    if (!vmx_decode_io_qual(q, &io)) {
        FUZZ_CHECK(size == 2 || size > 3);
        FUZZ_CHECK(io.port == 0x1234); /* untouched */
    } else {
        FUZZ_CHECK(size == 0 || size == 1 || size == 3);
        FUZZ_CHECK(io.port == (uint16_t)(q >> 16));
        FUZZ_CHECK(io.width == (size == 0   ? VCPU_WIDTH_8
                                : size == 1 ? VCPU_WIDTH_16
                                            : VCPU_WIDTH_32));
        FUZZ_CHECK(io.in == ((q & (1u << 3)) != 0) && io.string == ((q & (3u << 4)) != 0));
    }
    uint32_t access = vmx_ept_access(q);
    FUZZ_CHECK(access == VCPU_MAP_READ || access == VCPU_MAP_WRITE || access == VCPU_MAP_EXECUTE);
    FUZZ_CHECK((access == VCPU_MAP_EXECUTE) == ((q & 4) != 0));
    if (!(q & 4))
        FUZZ_CHECK((access == VCPU_MAP_WRITE) == ((q & 2) != 0));
    FUZZ_CHECK(vmx_ept_not_present(q) == ((q & (7u << 3)) == 0));
}

static void check_entry_failure(uint8_t result, uint32_t error)
{
    struct vcpu_exit exit;
    memset(&exit, 0xa5, sizeof exit);
    vmx_decode_entry_failure((enum vmx_entry_result)result, error, &exit);
    uint32_t expect = result == VMX_FAIL_VALID ? error : 0;
    fuzz_check_exit(&exit, VCPU_ARCH_VMX);
    FUZZ_CHECK(exit.reason == VCPU_EXIT_FAIL_ENTRY);
    FUZZ_CHECK(exit.fail_entry.hardware_entry_failure_reason ==
               (VMX_FAIL_ENTRY_INSTRUCTION_ERROR | expect));
    FUZZ_CHECK(exit.raw.vmx.instruction_error == expect && exit.raw.vmx.basic_reason == 0 &&
               exit.raw.vmx.qualification == 0 && exit.raw.vmx.instruction_length == 0);
}

static void check_guest_mode(uint64_t efer, uint32_t cs_ar, uint64_t rflags)
{
    enum x86_cpu_mode m = x86_guest_mode(efer, cs_ar, rflags);
    bool lma = (efer & EFER_LMA) != 0, l = (cs_ar & (1u << 13)) != 0;
    bool db = (cs_ar & (1u << 14)) != 0, vm = (rflags & RFLAGS_VM) != 0;
    FUZZ_CHECK(m == (lma && l ? X86_MODE_64 : db && !vm ? X86_MODE_32 : X86_MODE_16));
}

/* event.h: interruptibility, external interrupt information, re-injection. */
static void check_events(const struct input *in)
{
    uint32_t info = in->idt_info, vector = info & 0xffu, type = (info >> 8) & 7u;
    FUZZ_CHECK(vmx_guest_interruptible(in->rflags, in->interruptibility) ==
               ((in->rflags & RFLAGS_IF) != 0 && (in->interruptibility & 3u) == 0));
    FUZZ_CHECK(vmx_external_interrupt_info(in->idt_error) ==
               (INTR_INFO_VALID | (in->idt_error & 0xffu)));

    struct vmx_event e = vmx_reinject_event(info, in->idt_error, in->f.insn_len);
    bool software = type == VMX_EVENT_SOFTWARE_INTERRUPT ||
                    type == VMX_EVENT_PRIVILEGED_SOFTWARE_EXCEPTION ||
                    type == VMX_EVENT_SOFTWARE_EXCEPTION;
    if (!(info & INTR_INFO_VALID) ||
        (software && (in->f.insn_len == 0 || in->f.insn_len > X86_INSN_MAX))) {
        FUZZ_CHECK(e.info == 0 && e.error == 0 && e.insn_len == 0);
        return;
    }
    FUZZ_CHECK(e.info & INTR_INFO_VALID);
    FUZZ_CHECK((e.info & 0x7ffff000u) == 0); /* reserved 30:12 clear */
    FUZZ_CHECK((e.info & 0xffu) == vector && ((e.info >> 8) & 7u) == type);
    FUZZ_CHECK((e.info & INTR_INFO_ERROR_CODE) == (info & INTR_INFO_ERROR_CODE));
    FUZZ_CHECK(e.error == ((info & INTR_INFO_ERROR_CODE) ? in->idt_error : 0));
    FUZZ_CHECK(e.insn_len == (software ? in->f.insn_len : 0));
    FUZZ_CHECK(e.insn_len <= X86_INSN_MAX);
}

/* msr_bitmap.h: the passthrough set, the built bitmap, the SDM layout. */
static bool passthrough_model(uint32_t msr)
{
    static const uint32_t kPass[] = {0xc0000080u, 0xc0000100u, 0xc0000101u, 0x174u,
                                     0x175u,      0x176u,      0xc0000102u, 0xc0000081u,
                                     0xc0000082u, 0xc0000083u, 0xc0000084u};
    for (size_t i = 0; i < sizeof kPass / sizeof kPass[0]; i++) {
        if (kPass[i] == msr)
            return true;
    }
    return false;
}

static void check_msr_bitmap(const struct input *in)
{
    static uint8_t built[VMX_MSR_BITMAP_BYTES];
    static bool have_built;
    if (!have_built) {
        vmx_msr_bitmap_build(built);
        have_built = true;
        struct vmx_msr_entry area[VMX_AREA_MSR_COUNT];
        uint64_t values[VMX_AREA_MSR_COUNT] = {1, 2, 3, 4, 5};
        vmx_msr_area_fill(area, values);
        for (unsigned i = 0; i < VMX_AREA_MSR_COUNT; i++) {
            FUZZ_CHECK(area[i].index == vmx_area_msrs[i] && area[i].reserved == 0 &&
                       area[i].value == values[i]);
            FUZZ_CHECK(vmx_msr_passthrough(area[i].index));
        }
        vmx_msr_area_fill(area, NULL);
        for (unsigned i = 0; i < VMX_AREA_MSR_COUNT; i++)
            FUZZ_CHECK(area[i].index == vmx_area_msrs[i] && area[i].value == 0);
        /* Once: every MSR of both ranges and just outside them. */
        static const uint32_t kBases[] = {0, 0xc0000000u};
        for (unsigned r = 0; r < 2; r++) {
            for (uint32_t msr = kBases[r]; msr < kBases[r] + 0x2000u + 16; msr++) {
                bool pass = passthrough_model(msr);
                FUZZ_CHECK(vmx_msr_passthrough(msr) == pass);
                FUZZ_CHECK(vmx_msr_bitmap_intercepts(built, msr, false) == !pass);
                FUZZ_CHECK(vmx_msr_bitmap_intercepts(built, msr, true) == !pass);
            }
        }
    }
    uint32_t msr = in->msr;
    switch ((in->control >> 2) & 3u) {
    case 0:
        msr &= 0x1fffu; /* low range */
        break;
    case 1:
        msr = 0xc0000000u | (msr & 0x1fffu); /* high range */
        break;
    default:
        break; /* anywhere */
    }
    bool write = (in->control >> 4) & 1u;
    bool pass = passthrough_model(msr);
    FUZZ_CHECK(vmx_msr_passthrough(msr) == pass);
    FUZZ_CHECK(vmx_msr_bitmap_intercepts(built, msr, write) == !pass);

    /* Any bitmap: the bit the SDM places the MSR at, or always outside both ranges. */
    static uint8_t bitmap[VMX_MSR_BITMAP_BYTES];
    memcpy(bitmap, built, sizeof bitmap);
    uint32_t flip = in->bitmap_bit % (VMX_MSR_BITMAP_BYTES * 8);
    bitmap[flip / 8] ^= (uint8_t)(1u << (flip % 8));
    bool low = msr <= 0x1fffu, high = msr >= 0xc0000000u && msr <= 0xc0001fffu;
    if (!low && !high) {
        FUZZ_CHECK(vmx_msr_bitmap_intercepts(bitmap, msr, write));
        return;
    }
    uint32_t bit = (write ? 0x800u * 8 : 0) + (high ? 0x400u * 8 : 0) + (msr & 0x1fffu);
    bool set = (bitmap[bit / 8] >> (bit % 8)) & 1u;
    FUZZ_CHECK(vmx_msr_bitmap_intercepts(bitmap, msr, write) == set);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_input fin = {data, size};
    static struct input in;
    memset(&in, 0, sizeof in);
    uint8_t selector = fuzz_u8(&fin);
    in.f.reason = fuzz_u32(&fin);
    if (selector < DECODED_REASONS)
        in.f.reason = (in.f.reason & 0xffff0000u) | kDecodedReasons[selector];
    in.f.qualification = fuzz_u64(&fin);
    in.f.guest_physical = fuzz_u64(&fin);
    in.f.guest_linear = fuzz_u64(&fin);
    in.f.insn_len = fuzz_u32(&fin);
    in.f.mode = (enum x86_cpu_mode)(fuzz_u8(&fin) % 4); /* 3: not a mode */
    in.init_seen = fuzz_u64(&fin);
    for (unsigned i = 0; i < 16; i++)
        in.gpr[i] = fuzz_u64(&fin);
    in.f.gpr = in.gpr;
    in.f.poweroff_port = (uint16_t)fuzz_u32(&fin);
    in.f.poweroff_slp_typ = fuzz_u8(&fin);
    in.f.host_vector = fuzz_u32(&fin);
    in.f.apic_id = fuzz_u32(&fin);
    in.efer = fuzz_u64(&fin);
    in.cs_ar = fuzz_u32(&fin);
    in.rflags = fuzz_u64(&fin);
    in.interruptibility = fuzz_u32(&fin);
    in.idt_info = fuzz_u32(&fin);
    in.idt_error = fuzz_u32(&fin);
    in.control = fuzz_u8(&fin);
    in.msr = fuzz_u32(&fin);
    in.bitmap_bit = fuzz_u32(&fin);
    in.f.insn_avail = fuzz_bytes(&fin, in.insn, sizeof in.insn);
    in.f.insn = in.insn;

    check_exit(&in);
    check_qualifications(in.f.qualification);
    check_entry_failure(in.control & 3u, in.f.reason);
    check_guest_mode(in.efer, in.cs_ar, in.rflags);
    check_events(&in);
    check_msr_bitmap(&in);
    return 0;
}
