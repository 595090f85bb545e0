/* An emulated ARM PrimeCell PL011 UART: DR writes print, FR says the
 * transmitter is empty and the receiver has nothing, the identification
 * registers read as a PL011; the rest reads as zero and ignores writes. */
#include "lib/devices/uart.h"

#define PL011_DR 0x000u
#define PL011_FR 0x018u
#define PL011_FR_RXFE (1u << 4)
#define PL011_FR_TXFE (1u << 7)
#define PL011_ID_BASE 0xfe0u
#define PL011_SIZE 0x1000u

/* PeriphID0-3 and PCellID0-3 of an r1p5 PL011. */
static const uint8_t pl011_id[8] = {0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1};

static uint64_t pl011_read(struct vdev *dev, uint32_t vcpu, uint64_t offset, unsigned bytes)
{
    (void)dev;
    (void)vcpu;
    (void)bytes;
    if (offset == PL011_FR)
        return PL011_FR_RXFE | PL011_FR_TXFE;
    if (offset >= PL011_ID_BASE && offset < PL011_ID_BASE + 32 && offset % 4 == 0)
        return pl011_id[(offset - PL011_ID_BASE) / 4];
    return 0;
}

static void pl011_write(struct vdev *dev, uint32_t vcpu, uint64_t offset, unsigned bytes,
                        uint64_t value)
{
    (void)bytes;
    struct uart_state *s = dev->state;
    if (offset == PL011_DR)
        s->output(s->ctx, vcpu, (char)(value & 0xff));
}

void uart_pl011_init(struct vdev *dev, struct uart_state *state, uint64_t base,
                     uart_output_fn output, void *ctx)
{
    *state = (struct uart_state){.output = output, .ctx = ctx};
    *dev = (struct vdev){
        .name = "pl011",
        .base = base,
        .size = PL011_SIZE,
        .read = pl011_read,
        .write = pl011_write,
        .state = state,
    };
}
