/* Pure decoding of SVM #VMEXITs into struct vcpu_exit. No hardware access;
 * compiled and tested on the host too. */
#ifndef SVM_DECODE_H
#define SVM_DECODE_H

#include <stddef.h>
#include <vcpu/exit.h>

#include "backends/x86_common/insn_decode.h"

/* The facts of one #VMEXIT. */
struct svm_exit_facts {
    uint64_t exitcode, exitinfo1, exitinfo2, exitintinfo;
    uint64_t rip;           /* guest RIP at the exit */
    uint64_t rflags;        /* guest RFLAGS at the exit */
    uint64_t nrip;          /* next RIP saved by the CPU, 0 without NRIP save */
    const uint64_t *gpr;    /* RAX..R15, RAX current */
    const uint8_t *insn;    /* guest bytes at RIP (for nested page faults) */
    size_t insn_len;        /* how many could be read */
    enum x86_cpu_mode mode; /* of the guest's code segment (NPF decoding) */
    uint16_t poweroff_port;
    uint8_t poweroff_slp_typ; /* the SLP_TYP of S5 at poweroff_port */
    uint32_t host_vector;     /* pending host interrupt vector, for INTR */
    uint32_t apic_id;         /* the vCPU's own x2APIC id */
};

/* Decodes `f` into *exit (raw.svm filled). Returns the number of bytes the
 * guest RIP advances (0: it stays; always for UNKNOWN). Exits the backend
 * completes itself are NOTHING: INVD and WBINVD (no-ops, skipped), XSETBV
 * (emulated by the backend, which advances), #DB and #AC (reflected to the
 * guest), DR0-DR3 accesses (switching starts, the instruction re-executes).
 * An NPF is MMIO only for a data access of the instruction to a non-present
 * page (x86_nested_fault_is_mmio()), never for a guest page-table walk. For an MMIO read,
 * *mmio_read receives the decoded instruction (the completion needs its register rules).
 * `init_seen` carries x2APIC INIT state between exits. Never fails: what it does not decode is
 * UNKNOWN. */
uint64_t svm_decode_exit(const struct svm_exit_facts *f, uint64_t *init_seen,
                         struct vcpu_exit *exit, struct x86_mmio_insn *mmio_read);

#endif
