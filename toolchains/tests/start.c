/* A tiny freestanding image: proves the bare-metal toolchain compiles and
 * links without any host header or library. */
#include <stddef.h>
#include <stdint.h>

static volatile uint32_t counter;

/* The image's entry point (named by the linker script); it never returns. */
void _start(void)
{
    for (size_t i = 0; i < 16; i++)
        counter += (uint32_t)i;
    for (;;)
        counter++;
}
