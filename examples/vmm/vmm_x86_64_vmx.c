/* The machine the vmx flavour of the x86_64 VMM runs on. */
#include "examples/vmm/vmm_arch.h"

const char vmm_arch_machine[] = "Bochs x86_64 (Skylake-X)";
const char vmm_arch_backend[] = "vmx";
