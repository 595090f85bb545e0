/* Intel VMX backend: register conventions and constants for VMMs and tests.
 * The hypercall convention, trapped MSR and poweroff port are SVM's. */
#ifndef VCPU_VMX_H
#define VCPU_VMX_H

#include <vcpu/x86.h>

#ifdef __cplusplus
extern "C" {
#endif

/* In exit.fail_entry.hardware_entry_failure_reason: VMLAUNCH/VMRESUME failed
 * as an instruction; the low 32 bits are the VM-instruction error number (0
 * for VMfailInvalid). Without this bit the value is the basic exit reason of
 * a VM-entry failure exit (33 invalid guest state, 34 MSR loading, 41 machine
 * check). */
#define VMX_FAIL_ENTRY_INSTRUCTION_ERROR (1ull << 32)

#ifdef __cplusplus
}
#endif

#endif
