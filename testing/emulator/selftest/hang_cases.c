/* A deliberately hanging case: the runner's timeout must fail the test. */
#include "testing/harness/vtest.h"

TEST(harness_hang, spins_forever)
{
    for (volatile int i = 0;; i++)
        ;
}
