/* Pure computations over the VMX capability MSRs: control values from their
 * allowed-0/allowed-1 halves, CR0/CR4 fixed bits, VMXON/VMCS revision, EPTP.
 * No hardware access; callable on any CPU; compiled and tested on the host too. */
#ifndef VMX_CAPS_H
#define VMX_CAPS_H

#include <stdbool.h>
#include <stdint.h>

/* Capability MSR numbers (IA32_FEATURE_CONTROL is in x86_regs.h). */
#define MSR_VMX_BASIC 0x480u
#define MSR_VMX_PINBASED 0x481u
#define MSR_VMX_PROCBASED 0x482u
#define MSR_VMX_EXIT 0x483u
#define MSR_VMX_ENTRY 0x484u
#define MSR_VMX_CR0_FIXED0 0x486u
#define MSR_VMX_CR0_FIXED1 0x487u
#define MSR_VMX_CR4_FIXED0 0x488u
#define MSR_VMX_CR4_FIXED1 0x489u
#define MSR_VMX_PROCBASED2 0x48bu
#define MSR_VMX_EPT_VPID_CAP 0x48cu
#define MSR_VMX_TRUE_PINBASED 0x48du
#define MSR_VMX_TRUE_PROCBASED 0x48eu
#define MSR_VMX_TRUE_EXIT 0x48fu
#define MSR_VMX_TRUE_ENTRY 0x490u

#define FEATURE_CONTROL_LOCK (1ull << 0)
#define FEATURE_CONTROL_VMX_OUTSIDE_SMX (1ull << 2)
#define VMX_BASIC_TRUE_CONTROLS (1ull << 55)

/* The capability MSRs as read on one CPU. The reader fills `proc2` only when
 * vmx_proc2_readable(proc), `ept_vpid` only when vmx_ept_vpid_readable(proc2),
 * and the true_* ones only when basic has VMX_BASIC_TRUE_CONTROLS; the others
 * stay 0 (reading an absent one raises #GP). */
struct vmx_cap_msrs {
    uint64_t basic;
    uint64_t pin, proc, exit, entry;                     /* 0x481..0x484 */
    uint64_t true_pin, true_proc, true_exit, true_entry; /* 0x48d..0x490 */
    uint64_t proc2;                                      /* 0x48b */
    uint64_t ept_vpid;                                   /* 0x48c */
};

/* The control values the backend runs every guest with (the dynamic bits,
 * interrupt-window exiting and IA-32e mode guest, are added per entry; both
 * are checked to be allowed). */
struct vmx_controls {
    uint32_t pin, proc, proc2, exit, entry;
    bool invept_single; /* INVEPT single-context (else all-context) */
};

/* The value of a control field given its capability MSR `cap` (low half:
 * allowed-0, bits that must be 1; high half: allowed-1, bits that may be 1)
 * and the bits the backend `want`s: (want | allowed-0) & allowed-1, in *out.
 * Returns false if some wanted bit is not allowed to be 1. */
bool vmx_control_value(uint64_t cap, uint32_t want, uint32_t *out);

/* Whether the secondary controls MSR (0x48B) exists: allowed-1 of "activate
 * secondary controls" in the primary processor-based capability. */
bool vmx_proc2_readable(uint64_t proc_cap);

/* Whether IA32_VMX_EPT_VPID_CAP (0x48C) exists: EPT or VPID allowed-1 in the
 * secondary capability. */
bool vmx_ept_vpid_readable(uint64_t proc2_cap);

/* Computes every control the backend needs from `m` into *out: external
 * interrupt and NMI exiting; HLT, RDPMC, CR8-load and CR8-store exiting (a
 * guest's MOV CR8 must never reach the physical TPR), unconditional I/O
 * exiting, MSR
 * bitmaps, secondary controls (interrupt-window exiting allowed); EPT, VPID,
 * unrestricted guest; a 64-bit host saving/loading EFER; entry loading EFER
 * (IA-32e mode guest allowed); EPT with a 4-level walk, write-back tables and
 * INVEPT. Uses the TRUE capability MSRs when basic says they exist, so that
 * default-1 bits such as CR3-load exiting can be cleared. Returns false when a
 * needed feature is missing (then *out is unspecified). */
bool vmx_compute_controls(const struct vmx_cap_msrs *m, struct vmx_controls *out);

/* Whether VMXON and VMCS regions as this backend allocates them work with
 * `basic`: region size at most 4 KiB, write-back memory type, and physical
 * addresses not limited to 32 bits. */
bool vmx_basic_usable(uint64_t basic);

/* The revision identifier to write at the start of VMXON and VMCS regions. */
uint32_t vmx_revision(uint64_t basic);

/* `value` adjusted to the fixed bits of CR0 or CR4 (bits set in `fixed0` must
 * be 1, bits clear in `fixed1` must be 0), except the bits in `exempt` (e.g.
 * CR0.PE and CR0.PG for an unrestricted guest), which keep their value. */
uint64_t vmx_fixed_bits(uint64_t value, uint64_t fixed0, uint64_t fixed1, uint64_t exempt);

/* What vcpu_arch_percpu_enable() does with IA32_FEATURE_CONTROL value `fc`
 * once it knows whether the capability checks passed (`caps_ok`): DENY
 * (VCPU_ERR_NOT_SUPPORTED, the MSR untouched) when the capabilities are
 * missing or the MSR is locked with VMX outside SMX off; KEEP when it is
 * locked with VMX on; LOCK (write fc | lock | VMX outside SMX) only when it is
 * unlocked and the capabilities passed, so that a CPU the backend cannot use
 * is never left locked, which only a reset undoes. */
enum vmx_feature_control_action {
    VMX_FEATURE_CONTROL_DENY = 0,
    VMX_FEATURE_CONTROL_KEEP = 1,
    VMX_FEATURE_CONTROL_LOCK = 2,
};
enum vmx_feature_control_action vmx_feature_control_action(uint64_t fc, bool caps_ok);

/* The EPT pointer for the 4-level EPT rooted at `root` (4 KiB aligned):
 * write-back paging structures, page-walk length 4, no accessed/dirty flags. */
uint64_t vmx_eptp(uint64_t root);

#endif
