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
 * 0x800-0x8ff). */
#define X86_TRAPPED_MSR 0x40000100u

/* The default ACPI PM1a control port: an OUT of SLP_EN with SLP_TYP 5 to it is
 * SYSTEM_DOWN (poweroff). */
#define X86_DEFAULT_POWEROFF_PORT 0x604u

#ifdef __cplusplus
}
#endif

#endif
