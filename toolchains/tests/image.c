/* The C half of the tiny freestanding image: proves the bare-metal toolchain
 * compiles and links C without any host header or library. */
#include <stddef.h>
#include <stdint.h>

void image_main(void);

static volatile uint32_t counter;
static const uint32_t weights[4] = {1, 2, 3, 4};

/* Called by the start file with a stack; returns to its halt loop. */
void image_main(void)
{
    for (size_t i = 0; i < sizeof(weights) / sizeof(weights[0]); i++)
        counter += weights[i];
}
