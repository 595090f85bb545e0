/* vtest_save(ctx) / vtest_restore(ctx) for RV64: s0-s11, sp and ra. */
    .text
    .global vtest_save
vtest_save:
    sd      s0, 0(a0)
    sd      s1, 8(a0)
    sd      s2, 16(a0)
    sd      s3, 24(a0)
    sd      s4, 32(a0)
    sd      s5, 40(a0)
    sd      s6, 48(a0)
    sd      s7, 56(a0)
    sd      s8, 64(a0)
    sd      s9, 72(a0)
    sd      s10, 80(a0)
    sd      s11, 88(a0)
    sd      sp, 96(a0)
    sd      ra, 104(a0)
    li      a0, 0
    ret

    .global vtest_restore
vtest_restore:
    ld      s0, 0(a0)
    ld      s1, 8(a0)
    ld      s2, 16(a0)
    ld      s3, 24(a0)
    ld      s4, 32(a0)
    ld      s5, 40(a0)
    ld      s6, 48(a0)
    ld      s7, 56(a0)
    ld      s8, 64(a0)
    ld      s9, 72(a0)
    ld      s10, 80(a0)
    ld      s11, 88(a0)
    ld      sp, 96(a0)
    ld      ra, 104(a0)
    li      a0, 1
    ret
