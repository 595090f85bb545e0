/* Emulated UARTs: an ARM PL011 and an NS16550A, transmit only (the guest
 * reads an empty receive FIFO). What the guest writes goes to the VMM
 * console of the writing vCPU. */
#ifndef EXAMPLES_VMM_UART_H
#define EXAMPLES_VMM_UART_H

#include "examples/vmm/vmm.h"

/* Per-UART register state (the NS16550 needs its LCR for the divisor latch). */
struct vmm_uart_state {
    struct vmm_vm *vm;
    uint8_t lcr, ier, mcr, scr, dll, dlm;
};

/* Fills `dev` as a PL011 / an NS16550A (register shift 0, 8-bit registers) at
 * `base`, with its state in `state`. Add it with vmm_add_device(). */
void vmm_uart_pl011(struct vmm_device *dev, struct vmm_uart_state *state, struct vmm_vm *vm,
                    vcpu_gpa_t base);
void vmm_uart_ns16550(struct vmm_device *dev, struct vmm_uart_state *state, struct vmm_vm *vm,
                      vcpu_gpa_t base);

#endif /* EXAMPLES_VMM_UART_H */
