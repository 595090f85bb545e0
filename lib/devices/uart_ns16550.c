/* An emulated NS16550A UART (8-bit registers, shift 0): THR writes print, LSR
 * says the transmitter is empty and no data is ready, the divisor latch,
 * LCR, IER, MCR and scratch registers keep what the guest writes. */
#include "lib/devices/uart.h"

#define REG_THR_RBR_DLL 0u
#define REG_IER_DLM 1u
#define REG_IIR_FCR 2u
#define REG_LCR 3u
#define REG_MCR 4u
#define REG_LSR 5u
#define REG_MSR 6u
#define REG_SCR 7u
#define LCR_DLAB 0x80u
#define LSR_THRE 0x20u
#define LSR_TEMT 0x40u
#define IIR_NO_INTERRUPT 0x01u
#define NS16550_SIZE 0x100u

static uint64_t ns16550_read(struct vdev *dev, uint32_t vcpu, uint64_t offset, unsigned bytes)
{
    (void)vcpu;
    (void)bytes;
    struct uart_state *s = dev->state;
    bool dlab = (s->lcr & LCR_DLAB) != 0;
    switch (offset) {
    case REG_THR_RBR_DLL:
        return dlab ? s->dll : 0;
    case REG_IER_DLM:
        return dlab ? s->dlm : s->ier;
    case REG_IIR_FCR:
        return IIR_NO_INTERRUPT;
    case REG_LCR:
        return s->lcr;
    case REG_MCR:
        return s->mcr;
    case REG_LSR:
        return LSR_THRE | LSR_TEMT;
    case REG_SCR:
        return s->scr;
    default: /* MSR and beyond */
        return 0;
    }
}

static void ns16550_write(struct vdev *dev, uint32_t vcpu, uint64_t offset, unsigned bytes,
                          uint64_t value)
{
    (void)bytes;
    struct uart_state *s = dev->state;
    uint8_t v = (uint8_t)value;
    bool dlab = (s->lcr & LCR_DLAB) != 0;
    switch (offset) {
    case REG_THR_RBR_DLL:
        if (dlab)
            s->dll = v;
        else
            s->output(s->ctx, vcpu, (char)v);
        break;
    case REG_IER_DLM:
        if (dlab)
            s->dlm = v;
        else
            s->ier = v & 0x0f;
        break;
    case REG_LCR:
        s->lcr = v;
        break;
    case REG_MCR:
        s->mcr = v;
        break;
    case REG_SCR:
        s->scr = v;
        break;
    default: /* FCR, LSR, MSR: nothing to keep */
        break;
    }
}

void uart_ns16550_init(struct vdev *dev, struct uart_state *state, uint64_t base,
                       uart_output_fn output, void *ctx)
{
    *state = (struct uart_state){.output = output, .ctx = ctx};
    *dev = (struct vdev){
        .name = "ns16550a",
        .base = base,
        .size = NS16550_SIZE,
        .read = ns16550_read,
        .write = ns16550_write,
        .state = state,
    };
}
