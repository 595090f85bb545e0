/* The board's supervisor trap vector: interrupts go to board_s_interrupt(),
 * anything else is an unexpected host exception (board_s_unexpected exits).
 * board_probe_h() tells whether the H extension exists, by reading hstatus
 * with a temporary trap vector that catches the illegal-instruction trap. */
    .text
    .balign 4
    .global board_trap_entry
board_trap_entry:
    addi    sp, sp, -(18 * 8)
    sd      ra, 0(sp)
    sd      t0, 8(sp)
    sd      t1, 16(sp)
    sd      t2, 24(sp)
    sd      a0, 32(sp)
    sd      a1, 40(sp)
    sd      a2, 48(sp)
    sd      a3, 56(sp)
    sd      a4, 64(sp)
    sd      a5, 72(sp)
    sd      a6, 80(sp)
    sd      a7, 88(sp)
    sd      t3, 96(sp)
    sd      t4, 104(sp)
    sd      t5, 112(sp)
    sd      t6, 120(sp)
    csrr    a0, scause
    bltz    a0, 1f
    call    board_s_unexpected      /* does not return */
1:  call    board_s_interrupt
    ld      ra, 0(sp)
    ld      t0, 8(sp)
    ld      t1, 16(sp)
    ld      t2, 24(sp)
    ld      a0, 32(sp)
    ld      a1, 40(sp)
    ld      a2, 48(sp)
    ld      a3, 56(sp)
    ld      a4, 64(sp)
    ld      a5, 72(sp)
    ld      a6, 80(sp)
    ld      a7, 88(sp)
    ld      t3, 96(sp)
    ld      t4, 104(sp)
    ld      t5, 112(sp)
    ld      t6, 120(sp)
    addi    sp, sp, (18 * 8)
    sret

    .global board_probe_h
board_probe_h:
    csrr    t1, stvec
    la      t0, 2f
    csrw    stvec, t0
    li      a0, 0
    csrr    t2, hstatus             /* traps without the H extension */
    li      a0, 1
    .balign 4
2:  csrw    stvec, t1
    ret
