/* What a nested page fault (SVM #NPF, VMX EPT violation) says about the
 * instruction that caused it, for both x86 backends' exit decoders. Only an
 * access of the instruction itself may be decoded as MMIO: a fault while the
 * CPU walked the guest's own page tables (the table lies in unmapped guest-
 * physical memory) is no access of the instruction's operand, and decoding
 * the instruction there would emulate a load or store at the wrong address.
 * Pure; for the target and for host tests. */
#ifndef X86_COMMON_NESTED_FAULT_H
#define X86_COMMON_NESTED_FAULT_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The access that faulted. */
enum x86_nested_access {
    X86_NESTED_DATA,       /* a load or store of the instruction */
    X86_NESTED_FETCH,      /* an instruction fetch */
    X86_NESTED_GUEST_WALK, /* the CPU reading or updating the guest's page tables */
};

/* The access of an SVM #NPF from its EXITINFO1: bit 33 (the fault was
 * during the guest page-table walk) wins over bit 4 (fetch). Pure. */
enum x86_nested_access x86_svm_npf_access(uint64_t exitinfo1);

/* The access of a VMX EPT violation from its exit qualification: bit 7 set
 * (guest linear address valid) with bit 8 clear is an access to a guest
 * paging structure; else bit 2 (fetch). Pure. */
enum x86_nested_access x86_vmx_ept_access(uint64_t qualification);

/* True if the decoder may treat the fault as an MMIO access of the faulting
 * instruction: a data access to a guest-physical address with nothing
 * mapped (`present` false). Fetches, guest page-table walks and permission
 * faults on mapped pages are nested page faults for the VMM. Pure. */
bool x86_nested_fault_is_mmio(enum x86_nested_access access, bool present);

#ifdef __cplusplus
}
#endif

#endif
