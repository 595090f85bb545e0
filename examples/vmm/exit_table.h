/* The table of exits by reason that the VMM prints at the end of a run. */
#ifndef EXAMPLES_VMM_EXIT_TABLE_H
#define EXAMPLES_VMM_EXIT_TABLE_H

#include "examples/vmm/vmm.h"

/* Prints, from vcpu_stats() of every vCPU of `vm` (plus their earlier power
 * cycles), one row per exit reason that occurred with a column per vCPU and a
 * total, then the number of vcpu_run() calls. Any CPU; values of a vCPU that
 * is still running elsewhere may be slightly stale. */
void vmm_print_exit_table(const struct vmm_vm *vm);

#endif /* EXAMPLES_VMM_EXIT_TABLE_H */
