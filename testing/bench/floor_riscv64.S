/* The riscv64 floor: a minimal hand-written trap-and-return path, installed
 * as stvec for the floor half of each benchmark (floor_riscv64.c). A trap
 * from the guest saves x1-x31, advances sepc by 4 (the guest loops use
 * uncompressed instructions), restores x1-x31 and SRETs. The guest's ucall
 * (ecall with a6 = the ucall number), interrupts and any other cause go on to
 * the backend's entry (riscv_h_trap_entry) with all registers untouched.
 *
 * While a guest runs, the backend keeps its struct riscv_h_cpu_context in
 * sscratch; the floor borrows the context's scratch slot (CTX_SCRATCH,
 * checked in floor_riscv64.c) to free t0 for its own save area. */
#define CTX_SCRATCH 128
#define UCALL_NR 0x7563616c /* GUEST_UCALL_NR */
#define CAUSE_VS_ECALL 10
#define CAUSE_LOAD_GUEST_PAGE_FAULT 21
#define CAUSE_VIRTUAL_INSTRUCTION 22
#define CAUSE_STORE_GUEST_PAGE_FAULT 23

/* frame: x1..x31 at 8*n (x0's slot unused) */
.macro save_all
    csrrw   sp, sscratch, sp        /* sp = context, sscratch = guest sp */
    sd      t0, CTX_SCRATCH(sp)
    la      t0, bench_floor_frame
    sd      ra, 8(t0)
    sd      gp, 24(t0)
    sd      tp, 32(t0)
    sd      t1, 48(t0)
    sd      t2, 56(t0)
    sd      s0, 64(t0)
    sd      s1, 72(t0)
    sd      a0, 80(t0)
    sd      a1, 88(t0)
    sd      a2, 96(t0)
    sd      a3, 104(t0)
    sd      a4, 112(t0)
    sd      a5, 120(t0)
    sd      a6, 128(t0)
    sd      a7, 136(t0)
    sd      s2, 144(t0)
    sd      s3, 152(t0)
    sd      s4, 160(t0)
    sd      s5, 168(t0)
    sd      s6, 176(t0)
    sd      s7, 184(t0)
    sd      s8, 192(t0)
    sd      s9, 200(t0)
    sd      s10, 208(t0)
    sd      s11, 216(t0)
    sd      t3, 224(t0)
    sd      t4, 232(t0)
    sd      t5, 240(t0)
    sd      t6, 248(t0)
    csrr    t1, sscratch
    sd      t1, 16(t0)
    ld      t1, CTX_SCRATCH(sp)
    sd      t1, 40(t0)
.endm

.macro restore_all
    ld      ra, 8(t0)
    ld      gp, 24(t0)
    ld      tp, 32(t0)
    ld      t1, 48(t0)
    ld      t2, 56(t0)
    ld      s0, 64(t0)
    ld      s1, 72(t0)
    ld      a0, 80(t0)
    ld      a1, 88(t0)
    ld      a2, 96(t0)
    ld      a3, 104(t0)
    ld      a4, 112(t0)
    ld      a5, 120(t0)
    ld      a6, 128(t0)
    ld      a7, 136(t0)
    ld      s2, 144(t0)
    ld      s3, 152(t0)
    ld      s4, 160(t0)
    ld      s5, 168(t0)
    ld      s6, 176(t0)
    ld      s7, 184(t0)
    ld      s8, 192(t0)
    ld      s9, 200(t0)
    ld      s10, 208(t0)
    ld      s11, 216(t0)
    ld      t3, 224(t0)
    ld      t4, 232(t0)
    ld      t5, 240(t0)
    ld      t6, 248(t0)
    csrrw   sp, sscratch, sp        /* sp = guest sp, sscratch = context */
    ld      t0, 40(t0)
.endm

    .text
    .balign 4
    .global bench_floor_trap
bench_floor_trap:
    save_all
    csrr    t1, scause
    bltz    t1, .Lfloor_forward       /* an interrupt */
    li      t2, CAUSE_VS_ECALL
    beq     t1, t2, .Lfloor_ecall
    li      t2, CAUSE_LOAD_GUEST_PAGE_FAULT
    beq     t1, t2, .Lfloor_step
    li      t2, CAUSE_STORE_GUEST_PAGE_FAULT
    beq     t1, t2, .Lfloor_step
    li      t2, CAUSE_VIRTUAL_INSTRUCTION
    beq     t1, t2, .Lfloor_step
    j       .Lfloor_forward
.Lfloor_ecall:
    li      t2, UCALL_NR
    beq     a6, t2, .Lfloor_forward
.Lfloor_step:
    csrr    t1, sepc
    addi    t1, t1, 4
    csrw    sepc, t1
    restore_all
    sret
.Lfloor_forward:
    restore_all
    j       riscv_h_trap_entry

    .bss
    .balign 8
bench_floor_frame:              /* one CPU: the benchmark runs on CPU 0 */
    .space  32 * 8
