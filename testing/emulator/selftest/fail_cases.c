/* A deliberately failing case: the runner must report the image as failed. */
#include "testing/emulator/vtest.h"

TEST(harness_fail, fails_on_purpose)
{
    ASSERT_EQ(1, 2);
    EXPECT_TRUE(false); /* not reached: the ASSERT ended the case */
}
