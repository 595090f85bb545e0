/* AMD SVM backend: register conventions and the trapped MSR for tests. */
#ifndef VCPU_SVM_H
#define VCPU_SVM_H

#ifdef __cplusplus
extern "C" {
#endif

/* VMMCALL convention (as KVM's): nr in RAX, arguments in RBX, RCX, RDX, RSI,
 * RDI, R8; the return value goes back in RAX. */

/* An MSR outside every MSR-permission-map range: RDMSR/WRMSR of it always
 * exit as SYSREG_READ / SYSREG_WRITE. So does every MSR except the ones
 * switched per guest (EFER, STAR, LSTAR, CSTAR, SFMASK, FS/GS/KernelGS base,
 * SYSENTER_CS/ESP/EIP), which the guest accesses directly. */
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
