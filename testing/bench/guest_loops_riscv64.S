/* riscv64 guest loops of the exit-cost benchmark (VS-mode, vsatp = 0). Each
 * runs its trapping instruction a0 times and returns the instret delta, which
 * counts instructions in every mode (readable here through hcounteren). The
 * loop's own addi/bnez are part of every figure. Uncompressed instructions,
 * so every trapping one is 4 bytes long. */
#define BENCH_HYPERCALL_NR 0x100
#define SBI_EXT_VCPU_HYPERCALL 0x0a000000
#define TRAPPED_CSR 0x600 /* hstatus: a virtual-instruction exit from VS-mode */

    .option norvc
    .text
    .global bench_guest_hypercall
bench_guest_hypercall:
    mv      t0, a0
    li      a7, SBI_EXT_VCPU_HYPERCALL
    li      a6, BENCH_HYPERCALL_NR
    rdinstret t1
1:  ecall
    addi    t0, t0, -1
    bnez    t0, 1b
    rdinstret t2
    sub     a0, t2, t1
    ret

    .global bench_guest_mmio_write
bench_guest_mmio_write:
    mv      t0, a0
    li      t3, 0x5a
    rdinstret t1
1:  sw      t3, 0(a1)
    addi    t0, t0, -1
    bnez    t0, 1b
    rdinstret t2
    sub     a0, t2, t1
    ret

    .global bench_guest_mmio_read
bench_guest_mmio_read:
    mv      t0, a0
    rdinstret t1
1:  lw      t3, 0(a1)
    addi    t0, t0, -1
    bnez    t0, 1b
    rdinstret t2
    sub     a0, t2, t1
    ret

    .global bench_guest_sysreg_read
bench_guest_sysreg_read:
    mv      t0, a0
    rdinstret t1
1:  csrr    t3, TRAPPED_CSR
    addi    t0, t0, -1
    bnez    t0, 1b
    rdinstret t2
    sub     a0, t2, t1
    ret

    .global bench_guest_halt
bench_guest_halt:
    mv      t0, a0
    rdinstret t1
1:  wfi
    addi    t0, t0, -1
    bnez    t0, 1b
    rdinstret t2
    sub     a0, t2, t1
    ret
