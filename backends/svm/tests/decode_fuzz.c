/* libFuzzer target of the SVM exit decoder: arbitrary EXITCODE / EXITINFO1 /
 * EXITINFO2, RIPs, guest registers and guest instruction bytes through
 * svm_decode_exit(). Every result must be one that decode.h documents.
 * Input: a selector byte (picks a decoded exit code, or takes EXITCODE from
 * the input), then EXITCODE, EXITINFO1, EXITINFO2, EXITINTINFO, RIP, NRIP,
 * init_seen, RAX..R15 (64-bit little-endian), the power-off port (16 bits),
 * the host vector and the APIC id (32 bits), then up to 15 instruction bytes. */
#include <vcpu/svm.h>

#include "backends/svm/decode.h"
#include "backends/svm/vmcb.h"
#include "testing/fuzz/fuzz_check.h"

static const uint64_t kDecodedCodes[] = {
    SVM_EXIT_VMMCALL, SVM_EXIT_HLT,   SVM_EXIT_IOIO,  SVM_EXIT_MSR,
    SVM_EXIT_NPF,     SVM_EXIT_INTR,  SVM_EXIT_VINTR, SVM_EXIT_SHUTDOWN,
    SVM_EXIT_INVALID, SVM_EXIT_RDPMC, SVM_EXIT_INVD,  SVM_EXIT_WBINVD,
    SVM_EXIT_XSETBV,  SVM_EXIT_DB,    SVM_EXIT_AC,    SVM_EXIT_MC,
};
#define DECODED_CODES (sizeof kDecodedCodes / sizeof kDecodedCodes[0])

/* The reasons each exit code may decode to. */
static bool reason_allowed(uint64_t code, enum vcpu_exit_reason r)
{
    if ((uint32_t)code == 0xffffffffu) /* VMEXIT_INVALID, 64 or 32 bits wide */
        return r == VCPU_EXIT_FAIL_ENTRY;
    switch (code) {
    case SVM_EXIT_VMMCALL:
        return r == VCPU_EXIT_HYPERCALL;
    case SVM_EXIT_HLT:
        return r == VCPU_EXIT_HALT;
    case SVM_EXIT_IOIO:
        return r == VCPU_EXIT_IO_READ || r == VCPU_EXIT_IO_WRITE || r == VCPU_EXIT_SYSTEM_DOWN ||
               r == VCPU_EXIT_UNKNOWN;
    case SVM_EXIT_MSR:
        return r == VCPU_EXIT_SYSREG_READ || r == VCPU_EXIT_SYSREG_WRITE ||
               r == VCPU_EXIT_NOTHING || r == VCPU_EXIT_CPU_DOWN || r == VCPU_EXIT_CPU_UP ||
               r == VCPU_EXIT_SEND_IPI || r == VCPU_EXIT_UNKNOWN;
    case SVM_EXIT_NPF:
        return r == VCPU_EXIT_MMIO_READ || r == VCPU_EXIT_MMIO_WRITE ||
               r == VCPU_EXIT_NESTED_PAGE_FAULT;
    case SVM_EXIT_INTR:
        return r == VCPU_EXIT_EXTERNAL_INTERRUPT;
    case SVM_EXIT_VINTR:
        return r == VCPU_EXIT_NOTHING;
    case SVM_EXIT_SHUTDOWN:
        return r == VCPU_EXIT_SYSTEM_DOWN;
    case SVM_EXIT_INVALID:
        return r == VCPU_EXIT_FAIL_ENTRY;
    case SVM_EXIT_INVD:
    case SVM_EXIT_WBINVD:
    case SVM_EXIT_XSETBV:
    case SVM_EXIT_DB:
    case SVM_EXIT_AC:
        return r == VCPU_EXIT_NOTHING; /* completed by the backend */
    default:
        if (code >= SVM_EXIT_DR_READ0 && code < SVM_EXIT_DR_WRITE0 + 16)
            return r == VCPU_EXIT_NOTHING;
        return r == VCPU_EXIT_UNKNOWN;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_input in = {data, size};
    uint8_t selector = fuzz_u8(&in);
    uint64_t gpr[16];
    uint8_t insn[X86_INSN_MAX];
    struct svm_exit_facts f = {.exitcode = fuzz_u64(&in)};
    if (selector < DECODED_CODES)
        f.exitcode = kDecodedCodes[selector];
    f.exitinfo1 = fuzz_u64(&in);
    f.exitinfo2 = fuzz_u64(&in);
    f.exitintinfo = fuzz_u64(&in);
    f.rip = fuzz_u64(&in);
    f.nrip = fuzz_u64(&in);
    uint64_t init_seen = fuzz_u64(&in);
    for (unsigned i = 0; i < 16; i++)
        gpr[i] = fuzz_u64(&in);
    f.gpr = gpr;
    f.poweroff_port = (uint16_t)fuzz_u32(&in);
    f.host_vector = fuzz_u32(&in);
    f.apic_id = fuzz_u32(&in);
    f.insn_len = fuzz_bytes(&in, insn, sizeof insn);
    f.insn = insn;

    struct vcpu_exit exit;
    struct x86_mmio_insn mmio = {.length = 0xdead};
    uint64_t step = svm_decode_exit(&f, &init_seen, &exit, &mmio);

    fuzz_check_exit(&exit, VCPU_ARCH_SVM);
    FUZZ_CHECK(exit.raw.svm.exitcode == f.exitcode && exit.raw.svm.exitinfo1 == f.exitinfo1 &&
               exit.raw.svm.exitinfo2 == f.exitinfo2 && exit.raw.svm.exitintinfo == f.exitintinfo);
    FUZZ_CHECK(reason_allowed(f.exitcode, exit.reason));
    switch (exit.reason) {
    case VCPU_EXIT_NESTED_PAGE_FAULT:
    case VCPU_EXIT_EXTERNAL_INTERRUPT:
    case VCPU_EXIT_FAIL_ENTRY:
        FUZZ_CHECK(step == 0); /* re-executes / nothing to skip */
        break;
    case VCPU_EXIT_MMIO_READ:
        FUZZ_CHECK(step >= 2 && step <= f.insn_len && mmio.length == step);
        FUZZ_CHECK(exit.mmio_read.reg < 16 && exit.mmio_read.reg == mmio.reg);
        FUZZ_CHECK(exit.mmio_read.addr == f.exitinfo2);
        break;
    case VCPU_EXIT_MMIO_WRITE:
        FUZZ_CHECK(step >= 2 && step <= f.insn_len && mmio.length == 0xdead);
        FUZZ_CHECK(exit.mmio_write.addr == f.exitinfo2);
        break;
    default:
        FUZZ_CHECK(mmio.length == 0xdead); /* only an MMIO read fills *mmio_read */
        break;
    }
    if (exit.reason == VCPU_EXIT_SYSTEM_DOWN && f.exitcode == SVM_EXIT_SHUTDOWN)
        FUZZ_CHECK(exit.system_down.kind == VCPU_SYSTEM_CRASH);
    if (exit.reason == VCPU_EXIT_UNKNOWN)
        FUZZ_CHECK(step == 0); /* UNKNOWN leaves RIP at the instruction */
    if (f.exitcode == SVM_EXIT_NPF && (f.exitinfo1 & (1ull << 33)))
        FUZZ_CHECK(exit.reason == VCPU_EXIT_NESTED_PAGE_FAULT); /* guest table walk */
    return 0;
}
