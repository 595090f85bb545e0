/* Event re-injection encoding (see event.h). */
#include "event.h"

uint64_t svm_reinject_event(uint64_t exitintinfo)
{
    if (!(exitintinfo & SVM_EVENT_VALID))
        return 0;
    uint32_t type = (uint32_t)((exitintinfo & SVM_EVENT_TYPE_MASK) >> SVM_EVENT_TYPE_SHIFT);
    uint32_t vector = (uint32_t)(exitintinfo & SVM_EVENT_VECTOR);
    if (type == SVM_EVENT_TYPE_SOFT ||
        (type == SVM_EVENT_TYPE_EXCEPTION && (vector == 3 || vector == 4)))
        return 0;
    uint64_t keep =
        SVM_EVENT_VECTOR | SVM_EVENT_TYPE_MASK | SVM_EVENT_ERROR_VALID | SVM_EVENT_VALID;
    if (exitintinfo & SVM_EVENT_ERROR_VALID)
        keep |= 0xffffffffull << SVM_EVENT_ERROR_SHIFT;
    return exitintinfo & keep;
}

uint64_t svm_exception_event(uint32_t vector, bool has_error, uint32_t error_code)
{
    uint64_t e = SVM_EVENT_VALID | (uint64_t)SVM_EVENT_TYPE_EXCEPTION << SVM_EVENT_TYPE_SHIFT |
                 (vector & SVM_EVENT_VECTOR);
    if (has_error)
        e |= SVM_EVENT_ERROR_VALID | (uint64_t)error_code << SVM_EVENT_ERROR_SHIFT;
    return e;
}

uint64_t svm_reflected_exception(uint64_t exitcode)
{
    if (exitcode == 0x41) /* #DB: DR6 in the VMCB already says why */
        return svm_exception_event(1, false, 0);
    if (exitcode == 0x51) /* #AC: error code 0 */
        return svm_exception_event(17, true, 0);
    return 0;
}
