/* Pure SVM exit decoding (see decode.h). */
#include "decode.h"

#include <vcpu/svm.h>

#include "backends/x86_common/acpi_poweroff.h"
#include "backends/x86_common/exit_decode.h"
#include "backends/x86_common/nested_fault.h"
#include "backends/x86_common/x2apic.h"
#include "vmcb.h"

#define IOIO_IN (1u << 0)
#define IOIO_STR (1u << 2)
#define IOIO_REP (1u << 3)
#define NPF_PRESENT (1ull << 0)
#define NPF_WRITE (1ull << 1)

static uint64_t truncate(uint64_t v, enum vcpu_access_width w)
{
    return w == VCPU_WIDTH_64 ? v : v & ((UINT64_C(1) << (8u << w)) - 1);
}

/* Bytes to skip for an instruction intercept of known length `len`. */
static uint64_t step(const struct svm_exit_facts *f, uint64_t len)
{
    return f->nrip > f->rip ? f->nrip - f->rip : len;
}

static uint64_t decode_ioio(const struct svm_exit_facts *f, struct vcpu_exit *exit)
{
    uint32_t info = (uint32_t)f->exitinfo1;
    uint16_t port = (uint16_t)(info >> 16);
    enum vcpu_access_width width = (info & (1u << 4))   ? VCPU_WIDTH_8
                                   : (info & (1u << 5)) ? VCPU_WIDTH_16
                                                        : VCPU_WIDTH_32;
    if (info & (IOIO_STR | IOIO_REP)) {
        exit->reason = VCPU_EXIT_UNKNOWN; /* string I/O: nothing done, RIP stays */
        return 0;
    }
    /* EXITINFO2 holds the next RIP for I/O intercepts. */
    uint64_t next = f->exitinfo2 > f->rip ? f->exitinfo2 - f->rip : step(f, 1);
    if (info & IOIO_IN) {
        exit->reason = VCPU_EXIT_IO_READ;
        exit->io_read.port = port;
        exit->io_read.width = width;
        return next;
    }
    uint64_t data = truncate(f->gpr[X86_RAX], width);
    if (x86_acpi_is_poweroff(port, width, data, f->poweroff_port, f->poweroff_slp_typ)) {
        exit->reason = VCPU_EXIT_SYSTEM_DOWN;
        exit->system_down.kind = VCPU_SYSTEM_POWEROFF;
        return next;
    }
    exit->reason = VCPU_EXIT_IO_WRITE;
    exit->io_write.port = port;
    exit->io_write.width = width;
    exit->io_write.data = data;
    return next;
}

static uint64_t decode_msr(const struct svm_exit_facts *f, uint64_t *init_seen,
                           struct vcpu_exit *exit)
{
    x86_decode_msr_exit(f->exitinfo1 != 0, f->gpr, f->apic_id, init_seen, exit);
    return exit->reason == VCPU_EXIT_UNKNOWN ? 0 : step(f, 2); /* UNKNOWN stays */
}

static uint64_t decode_npf(const struct svm_exit_facts *f, struct vcpu_exit *exit,
                           struct x86_mmio_insn *mmio_read)
{
    uint64_t info = f->exitinfo1, gpa = f->exitinfo2;
    struct x86_mmio_insn d;
    enum x86_nested_access access = x86_svm_npf_access(info);
    if (x86_nested_fault_is_mmio(access, (info & NPF_PRESENT) != 0) &&
        x86_decode_mmio_mode(f->insn, f->insn_len, f->mode, &d) &&
        d.store == ((info & NPF_WRITE) != 0)) {
        x86_mmio_exit(&d, gpa, f->gpr, exit);
        if (!d.store)
            *mmio_read = d;
        return d.length;
    }
    exit->reason = VCPU_EXIT_NESTED_PAGE_FAULT;
    exit->nested_page_fault.addr = gpa;
    exit->nested_page_fault.access_flags = access == X86_NESTED_FETCH ? VCPU_MAP_EXECUTE
                                           : (info & NPF_WRITE)       ? VCPU_MAP_WRITE
                                                                      : VCPU_MAP_READ;
    return 0;
}

uint64_t svm_decode_exit(const struct svm_exit_facts *f, uint64_t *init_seen,
                         struct vcpu_exit *exit, struct x86_mmio_insn *mmio_read)
{
    *exit = (struct vcpu_exit){.reason = VCPU_EXIT_UNKNOWN};
    exit->raw.arch = VCPU_ARCH_SVM;
    exit->raw.svm.exitcode = f->exitcode;
    exit->raw.svm.exitinfo1 = f->exitinfo1;
    exit->raw.svm.exitinfo2 = f->exitinfo2;
    exit->raw.svm.exitintinfo = f->exitintinfo;
    /* VMEXIT_INVALID is -1; some implementations (QEMU's) store it in the low
     * 32 bits only. No other exit code has them all set. */
    if ((uint32_t)f->exitcode == (uint32_t)SVM_EXIT_INVALID) {
        exit->reason = VCPU_EXIT_FAIL_ENTRY;
        exit->fail_entry.hardware_entry_failure_reason = f->exitcode;
        return 0;
    }
    switch (f->exitcode) {
    case SVM_EXIT_VMMCALL:
        x86_hypercall_exit(f->gpr, exit);
        return step(f, 3);
    case SVM_EXIT_HLT:
        exit->reason = VCPU_EXIT_HALT;
        return step(f, 1);
    case SVM_EXIT_IOIO:
        return decode_ioio(f, exit);
    case SVM_EXIT_MSR:
        return decode_msr(f, init_seen, exit);
    case SVM_EXIT_NPF:
        return decode_npf(f, exit, mmio_read);
    case SVM_EXIT_INTR:
        exit->reason = VCPU_EXIT_EXTERNAL_INTERRUPT;
        exit->external_interrupt.vector = f->host_vector;
        return 0;
    case SVM_EXIT_VINTR:
        exit->reason = VCPU_EXIT_NOTHING; /* the interrupt window opened */
        return 0;
    case SVM_EXIT_SHUTDOWN:
        exit->reason = VCPU_EXIT_SYSTEM_DOWN;
        exit->system_down.kind = VCPU_SYSTEM_CRASH;
        return 0;
    case SVM_EXIT_INVD:
    case SVM_EXIT_WBINVD:
        /* No-ops for the guest: its memory is coherent write-back RAM, and
         * neither may act on the whole machine's caches. */
        exit->reason = VCPU_EXIT_NOTHING;
        return step(f, 2);
    case SVM_EXIT_XSETBV:
    case SVM_EXIT_DB:
    case SVM_EXIT_AC:
        /* Completed by the backend: XSETBV emulated on the vCPU's own XCR0,
         * #DB and #AC handed back to the guest (svm_reflected_exception()). */
        exit->reason = VCPU_EXIT_NOTHING;
        return 0;
    default:
        if (f->exitcode >= SVM_EXIT_DR_READ0 && f->exitcode < SVM_EXIT_DR_WRITE0 + 16) {
            /* The guest's first DR0-DR3 access: the backend starts switching
             * them and the instruction runs again. */
            exit->reason = VCPU_EXIT_NOTHING;
            return 0;
        }
        /* UNKNOWN, at the instruction (RDPMC, the guest's SVM instructions,
         * #MC and the rest): the VMM skips it or makes it fault. */
        return 0;
    }
}
