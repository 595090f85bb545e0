/* Pure VMX exit decoding (see decode.h). */
#include "decode.h"

#include <vcpu/vmx.h>

#include "backends/x86_common/acpi_poweroff.h"
#include "backends/x86_common/exit_decode.h"
#include "backends/x86_common/x2apic.h"
#include "vmcs.h"

#define QUAL_IO_IN (1u << 3)
#define QUAL_IO_STRING (1u << 4)
#define QUAL_IO_REP (1u << 5)
#define QUAL_EPT_WRITE (1ull << 1)
#define QUAL_EPT_FETCH (1ull << 2)
#define QUAL_EPT_PERMS (7ull << 3)

static uint64_t truncate(uint64_t v, enum vcpu_access_width w)
{
    return w == VCPU_WIDTH_64 ? v : v & ((UINT64_C(1) << (8u << w)) - 1);
}

/* Bytes to skip for an instruction exit whose length is normally `len`. */
static uint64_t step(const struct vmx_exit_facts *f, uint64_t len)
{
    return f->insn_len != 0 ? f->insn_len : len;
}

bool vmx_decode_io_qual(uint64_t qual, struct vmx_io_qual *out)
{
    static const enum vcpu_access_width widths[4] = {VCPU_WIDTH_8, VCPU_WIDTH_16, VCPU_WIDTH_64,
                                                     VCPU_WIDTH_32};
    uint32_t size = qual & 7;
    if (size == 2 || size > 3)
        return false;
    out->port = (uint16_t)(qual >> 16);
    out->width = widths[size];
    out->in = (qual & QUAL_IO_IN) != 0;
    out->string = (qual & (QUAL_IO_STRING | QUAL_IO_REP)) != 0;
    return true;
}

uint32_t vmx_ept_access(uint64_t qual)
{
    return (qual & QUAL_EPT_FETCH)   ? VCPU_MAP_EXECUTE
           : (qual & QUAL_EPT_WRITE) ? VCPU_MAP_WRITE
                                     : VCPU_MAP_READ;
}

bool vmx_ept_not_present(uint64_t qual)
{
    return (qual & QUAL_EPT_PERMS) == 0;
}

static uint64_t decode_io(const struct vmx_exit_facts *f, struct vcpu_exit *exit)
{
    struct vmx_io_qual q;
    if (!vmx_decode_io_qual(f->qualification, &q) || q.string)
        return 0; /* UNKNOWN: string I/O is not emulated; RIP stays */
    uint64_t next = step(f, 1);
    if (q.in) {
        exit->reason = VCPU_EXIT_IO_READ;
        exit->io_read.port = q.port;
        exit->io_read.width = q.width;
        return next;
    }
    uint64_t data = truncate(f->gpr[X86_RAX], q.width);
    if (x86_acpi_is_poweroff(q.port, q.width, data, f->poweroff_port, f->poweroff_slp_typ)) {
        exit->reason = VCPU_EXIT_SYSTEM_DOWN;
        exit->system_down.kind = VCPU_SYSTEM_POWEROFF;
        return next;
    }
    exit->reason = VCPU_EXIT_IO_WRITE;
    exit->io_write.port = q.port;
    exit->io_write.width = q.width;
    exit->io_write.data = data;
    return next;
}

static uint64_t decode_msr(const struct vmx_exit_facts *f, bool write, uint64_t *init_seen,
                           struct vcpu_exit *exit)
{
    x86_decode_msr_exit(write, f->gpr, f->apic_id, init_seen, exit);
    return step(f, 2);
}

static uint64_t decode_ept_violation(const struct vmx_exit_facts *f, struct vcpu_exit *exit,
                                     struct x86_mmio_insn *mmio_read)
{
    uint64_t qual = f->qualification, gpa = f->guest_physical;
    uint32_t access = vmx_ept_access(qual);
    struct x86_mmio_insn d;
    if (vmx_ept_not_present(qual) && access != VCPU_MAP_EXECUTE &&
        x86_decode_mmio_mode(f->insn, f->insn_avail, f->mode, &d) &&
        d.store == (access == VCPU_MAP_WRITE)) {
        x86_mmio_exit(&d, gpa, f->gpr, exit);
        if (!d.store)
            *mmio_read = d;
        return d.length;
    }
    exit->reason = VCPU_EXIT_NESTED_PAGE_FAULT;
    exit->nested_page_fault.addr = gpa;
    exit->nested_page_fault.access_flags = access;
    return 0;
}

uint64_t vmx_decode_exit(const struct vmx_exit_facts *f, uint64_t *init_seen,
                         struct vcpu_exit *exit, struct x86_mmio_insn *mmio_read)
{
    uint32_t basic = f->reason & 0xffffu;
    *exit = (struct vcpu_exit){.reason = VCPU_EXIT_UNKNOWN};
    exit->raw.arch = VCPU_ARCH_VMX;
    exit->raw.vmx.basic_reason = f->reason;
    exit->raw.vmx.qualification = f->qualification;
    exit->raw.vmx.guest_physical = f->guest_physical;
    exit->raw.vmx.guest_linear = f->guest_linear;
    exit->raw.vmx.instruction_length = f->insn_len;
    if (f->reason & VMX_EXIT_REASON_ENTRY_FAILURE) {
        exit->reason = VCPU_EXIT_FAIL_ENTRY;
        exit->fail_entry.hardware_entry_failure_reason = basic;
        return 0;
    }
    switch (basic) {
    case VMX_EXIT_VMCALL:
        x86_hypercall_exit(f->gpr, exit);
        return step(f, 3);
    case VMX_EXIT_HLT:
        exit->reason = VCPU_EXIT_HALT;
        return step(f, 1);
    case VMX_EXIT_IO:
        return decode_io(f, exit);
    case VMX_EXIT_RDMSR:
    case VMX_EXIT_WRMSR:
        return decode_msr(f, basic == VMX_EXIT_WRMSR, init_seen, exit);
    case VMX_EXIT_EPT_VIOLATION:
        return decode_ept_violation(f, exit, mmio_read);
    case VMX_EXIT_EXTERNAL_INTERRUPT:
        exit->reason = VCPU_EXIT_EXTERNAL_INTERRUPT;
        exit->external_interrupt.vector = f->host_vector;
        return 0;
    case VMX_EXIT_INTERRUPT_WINDOW:
        exit->reason = VCPU_EXIT_NOTHING; /* the interrupt window opened */
        return 0;
    case VMX_EXIT_TRIPLE_FAULT:
        exit->reason = VCPU_EXIT_SYSTEM_DOWN;
        exit->system_down.kind = VCPU_SYSTEM_CRASH;
        return 0;
    default:
        return 0; /* UNKNOWN (CPUID, RDPMC, EPT misconfiguration, ...): RIP stays */
    }
}

#define CR_QUAL_NUMBER 0xfu
#define CR_QUAL_ACCESS_SHIFT 4u
#define CR_QUAL_GPR_SHIFT 8u
#define CR_ACCESS_TO 0u
#define CR_ACCESS_FROM 1u

bool vmx_emulate_cr8(uint64_t qual, uint64_t *gpr, uint64_t *tpr)
{
    uint32_t access = (qual >> CR_QUAL_ACCESS_SHIFT) & 3u;
    unsigned reg = (qual >> CR_QUAL_GPR_SHIFT) & 0xfu;
    if ((qual & CR_QUAL_NUMBER) != 8 || (access != CR_ACCESS_TO && access != CR_ACCESS_FROM))
        return false;
    if (access == CR_ACCESS_TO)
        *tpr = gpr[reg] & 0xfu;
    else
        gpr[reg] = *tpr;
    return true;
}

void vmx_decode_entry_failure(enum vmx_entry_result result, uint32_t error, struct vcpu_exit *exit)
{
    if (result != VMX_FAIL_VALID)
        error = 0;
    *exit = (struct vcpu_exit){.reason = VCPU_EXIT_FAIL_ENTRY};
    exit->fail_entry.hardware_entry_failure_reason = VMX_FAIL_ENTRY_INSTRUCTION_ERROR | error;
    exit->raw.arch = VCPU_ARCH_VMX;
    exit->raw.vmx.instruction_error = error;
}
