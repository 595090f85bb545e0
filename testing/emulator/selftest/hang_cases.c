/* A deliberately hanging case: the runner's timeout must fail the test. */
#include "testing/emulator/vtest.h"

TEST(harness_hang, spins_forever)
{
    for (volatile int i = 0;; i++)
        ;
}
