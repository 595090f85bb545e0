/* ASID assignment and TLB flush decisions (see asid.h). */
#include "asid.h"

uint32_t svm_asid_assign(uint64_t seq, uint32_t count)
{
    if (count < 2)
        return 1;
    return 1 + (uint32_t)(seq % (count - 1));
}

bool svm_asid_enter(uint64_t owners[SVM_ASID_SLOTS], uint32_t asid, uint64_t tag)
{
    uint64_t *slot = &owners[asid % SVM_ASID_SLOTS];
    if (*slot == tag)
        return false;
    *slot = tag;
    return true;
}

uint8_t svm_tlb_control(bool flush, bool flush_by_asid)
{
    if (!flush)
        return SVM_TLB_CONTROL_NONE;
    return flush_by_asid ? SVM_TLB_CONTROL_FLUSH_ASID : SVM_TLB_CONTROL_FLUSH_ALL;
}
