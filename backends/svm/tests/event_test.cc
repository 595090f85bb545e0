// Host tests of the EVENTINJ that redelivers an event a #VMEXIT interrupted.
#include <gtest/gtest.h>

extern "C" {
#include "backends/svm/event.h"
}

namespace
{

TEST(SvmEvent, NothingToRedeliver)
{
    EXPECT_EQ(svm_reinject_event(0), 0u);
    EXPECT_EQ(svm_reinject_event(0x0000001200000b0eull), 0u); // not valid
}

TEST(SvmEvent, ExceptionKeepsItsErrorCode)
{
    // #PF (vector 14, type 3 exception, EV) with error code 0x12.
    uint64_t pf = 0x12ull << 32 | SVM_EVENT_VALID | SVM_EVENT_ERROR_VALID | 3u << 8 | 14;
    EXPECT_EQ(svm_reinject_event(pf), pf);
    // #GP with a selector error code that uses the upper bits of the field.
    uint64_t gp = 0xabcd0018ull << 32 | SVM_EVENT_VALID | SVM_EVENT_ERROR_VALID | 3u << 8 | 13;
    EXPECT_EQ(svm_reinject_event(gp), gp);
    EXPECT_EQ(svm_reinject_event(gp) >> 32, 0xabcd0018u);
}

TEST(SvmEvent, WithoutErrorCodeValidTheFieldIsDropped)
{
    uint64_t ud = SVM_EVENT_VALID | 3u << 8 | 6; // #UD
    EXPECT_EQ(svm_reinject_event(ud), ud);
    EXPECT_EQ(svm_reinject_event(0x55ull << 32 | ud), ud);
}

TEST(SvmEvent, InterruptsAndNmiAreRedelivered)
{
    uint64_t intr = SVM_EVENT_VALID | 0x40; // external interrupt 0x40
    EXPECT_EQ(svm_reinject_event(intr), intr);
    uint64_t nmi = SVM_EVENT_VALID | 2u << 8 | 2;
    EXPECT_EQ(svm_reinject_event(nmi), nmi);
}

TEST(SvmEvent, ReservedBitsAreCleared)
{
    uint64_t intr = SVM_EVENT_VALID | 0x40;
    EXPECT_EQ(svm_reinject_event(intr | 0x7ffff000ull), intr);
}

TEST(SvmEvent, SoftwareEventsReexecute)
{
    EXPECT_EQ(svm_reinject_event(SVM_EVENT_VALID | 4u << 8 | 0x80), 0u); // INT 0x80
    EXPECT_EQ(svm_reinject_event(SVM_EVENT_VALID | 3u << 8 | 3), 0u);    // INT3
    EXPECT_EQ(svm_reinject_event(SVM_EVENT_VALID | 3u << 8 | 4), 0u);    // INTO
}

TEST(SvmEvent, ExceptionEvents)
{
    EXPECT_EQ(svm_exception_event(6, false, 0), SVM_EVENT_VALID | 3u << 8 | 6);
    EXPECT_EQ(svm_exception_event(13, true, 0),
              SVM_EVENT_VALID | SVM_EVENT_ERROR_VALID | 3u << 8 | 13);
    EXPECT_EQ(svm_exception_event(14, true, 0x12) >> 32, 0x12u);
}

TEST(SvmEvent, DbAndAcAreReflected)
{
    EXPECT_EQ(svm_reflected_exception(0x41), SVM_EVENT_VALID | 3u << 8 | 1);
    EXPECT_EQ(svm_reflected_exception(0x51),
              SVM_EVENT_VALID | SVM_EVENT_ERROR_VALID | 3u << 8 | 17);
    EXPECT_EQ(svm_reflected_exception(0x52), 0u); // #MC: never the guest's
    EXPECT_EQ(svm_reflected_exception(0x46), 0u);
    EXPECT_EQ(svm_reflected_exception(0x81), 0u);
}

} // namespace
