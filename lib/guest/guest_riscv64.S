/* riscv64 guest entry trampolines, trap vector and the late-mapped function. */
    .text
    /* a0 = fn, a1 = stack top, a2 = arg: run fn(arg) on that stack. */
    .global guest_riscv64_entry
guest_riscv64_entry:
    mv      sp, a1
    mv      a1, a2
    j       guest_run_function      /* guest_run_function(fn, arg) */

    /* SBI HSM hart_start: a0 = hart id, a1 = opaque = struct guest_start. */
    .global guest_riscv64_secondary_entry
guest_riscv64_secondary_entry:
    ld      a0, 0(a1)
    ld      a2, 16(a1)
    ld      a1, 8(a1)
    j       guest_riscv64_entry

    .balign 4
    .global guest_riscv64_trap
guest_riscv64_trap:
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
    csrr    a1, sepc                /* the guest's own exception: report it */
    csrr    a2, stval
    j       guest_report_exception  /* never returns */
1:  call    guest_riscv64_interrupt
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

    .section .rodata
    .balign 4
    .global guest_return_magic
    .global guest_return_magic_size
guest_return_magic:
    .option push
    .option norvc
    lui     a0, 0x600dd
    addiw   a0, a0, -0x502          /* 0x600dcafe */
    ret
    .option pop
guest_return_magic_end:
    .balign 4
guest_return_magic_size:
    .word   guest_return_magic_end - guest_return_magic
