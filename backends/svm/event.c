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
