/* Entry of the riscv64 test guests: the boot hart arrives with a0 = hart id
 * and a1 = device tree (the SBI boot convention), secondaries from SBI HSM
 * hart_start with a0 = hart id and a1 = the opaque value. Each hart gets an
 * 8 KiB stack. */
#define STACK_SIZE 8192

    .section .text.boot, "ax"
    .global _start
_start:
    mv      s1, a1
    la      t0, __bss_start
    la      t1, __bss_end
1:  bgeu    t0, t1, 2f
    sd      zero, 0(t0)
    addi    t0, t0, 8
    j       1b
2:  la      sp, guest_stacks
    li      t0, STACK_SIZE
    add     sp, sp, t0
    mv      a0, s1
    call    guest_main
3:  wfi
    j       3b

    .text
    .global guest_secondary_entry
guest_secondary_entry:
    andi    t0, a0, 3
    addi    t0, t0, 1
    li      t1, STACK_SIZE
    mul     t0, t0, t1
    la      sp, guest_stacks
    add     sp, sp, t0
    call    guest_secondary
4:  wfi
    j       4b

    /* The trap vector of the timer check: notes the interrupt and masks the
     * timer (sie.STIE), so that it does not trap again. */
    .balign 4
    .global guest_timer_trap
guest_timer_trap:
    addi    sp, sp, -16
    sd      t0, 0(sp)
    sd      t1, 8(sp)
    li      t0, 32
    csrc    sie, t0
    la      t0, guest_timer_fired
    li      t1, 1
    sw      t1, 0(t0)
    ld      t0, 0(sp)
    ld      t1, 8(sp)
    addi    sp, sp, 16
    sret

    .section .bss.stacks, "aw", %nobits
    .balign 16
guest_stacks:
    .space  STACK_SIZE * 4
