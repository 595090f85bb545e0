/* Cases that pass: they prove the harness runs cases on CPU 0, can use the
 * other CPU, and counts and reports correctly. */
#include <board/board.h>

#include "testing/emulator/vtest.h"

TEST(harness, arithmetic)
{
    EXPECT_EQ(2 + 2, 4);
    EXPECT_TRUE(board_cpu_id() == 0);
}

static void on_cpu1(void *arg)
{
    *(volatile uint32_t *)arg = board_cpu_id();
}

TEST(harness, second_cpu_runs_work)
{
    ASSERT_GE(board_cpu_count(), 2);
    volatile uint32_t seen = 0xff;
    ASSERT_TRUE(board_run_on_cpu(1, on_cpu1, (void *)&seen));
    board_wait_cpu(1);
    EXPECT_EQ(seen, 1);
}
