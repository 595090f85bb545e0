/* Runs every registered case and reports in GoogleTest's console format. */
#include "vtest.h"

#include <board/board.h>

extern const struct vtest_case __vtest_cases_start[];
extern const struct vtest_case __vtest_cases_end[];

static volatile bool current_failed;
static uint64_t abort_context[16]; /* callee-saved registers, sp, return address */

/* setjmp/longjmp for ending a case early: implemented per ISA in
 * vtest_jump_<arch>.S. vtest_save() returns 0, then 1 after vtest_restore(). */
int vtest_save(uint64_t *ctx);
_Noreturn void vtest_restore(uint64_t *ctx);

void vtest_fail(const char *file, int line, const char *fmt, ...)
{
    current_failed = true;
    board_printf("%s:%d: Failure\n", file, line);
    va_list ap;
    va_start(ap, fmt);
    board_vprintf(fmt, ap);
    va_end(ap);
    board_printf("\n");
}

bool vtest_case_failed(void)
{
    return current_failed;
}

_Noreturn void vtest_abort_case(void)
{
    vtest_restore(abort_context);
}

static unsigned count_suites(const struct vtest_case *first, const struct vtest_case *end)
{
    unsigned suites = 0;
    const char *last = NULL;
    for (const struct vtest_case *c = first; c < end; c++) {
        if (last == NULL || c->suite != last)
            suites++;
        last = c->suite;
    }
    return suites;
}

int board_image_main(void)
{
    const struct vtest_case *first = __vtest_cases_start;
    const struct vtest_case *end = __vtest_cases_end;
    unsigned total = (unsigned)(end - first);
    unsigned failed = 0;
    const struct vtest_case *failures[64];

    board_printf("[==========] Running %u tests from %u test suites.\n", total,
                 count_suites(first, end));
    for (const struct vtest_case *c = first; c < end; c++) {
        board_printf("[ RUN      ] %s.%s\n", c->suite, c->name);
        current_failed = false;
        if (vtest_save(abort_context) == 0)
            c->fn();
        if (current_failed) {
            if (failed < sizeof(failures) / sizeof(failures[0]))
                failures[failed] = c;
            failed++;
            board_printf("[  FAILED  ] %s.%s (0 ms)\n", c->suite, c->name);
        } else {
            board_printf("[       OK ] %s.%s (0 ms)\n", c->suite, c->name);
        }
    }
    board_printf("[==========] %u tests from %u test suites ran. (0 ms total)\n", total,
                 count_suites(first, end));
    board_printf("[  PASSED  ] %u tests.\n", total - failed);
    if (failed != 0) {
        board_printf("[  FAILED  ] %u tests, listed below:\n", failed);
        for (unsigned i = 0; i < failed && i < sizeof(failures) / sizeof(failures[0]); i++)
            board_printf("[  FAILED  ] %s.%s\n", failures[i]->suite, failures[i]->name);
        board_printf("RESULT: FAIL\n");
        return BOARD_EXIT_FAIL;
    }
    board_printf("RESULT: PASS\n");
    return BOARD_EXIT_PASS;
}
