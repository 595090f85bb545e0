/* Pure decoding of VMX exits into struct vcpu_exit. No hardware access;
 * callable on any CPU; compiled and tested on the host too. */
#ifndef VMX_DECODE_H
#define VMX_DECODE_H

#include <stddef.h>
#include <vcpu/exit.h>

#include "backends/x86_common/insn_decode.h"

/* The facts of one VM exit (VMCS exit-information fields and guest state). */
struct vmx_exit_facts {
    uint32_t reason;         /* full exit reason (bit 31: VM-entry failure) */
    uint64_t qualification;  /* exit qualification */
    uint64_t guest_physical; /* guest-physical address (EPT exits) */
    uint64_t guest_linear;   /* guest-linear address */
    uint32_t insn_len;       /* VM-exit instruction length */
    const uint64_t *gpr;     /* RAX..R15 */
    const uint8_t *insn;     /* guest bytes at RIP (for EPT violations) */
    enum x86_cpu_mode mode;  /* the mode they execute in (x86_guest_mode) */
    size_t insn_avail;       /* how many could be read */
    uint16_t poweroff_port;
    uint8_t poweroff_slp_typ; /* the SLP_TYP of S5 at poweroff_port */
    uint32_t host_vector;     /* pending host interrupt vector, for external interrupts */
    uint32_t apic_id;         /* the vCPU's own x2APIC id */
};

/* The I/O instruction exit qualification, decoded. */
struct vmx_io_qual {
    uint16_t port;
    enum vcpu_access_width width;
    bool in;     /* IN (else OUT) */
    bool string; /* INS/OUTS or REP: not emulated */
};

/* Decodes an I/O-instruction exit qualification: size bits 2:0 (0, 1, 3 for
 * 1, 2, 4 bytes), direction bit 3, string bit 4, REP bit 5, port bits 31:16.
 * Returns false for a reserved size encoding. */
bool vmx_decode_io_qual(uint64_t qual, struct vmx_io_qual *out);

/* The attempted access of an EPT-violation qualification as enum
 * vcpu_map_flags: EXECUTE for a fetch (bit 2), else WRITE (bit 1), else READ. */
uint32_t vmx_ept_access(uint64_t qual);

/* Whether an EPT violation hit a not-present entry (qualification bits 5:3,
 * the entry's read/write/execute permissions, all zero). */
bool vmx_ept_not_present(uint64_t qual);

/* Decodes `f` into *exit (raw.vmx filled). Returns the number of bytes the
 * guest RIP advances (0: it stays). For an MMIO read, *mmio_read receives the
 * decoded instruction (the completion needs its register rules). `init_seen`
 * carries x2APIC INIT state between exits. Never fails: what it does not
 * decode is UNKNOWN and leaves RIP at the instruction (CPUID and RDPMC too:
 * the VMM skips or faults them). Entry failures (bit 31) are FAIL_ENTRY with
 * the basic reason (33 invalid guest state, 34 MSR loading, 41 machine check). */
uint64_t vmx_decode_exit(const struct vmx_exit_facts *f, uint64_t *init_seen,
                         struct vcpu_exit *exit, struct x86_mmio_insn *mmio_read);

/* Emulates the guest's MOV to / from CR8 of a control-register-access exit
 * with qualification `qual` (CR number bits 3:0, access type bits 5:4, 0 MOV
 * to CR and 1 MOV from CR, general register bits 11:8) on the guest's own
 * virtual TPR *tpr: a write keeps bits 3:0 of the register, a read loads
 * *tpr into it. The physical TPR is never touched. Returns false (nothing
 * changed) for any other control-register access. */
bool vmx_emulate_cr8(uint64_t qual, uint64_t *gpr, uint64_t *tpr);

/* How VMLAUNCH/VMRESUME failed without entering the guest. */
enum vmx_entry_result {
    VMX_ENTERED = 0,      /* the guest ran and exited */
    VMX_FAIL_INVALID = 1, /* VMfailInvalid (CF): no current VMCS */
    VMX_FAIL_VALID = 2,   /* VMfailValid (ZF): the VM-instruction error field says why */
};

/* Fills *exit for a failed VMLAUNCH/VMRESUME: FAIL_ENTRY with
 * hardware_entry_failure_reason = VMX_FAIL_ENTRY_INSTRUCTION_ERROR | the
 * VM-instruction error `error` (0 for VMfailInvalid), raw.vmx.instruction_error
 * = `error`. */
void vmx_decode_entry_failure(enum vmx_entry_result result, uint32_t error, struct vcpu_exit *exit);

#endif
