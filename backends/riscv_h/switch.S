/* The world switch, the backend's trap vector, and guarded guest-memory reads.
 *
 * sscratch is 0 while the host runs and points at the CPU's
 * struct riscv_h_cpu_context while a guest runs. riscv_h_enter_guest(ctx)
 * saves the host's callee-saved registers in ctx, loads the guest's registers
 * and SRETs into VS-mode; a trap from the guest saves them back and returns
 * from riscv_h_enter_guest(). A trap taken by the host itself goes to
 * vcpu_riscv_h_host_interrupt() / vcpu_riscv_h_host_fault().
 */
#define CTX_SCRATCH 128
#define CTX_GUEST 136
#define REGS_PC 256

    .text
    .balign 4
    .global riscv_h_trap_entry
riscv_h_trap_entry:
    csrrw   sp, sscratch, sp
    beqz    sp, host_trap
    sd      t0, CTX_SCRATCH(sp)
    ld      t0, CTX_GUEST(sp)
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
    sd      t1, 16(t0)              /* guest sp */
    ld      t1, CTX_SCRATCH(sp)
    sd      t1, 40(t0)              /* guest t0 */
    csrr    t1, sepc
    sd      t1, REGS_PC(t0)
    csrw    sscratch, zero
    mv      t0, sp
    ld      ra, 0(t0)
    ld      sp, 8(t0)
    ld      gp, 16(t0)
    ld      tp, 24(t0)
    ld      s0, 32(t0)
    ld      s1, 40(t0)
    ld      s2, 48(t0)
    ld      s3, 56(t0)
    ld      s4, 64(t0)
    ld      s5, 72(t0)
    ld      s6, 80(t0)
    ld      s7, 88(t0)
    ld      s8, 96(t0)
    ld      s9, 104(t0)
    ld      s10, 112(t0)
    ld      s11, 120(t0)
    ret                             /* from riscv_h_enter_guest() */

host_trap:
    csrrw   sp, sscratch, sp        /* sp back; sscratch stays 0 */
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
    csrr    t0, sepc
    sd      t0, 128(sp)
    csrr    a0, scause
    bltz    a0, 1f
    call    vcpu_riscv_h_host_fault /* does not return */
1:  call    vcpu_riscv_h_host_interrupt
    ld      t0, 128(sp)
    csrw    sepc, t0
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

    .global riscv_h_enter_guest
riscv_h_enter_guest:
    sd      ra, 0(a0)
    sd      sp, 8(a0)
    sd      gp, 16(a0)
    sd      tp, 24(a0)
    sd      s0, 32(a0)
    sd      s1, 40(a0)
    sd      s2, 48(a0)
    sd      s3, 56(a0)
    sd      s4, 64(a0)
    sd      s5, 72(a0)
    sd      s6, 80(a0)
    sd      s7, 88(a0)
    sd      s8, 96(a0)
    sd      s9, 104(a0)
    sd      s10, 112(a0)
    sd      s11, 120(a0)
    csrw    sscratch, a0
    ld      t0, CTX_GUEST(a0)
    ld      t1, REGS_PC(t0)
    csrw    sepc, t1
    ld      ra, 8(t0)
    ld      sp, 16(t0)
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
    ld      t0, 40(t0)
    sret

/* int riscv_h_probe_h(void): 1 if hstatus is readable (H present), else 0. */
    .global riscv_h_probe_h
riscv_h_probe_h:
    csrr    t1, stvec
    la      t0, 2f
    csrw    stvec, t0
    li      a0, 0
    csrr    t2, hstatus
    li      a0, 1
    .balign 4
2:  csrw    stvec, t1
    ret

/* int riscv_h_probe_stimecmp(void) / riscv_h_probe_senvcfg(void): 1 if the
 * CSR (0x14d / 0x10a) can be read here, else 0 (the read trapped). */
    .global riscv_h_probe_stimecmp
riscv_h_probe_stimecmp:
    csrr    t1, stvec
    la      t0, 4f
    csrw    stvec, t0
    li      a0, 0
    csrr    t2, 0x14d
    li      a0, 1
    .balign 4
4:  csrw    stvec, t1
    ret

    .global riscv_h_probe_senvcfg
riscv_h_probe_senvcfg:
    csrr    t1, stvec
    la      t0, 5f
    csrw    stvec, t0
    li      a0, 0
    csrr    t2, 0x10a
    li      a0, 1
    .balign 4
5:  csrw    stvec, t1
    ret

/* int riscv_h_fetch_guest_u16(uint64_t gva, uint32_t *out): reads a guest
 * instruction halfword with HLVX.HU (as VS-mode would fetch it); returns 0,
 * or -1 if the access trapped. Called with the backend's vector installed,
 * which is replaced for the duration. */
    .global riscv_h_fetch_guest_u16
riscv_h_fetch_guest_u16:
    csrr    t1, stvec
    la      t0, 3f
    csrw    stvec, t0
    li      t2, -1
    .insn r 0x73, 4, 0x32, t3, a0, x3   /* hlvx.hu t3, (a0) */
    sw      t3, 0(a1)
    li      t2, 0
    .balign 4
3:  csrw    stvec, t1
    mv      a0, t2
    ret
