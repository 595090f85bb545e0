/* Facts shared by the x86 backends (svm, vmx) that VMMs and tests need: the
 * hypercall register convention, the always-trapped MSR, the poweroff port. */
#ifndef VCPU_X86_H
#define VCPU_X86_H

#ifdef __cplusplus
extern "C" {
#endif

/* Hypercall convention (as KVM's; VMMCALL on SVM, VMCALL on VMX): nr in RAX,
 * arguments in RBX, RCX, RDX, RSI, RDI, R8; the return value goes back in RAX. */

/* An MSR outside every MSR-permission-map / MSR-bitmap range: RDMSR/WRMSR of
 * it always exit as SYSREG_READ / SYSREG_WRITE (so do the x2APIC MSRs
 * 0x800-0x8ff). Which other MSRs exit is each backend's policy
 * (docs/backends/svm.md, vmx.md). */
#define X86_TRAPPED_MSR 0x40000100u

/* The default ACPI PM1a control port (QEMU's). A 16- or 32-bit OUT to the
 * poweroff port whose low 16 bits have SLP_EN (bit 13) set and SLP_TYP (bits
 * 12:10) equal to the setup config's poweroff_slp_typ (the \_S5 value of the
 * VMM's DSDT; default 0, QEMU's) is SYSTEM_DOWN (poweroff). Other sleep types
 * and 8-bit OUTs are IO_WRITE. */
#define X86_DEFAULT_POWEROFF_PORT 0x604u

#ifdef __cplusplus
}
#endif

#endif
