/* AMD SVM backend: register conventions and the trapped MSR for tests. */
#ifndef VCPU_SVM_H
#define VCPU_SVM_H

#ifdef __cplusplus
extern "C" {
#endif

/* VMMCALL convention (as KVM's): nr in RAX, arguments in RBX, RCX, RDX, RSI,
 * RDI, R8; the return value goes back in RAX. */

/* An MSR outside every MSR-permission-map range: RDMSR/WRMSR of it always
 * exit as SYSREG_READ / SYSREG_WRITE (so do the x2APIC MSRs 0x800-0x8ff). */
#define X86_TRAPPED_MSR 0x40000100u

/* The default ACPI PM1a control port: an OUT of SLP_EN with SLP_TYP 5 to it is
 * SYSTEM_DOWN (poweroff). */
#define X86_DEFAULT_POWEROFF_PORT 0x604u

#ifdef __cplusplus
}
#endif

#endif
