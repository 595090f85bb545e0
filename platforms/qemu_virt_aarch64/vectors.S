/* The board's EL2 vector table: catches what the hypervisor itself takes.
 * IRQs at EL2 go to board_el2_irq(); anything else is an unexpected host
 * exception, reported by board_el2_unexpected(kind) (which exits). A backend
 * that installs its own table forwards current-EL entries here. */
.macro save_caller_saved
    sub     sp, sp, #(20 * 8)
    stp     x0, x1, [sp, #(0 * 8)]
    stp     x2, x3, [sp, #(2 * 8)]
    stp     x4, x5, [sp, #(4 * 8)]
    stp     x6, x7, [sp, #(6 * 8)]
    stp     x8, x9, [sp, #(8 * 8)]
    stp     x10, x11, [sp, #(10 * 8)]
    stp     x12, x13, [sp, #(12 * 8)]
    stp     x14, x15, [sp, #(14 * 8)]
    stp     x16, x17, [sp, #(16 * 8)]
    stp     x18, x30, [sp, #(18 * 8)]
    mrs     x0, elr_el2
    mrs     x1, spsr_el2
    stp     x0, x1, [sp, #-16]!
.endm

.macro restore_caller_saved
    ldp     x0, x1, [sp], #16
    msr     elr_el2, x0
    msr     spsr_el2, x1
    ldp     x0, x1, [sp, #(0 * 8)]
    ldp     x2, x3, [sp, #(2 * 8)]
    ldp     x4, x5, [sp, #(4 * 8)]
    ldp     x6, x7, [sp, #(6 * 8)]
    ldp     x8, x9, [sp, #(8 * 8)]
    ldp     x10, x11, [sp, #(10 * 8)]
    ldp     x12, x13, [sp, #(12 * 8)]
    ldp     x14, x15, [sp, #(14 * 8)]
    ldp     x16, x17, [sp, #(16 * 8)]
    ldp     x18, x30, [sp, #(18 * 8)]
    add     sp, sp, #(20 * 8)
.endm

.macro unexpected kind
    .balign 0x80
    mov     x0, #\kind
    b       board_el2_unexpected
.endm

.macro irq_entry
    .balign 0x80
    save_caller_saved
    bl      board_el2_irq
    restore_caller_saved
    eret
.endm

    .section .text.vectors, "ax"
    .balign 0x800
    .global board_el2_vectors
board_el2_vectors:
    unexpected 0    /* current EL, SP_EL0: sync */
    unexpected 1    /* irq */
    unexpected 2    /* fiq */
    unexpected 3    /* serror */
    unexpected 4    /* current EL, SP_ELx: sync */
    irq_entry       /* irq */
    unexpected 6    /* fiq */
    unexpected 7    /* serror */
    unexpected 8    /* lower EL, AArch64 */
    unexpected 9
    unexpected 10
    unexpected 11
    unexpected 12   /* lower EL, AArch32 */
    unexpected 13
    unexpected 14
    unexpected 15
