/* aarch64-only knobs of the test VM (test_vm_aarch64.c). */
#ifndef TESTING_VMM_TEST_VM_AARCH64_H
#define TESTING_VMM_TEST_VM_AARCH64_H

#include <stdbool.h>

/* When set before test_vm_add_vcpu(), the vCPUs it sets up reach the
 * physical PMU directly (struct vcpu_setup_config.pmu_passthrough) instead of
 * trapping every PMU access: only the exit-cost benchmark, whose guest loops
 * read PMCCNTR_EL0, sets it. */
extern bool test_vm_aarch64_pmu_passthrough;

#endif /* TESTING_VMM_TEST_VM_AARCH64_H */
