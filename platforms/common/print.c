/* board_printf: a small printf for freestanding images. */
#include <board/board.h>
#include <board/print.h>

#include <stdbool.h>
#include <stdint.h>

static void print_unsigned(uint64_t v, unsigned base, bool upper, unsigned width)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char buf[24];
    unsigned n = 0;
    do {
        buf[n++] = digits[v % base];
        v /= base;
    } while (v != 0);
    while (n < width && n < sizeof(buf))
        buf[n++] = '0';
    while (n > 0)
        board_putc(buf[--n]);
}

static void print_string(const char *s)
{
    if (s == NULL)
        s = "(null)";
    while (*s)
        board_putc(*s++);
}

void board_vprintf(const char *fmt, va_list ap)
{
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            board_putc(*fmt);
            continue;
        }
        const char *start = fmt++;
        unsigned width = 0;
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (unsigned)(*fmt++ - '0');
        int longs = 0;
        while (*fmt == 'l' || *fmt == 'z') {
            longs += *fmt == 'z' ? 2 : 1;
            fmt++;
        }
        switch (*fmt) {
        case 'd':
        case 'i': {
            int64_t v = longs ? va_arg(ap, int64_t) : va_arg(ap, int);
            if (v < 0) {
                board_putc('-');
                print_unsigned((uint64_t)0 - (uint64_t)v, 10, false, width);
            } else {
                print_unsigned((uint64_t)v, 10, false, width);
            }
            break;
        }
        case 'u':
        case 'x':
        case 'X': {
            uint64_t v = longs ? va_arg(ap, uint64_t) : va_arg(ap, unsigned);
            print_unsigned(v, *fmt == 'u' ? 10 : 16, *fmt == 'X', width);
            break;
        }
        case 'p':
            print_string("0x");
            print_unsigned((uint64_t)(uintptr_t)va_arg(ap, void *), 16, false, width);
            break;
        case 's':
            print_string(va_arg(ap, const char *));
            break;
        case 'c':
            board_putc((char)va_arg(ap, int));
            break;
        case '%':
            board_putc('%');
            break;
        default:
            for (; start <= fmt && *start; start++)
                board_putc(*start);
            if (*fmt == '\0')
                return;
            break;
        }
    }
}

void board_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    board_vprintf(fmt, ap);
    va_end(ap);
}
