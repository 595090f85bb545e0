/* Formatted console output for bare-metal images, over board_putc(). */
#ifndef BOARD_PRINT_H
#define BOARD_PRINT_H

#include <stdarg.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Prints `fmt` to the console. Supports %d %i %u %x %X %p %s %c %% with the
 * length modifiers l, ll, z and a zero-padded field width (%08x). Unknown
 * conversions print literally. Any CPU; output of concurrent callers may
 * interleave. */
void board_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void board_vprintf(const char *fmt, va_list ap);

#ifdef __cplusplus
}
#endif

#endif /* BOARD_PRINT_H */
