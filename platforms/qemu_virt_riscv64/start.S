/* Entry of an image on QEMU virt (riscv64) in HS-mode, started by OpenSBI:
 * the boot hart arrives at _start (a0 = hart id, a1 = device tree), the
 * others at board_secondary_start through SBI HSM (a1 = CPU index). Each hart
 * gets its stack and a per-CPU record in tp, then enters C. */
#define STACK_SIZE 16384
#define CPU_RECORD_SIZE 16

    .section .text.boot, "ax"
    .global _start
_start:
    mv      s0, a0                  /* hart id */
    li      s1, 0                   /* CPU index 0 = the boot hart */
    /* clear .bss */
    la      t0, __bss_start
    la      t1, __bss_end
1:  bgeu    t0, t1, 2f
    sd      zero, 0(t0)
    addi    t0, t0, 8
    j       1b
2:  j       common_entry

    .global board_secondary_start
board_secondary_start:
    mv      s0, a0
    mv      s1, a1
common_entry:
    la      sp, board_stacks
    li      t0, STACK_SIZE
    addi    t1, s1, 1
    mul     t1, t1, t0
    add     sp, sp, t1
    la      tp, board_cpu_records
    li      t0, CPU_RECORD_SIZE
    mul     t0, t0, s1
    add     tp, tp, t0
    sd      s1, 0(tp)
    sd      s0, 8(tp)
    la      t0, board_trap_entry
    csrw    stvec, t0
    mv      a0, s1
    call    board_cpu_entry
3:  wfi
    j       3b

    .section .bss.stacks, "aw", @nobits
    .balign 16
board_stacks:
    .space  STACK_SIZE * 4
    .global board_cpu_records
board_cpu_records:
    .space  CPU_RECORD_SIZE * 4
