/* Emulated UARTs: an ARM PL011 and an NS16550A, transmit only (the guest
 * reads an empty receive FIFO and never gets an interrupt). Every character
 * the guest transmits goes to the VMM's output callback with the index of the
 * writing vCPU. Each fills a struct vdev (lib/devices/vdev.h) for the VMM's
 * device bus. The register state is not locked: a guest that programs one
 * UART from several vCPUs at once gets last-writer-wins registers (output
 * characters are never lost; ordering them is the callback's business). */
#ifndef LIB_DEVICES_UART_H
#define LIB_DEVICES_UART_H

#include <stdint.h>

#include "lib/devices/vdev.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Receives character `c` that vCPU `vcpu` wrote to the UART; `ctx` is what
 * the VMM passed with it. Called on the writing vCPU's physical CPU. */
typedef void (*uart_output_fn)(void *ctx, uint32_t vcpu, char c);

/* Per-UART state (the NS16550 keeps its LCR for the divisor latch and what
 * the guest programs; the PL011 keeps nothing but the output). */
struct uart_state {
    uart_output_fn output;
    void *ctx;
    uint8_t lcr, ier, mcr, scr, dll, dlm;
};

/* Fills `dev` as a PL011 (4 KiB of MMIO) / an NS16550A (8-bit registers,
 * register shift 0) at `base`, with its state in `state` (both reset) and
 * output to `output(ctx, ...)` (not NULL). For port I/O (a PC's COM port) set
 * dev->port_io afterwards. Add it with vdev_bus_add(); `state` must outlive
 * the bus. */
void uart_pl011_init(struct vdev *dev, struct uart_state *state, uint64_t base,
                     uart_output_fn output, void *ctx);
void uart_ns16550_init(struct vdev *dev, struct uart_state *state, uint64_t base,
                       uart_output_fn output, void *ctx);

#ifdef __cplusplus
}
#endif

#endif /* LIB_DEVICES_UART_H */
