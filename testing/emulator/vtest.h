/* The in-image test framework: GoogleTest-style registration, assertions and
 * console output for freestanding images booted under an emulator.
 *
 *   TEST(conformance, hypercall) {
 *       EXPECT_EQ(1 + 1, 2);
 *       ASSERT_TRUE(ptr != NULL);   // ends the case on failure
 *   }
 *
 * board_image_main() (in vtest_main.c) runs every registered case in link
 * order and prints "[ RUN      ]" / "[       OK ]" / "[  FAILED  ]" lines, a
 * summary, and a final "RESULT: PASS" or "RESULT: FAIL"; the image's exit
 * status is the verdict. Cases run on CPU 0. */
#ifndef VTEST_VTEST_H
#define VTEST_VTEST_H

#include <stdbool.h>
#include <stdint.h>

#include <board/print.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A registered case; lives in the linker section "vtest_cases". */
struct vtest_case {
    const char *suite;
    const char *name;
    void (*fn)(void);
};

#define VTEST_CONCAT2(a, b) a##b
#define VTEST_CONCAT(a, b) VTEST_CONCAT2(a, b)

/* Defines and registers the case `suite.name`. */
#define TEST(suite, name)                                                                          \
    static void vtest_fn_##suite##_##name(void);                                                   \
    static const struct vtest_case vtest_case_##suite##_##name                                     \
        __attribute__((used, section("vtest_cases"), aligned(8))) = {#suite, #name,                \
                                                                     vtest_fn_##suite##_##name};   \
    static void vtest_fn_##suite##_##name(void)

/* Records a failure of the current case at file:line with a message. Any
 * CPU (failures from CPU 1 count for the case running on CPU 0). */
void vtest_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Ends the current case (after a failed ASSERT). CPU 0 only. */
_Noreturn void vtest_abort_case(void);

/* True if the current case has failed so far. */
bool vtest_case_failed(void);

#define VTEST_CHECK_OP(a, op, b, on_fail)                                                          \
    do {                                                                                           \
        uint64_t vtest_a_ = (uint64_t)(a);                                                         \
        uint64_t vtest_b_ = (uint64_t)(b);                                                         \
        if (!(vtest_a_ op vtest_b_)) {                                                             \
            vtest_fail(__FILE__, __LINE__,                                                         \
                       "expected %s " #op " %s\n  actual: 0x%lx (%ld) vs 0x%lx (%ld)", #a, #b,     \
                       vtest_a_, (int64_t)vtest_a_, vtest_b_, (int64_t)vtest_b_);                  \
            on_fail;                                                                               \
        }                                                                                          \
    } while (0)

#define VTEST_CHECK_BOOL(cond, want, on_fail)                                                      \
    do {                                                                                           \
        if ((bool)(cond) != (want)) {                                                              \
            vtest_fail(__FILE__, __LINE__, "expected %s to be %s", #cond,                          \
                       (want) ? "true" : "false");                                                 \
            on_fail;                                                                               \
        }                                                                                          \
    } while (0)

/* Integer comparisons (values are compared as uint64_t; signedness matters
 * only for LT/LE/GT/GE, so compare like with like). */
#define EXPECT_EQ(a, b) VTEST_CHECK_OP(a, ==, b, (void)0)
#define EXPECT_NE(a, b) VTEST_CHECK_OP(a, !=, b, (void)0)
#define EXPECT_LT(a, b) VTEST_CHECK_OP(a, <, b, (void)0)
#define EXPECT_LE(a, b) VTEST_CHECK_OP(a, <=, b, (void)0)
#define EXPECT_GT(a, b) VTEST_CHECK_OP(a, >, b, (void)0)
#define EXPECT_GE(a, b) VTEST_CHECK_OP(a, >=, b, (void)0)
#define EXPECT_TRUE(c) VTEST_CHECK_BOOL(c, true, (void)0)
#define EXPECT_FALSE(c) VTEST_CHECK_BOOL(c, false, (void)0)
#define ASSERT_EQ(a, b) VTEST_CHECK_OP(a, ==, b, vtest_abort_case())
#define ASSERT_NE(a, b) VTEST_CHECK_OP(a, !=, b, vtest_abort_case())
#define ASSERT_LT(a, b) VTEST_CHECK_OP(a, <, b, vtest_abort_case())
#define ASSERT_GE(a, b) VTEST_CHECK_OP(a, >=, b, vtest_abort_case())
#define ASSERT_TRUE(c) VTEST_CHECK_BOOL(c, true, vtest_abort_case())
#define ASSERT_FALSE(c) VTEST_CHECK_BOOL(c, false, vtest_abort_case())

#ifdef __cplusplus
}
#endif

#endif /* VTEST_VTEST_H */
