/* Console on the PL011 UART of QEMU virt (0x09000000), usable without setup. */
#include <board/board.h>

#define PL011_BASE 0x09000000ul
#define PL011_DR 0x00
#define PL011_FR 0x18
#define PL011_FR_TXFF (1u << 5)

static volatile uint32_t *pl011_reg(unsigned offset)
{
    return (volatile uint32_t *)(PL011_BASE + offset);
}

void board_putc(char c)
{
    if (c == '\n')
        board_putc('\r');
    while (*pl011_reg(PL011_FR) & PL011_FR_TXFF)
        ;
    *pl011_reg(PL011_DR) = (uint8_t)c;
}

void board_write(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        board_putc(s[i]);
}
