/* The machine the svm flavour of the x86_64 VMM runs on. */
#include "examples/vmm/vmm_arch.h"

const char vmm_arch_machine[] = "QEMU x86_64 (TCG)";
const char vmm_arch_backend[] = "svm";
