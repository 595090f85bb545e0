/* Nested page fault classification (see nested_fault.h). */
#include "nested_fault.h"

#define NPF_FETCH (1ull << 4)
#define NPF_GUEST_WALK (1ull << 33)
#define EPT_FETCH (1ull << 2)
#define EPT_GLA_VALID (1ull << 7)
#define EPT_GLA_TRANSLATED (1ull << 8)

enum x86_nested_access x86_svm_npf_access(uint64_t exitinfo1)
{
    if (exitinfo1 & NPF_GUEST_WALK)
        return X86_NESTED_GUEST_WALK;
    return (exitinfo1 & NPF_FETCH) ? X86_NESTED_FETCH : X86_NESTED_DATA;
}

enum x86_nested_access x86_vmx_ept_access(uint64_t qualification)
{
    if ((qualification & EPT_GLA_VALID) && !(qualification & EPT_GLA_TRANSLATED))
        return X86_NESTED_GUEST_WALK;
    return (qualification & EPT_FETCH) ? X86_NESTED_FETCH : X86_NESTED_DATA;
}

bool x86_nested_fault_is_mmio(enum x86_nested_access access, bool present)
{
    return access == X86_NESTED_DATA && !present;
}
