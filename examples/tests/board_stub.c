/* The board's console for host tests of VMM code: output goes to stdout. */
#include <board/board.h>
#include <board/print.h>

#include <stdio.h>

void board_putc(char c)
{
    putchar(c);
}

void board_write(const char *s, size_t n)
{
    fwrite(s, 1, n, stdout);
}

void board_vprintf(const char *fmt, va_list ap)
{
    vprintf(fmt, ap);
}

void board_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
}
