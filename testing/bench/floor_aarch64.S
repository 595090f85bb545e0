/* The aarch64 floor: a minimal hand-written trap-and-return path, installed
 * as VBAR_EL2 for the floor half of each benchmark (floor_aarch64.c). A
 * synchronous exception from the guest saves x0-x30, advances ELR_EL2 past
 * the trapping instruction (not for HVC, whose ELR is already past it),
 * restores x0-x30 and ERETs. The guest's ucall (HVC with x0 = the ucall
 * number), any other exception class, and every other vector go on to the
 * backend's table (arm_el2_vectors) with all registers untouched. */
#define UCALL_NR_LO 0x616c /* GUEST_UCALL_NR = 0x7563616c */
#define UCALL_NR_HI 0x7563
#define EC_WFX 0x01
#define EC_HVC64 0x16
#define EC_SYSREG 0x18
#define EC_DABT_LOW 0x24

.macro forward slot
    .balign 0x80
    b       arm_el2_vectors + \slot * 0x80
.endm

.macro save_all
    sub     sp, sp, #(32 * 8)
    stp     x0, x1, [sp, #0]
    stp     x2, x3, [sp, #16]
    stp     x4, x5, [sp, #32]
    stp     x6, x7, [sp, #48]
    stp     x8, x9, [sp, #64]
    stp     x10, x11, [sp, #80]
    stp     x12, x13, [sp, #96]
    stp     x14, x15, [sp, #112]
    stp     x16, x17, [sp, #128]
    stp     x18, x19, [sp, #144]
    stp     x20, x21, [sp, #160]
    stp     x22, x23, [sp, #176]
    stp     x24, x25, [sp, #192]
    stp     x26, x27, [sp, #208]
    stp     x28, x29, [sp, #224]
    str     x30, [sp, #240]
.endm

.macro restore_all
    ldp     x0, x1, [sp, #0]
    ldp     x2, x3, [sp, #16]
    ldp     x4, x5, [sp, #32]
    ldp     x6, x7, [sp, #48]
    ldp     x8, x9, [sp, #64]
    ldp     x10, x11, [sp, #80]
    ldp     x12, x13, [sp, #96]
    ldp     x14, x15, [sp, #112]
    ldp     x16, x17, [sp, #128]
    ldp     x18, x19, [sp, #144]
    ldp     x20, x21, [sp, #160]
    ldp     x22, x23, [sp, #176]
    ldp     x24, x25, [sp, #192]
    ldp     x26, x27, [sp, #208]
    ldp     x28, x29, [sp, #224]
    ldr     x30, [sp, #240]
    add     sp, sp, #(32 * 8)
.endm

    .text
    .balign 0x800
    .global bench_floor_vectors
bench_floor_vectors:
    forward 0
    forward 1
    forward 2
    forward 3
    forward 4
    forward 5
    forward 6
    forward 7
    .balign 0x80            /* lower EL, AArch64: sync */
    b       .Lfloor_sync
    forward 9
    forward 10
    forward 11
    forward 12
    forward 13
    forward 14
    forward 15

.Lfloor_sync:
    save_all
    mrs     x0, esr_el2
    lsr     x0, x0, #26
    cmp     x0, #EC_HVC64
    b.eq    .Lfloor_hvc
    cmp     x0, #EC_DABT_LOW
    b.eq    .Lfloor_step
    cmp     x0, #EC_SYSREG
    b.eq    .Lfloor_step
    cmp     x0, #EC_WFX
    b.eq    .Lfloor_step
    b       .Lfloor_forward
.Lfloor_hvc:
    ldr     x0, [sp, #0]
    movz    x1, #UCALL_NR_LO
    movk    x1, #UCALL_NR_HI, lsl #16
    cmp     x0, x1
    b.eq    .Lfloor_forward
    b       .Lfloor_return
.Lfloor_step:
    mrs     x0, elr_el2
    add     x0, x0, #4
    msr     elr_el2, x0
.Lfloor_return:
    restore_all
    eret
.Lfloor_forward:
    restore_all
    b       arm_el2_vectors + 8 * 0x80
