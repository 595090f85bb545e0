/* x86-only machine facts of the test VM (test_vm_x86_64.c) that differ
 * between the x86 backends, for the x86 extra cases. */
#ifndef TESTING_VMM_TEST_VM_X86_64_H
#define TESTING_VMM_TEST_VM_X86_64_H

#include <stdint.h>

/* The host MSR that controls the backend's virtualization extension, which a
 * guest must never reach: on SVM VM_HSAVE_PA (0xc0010117), on VMX
 * IA32_FEATURE_CONTROL (0x3a). The host can read it. */
extern const uint32_t test_x86_virt_msr;

#endif /* TESTING_VMM_TEST_VM_X86_64_H */
