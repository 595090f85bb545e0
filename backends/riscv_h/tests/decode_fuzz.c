/* libFuzzer target of the RISC-V H decoders: load/store decoding (compressed
 * and full), htinst, guest-page faults, virtual-instruction traps and SBI
 * calls, with arbitrary instruction words, trap CSRs and guest registers.
 * Every result must be one that decode.h documents. Input: a selector byte,
 * the instruction word (32 bits), scause, stval, htval, htinst, then x0..x31
 * (little-endian; missing bytes read as 0). */
#include <vcpu/riscv_h.h>

#include "backends/riscv_h/decode.h"
#include "testing/fuzz/fuzz_check.h"

struct facts {
    uint32_t insn;
    uint64_t scause, stval, htval, htinst;
    uint64_t x[32];
};

static void check_access(uint32_t insn)
{
    struct riscv_h_access a = {.reg = 0xdead};
    if (!riscv_h_decode_access(insn, &a)) {
        FUZZ_CHECK(a.reg == 0xdead); /* *out untouched */
        return;
    }
    FUZZ_CHECK(fuzz_width_valid(a.width));
    FUZZ_CHECK(a.reg < 32);
    FUZZ_CHECK(a.length == riscv_h_insn_length(insn & 0xffff));
    FUZZ_CHECK(!(a.store && a.signed_ext));
    if (a.length == 2) {
        FUZZ_CHECK(a.width == VCPU_WIDTH_32 || a.width == VCPU_WIDTH_64);
        FUZZ_CHECK(a.store || a.reg != 0);
    }
    if (a.width == VCPU_WIDTH_64)
        FUZZ_CHECK(!a.signed_ext);
}

static void check_htinst(uint64_t htinst)
{
    uint32_t insn = riscv_h_htinst_to_insn(htinst);
    if ((htinst & 1) == 0)
        FUZZ_CHECK(insn == 0);
    else
        FUZZ_CHECK((insn & 3) == 3 && (insn | 2u) == ((uint32_t)htinst | 2u));
}

static void check_guest_page_fault(const struct facts *f)
{
    struct vcpu_exit exit;
    uint32_t step =
        riscv_h_decode_guest_page_fault(f->scause, f->stval, f->htval, f->insn, f->x, &exit);
    riscv_h_fill_raw(&exit, f->scause, f->stval, f->htval, f->htinst);
    fuzz_check_exit(&exit, VCPU_ARCH_RISCV64);
    uint64_t gpa = riscv_h_fault_gpa(f->stval, f->htval);
    bool store = f->scause == CAUSE_STORE_GUEST_PAGE_FAULT;
    switch (exit.reason) {
    case VCPU_EXIT_NESTED_PAGE_FAULT:
        FUZZ_CHECK(step == 0 && exit.nested_page_fault.addr == gpa);
        FUZZ_CHECK(exit.nested_page_fault.access_flags == (store ? VCPU_MAP_WRITE : VCPU_MAP_READ));
        break;
    case VCPU_EXIT_MMIO_READ:
        FUZZ_CHECK(!store && f->insn != 0);
        FUZZ_CHECK(step == riscv_h_insn_length(f->insn & 0xffff));
        FUZZ_CHECK(exit.mmio_read.addr == gpa && exit.mmio_read.reg_width == VCPU_WIDTH_64);
        break;
    case VCPU_EXIT_MMIO_WRITE:
        FUZZ_CHECK(store && f->insn != 0);
        FUZZ_CHECK(step == riscv_h_insn_length(f->insn & 0xffff));
        FUZZ_CHECK(exit.mmio_write.addr == gpa);
        break;
    default:
        FUZZ_CHECK(!"guest page fault decoded to an undocumented reason");
    }
}

static void check_virtual_instruction(const struct facts *f)
{
    struct vcpu_exit exit;
    uint32_t step = riscv_h_decode_virtual_instruction(f->insn, f->x, &exit);
    riscv_h_fill_raw(&exit, CAUSE_VIRTUAL_INSTRUCTION, f->insn, 0, 0);
    fuzz_check_exit(&exit, VCPU_ARCH_RISCV64);
    FUZZ_CHECK(exit.reason == VCPU_EXIT_HALT || exit.reason == VCPU_EXIT_SYSREG_READ ||
               exit.reason == VCPU_EXIT_SYSREG_WRITE || exit.reason == VCPU_EXIT_UNKNOWN);
    if (exit.reason == VCPU_EXIT_UNKNOWN)
        FUZZ_CHECK(step == riscv_h_insn_length(f->insn & 0xffff));
    else
        FUZZ_CHECK(step == 4 && (f->insn & 3) == 3);
    if (exit.reason == VCPU_EXIT_SYSREG_READ)
        FUZZ_CHECK(exit.sysreg_read.addr < 4096);
    if (exit.reason == VCPU_EXIT_SYSREG_WRITE)
        FUZZ_CHECK(exit.sysreg_write.addr < 4096);
}

static void check_sbi(const struct facts *f)
{
    struct vcpu_exit exit;
    int64_t err = 0x5a5a;
    uint64_t value = 0x5a5a;
    static const uint32_t vmm_eids[] = {0x4442434e}; /* DBCN */
    const struct riscv_h_vmm_extensions vmm = {vmm_eids, 1};
    enum riscv_h_sbi_action action = riscv_h_decode_sbi(f->x, &vmm, &exit, &err, &value);
    riscv_h_fill_raw(&exit, CAUSE_VS_ECALL, 0, 0, 0);
    fuzz_check_exit(&exit, VCPU_ARCH_RISCV64);
    FUZZ_CHECK(err == RISCV_SBI_SUCCESS || err == RISCV_SBI_ERR_NOT_SUPPORTED ||
               err == RISCV_SBI_ERR_INVALID_PARAM);
    switch (action) {
    case RISCV_H_SBI_EXIT:
        FUZZ_CHECK(exit.reason == VCPU_EXIT_HYPERCALL || exit.reason == VCPU_EXIT_SEND_IPI ||
                   exit.reason == VCPU_EXIT_CPU_UP || exit.reason == VCPU_EXIT_CPU_DOWN ||
                   exit.reason == VCPU_EXIT_SYSTEM_DOWN);
        break;
    case RISCV_H_SBI_RETURN:
    case RISCV_H_SBI_SET_TIMER:
    case RISCV_H_SBI_RFENCE:
    case RISCV_H_SBI_HART_STATUS:
        FUZZ_CHECK(exit.reason == VCPU_EXIT_NOTHING);
        break;
    default:
        FUZZ_CHECK(!"action outside enum riscv_h_sbi_action");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_input in = {data, size};
    uint8_t selector = fuzz_u8(&in);
    struct facts f = {.insn = fuzz_u32(&in)};
    f.scause = fuzz_u64(&in);
    f.stval = fuzz_u64(&in);
    f.htval = fuzz_u64(&in);
    f.htinst = fuzz_u64(&in);
    for (unsigned i = 0; i < 32; i++)
        f.x[i] = fuzz_u64(&in);
    switch (selector % 5) {
    case 0:
        check_access(f.insn);
        break;
    case 1:
        check_htinst(f.htinst);
        break;
    case 2:
        check_guest_page_fault(&f);
        break;
    case 3:
        check_virtual_instruction(&f);
        break;
    default:
        check_sbi(&f);
        break;
    }
    return 0;
}
