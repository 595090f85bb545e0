/* Entry of an image on QEMU virt (aarch64): every CPU arrives here at EL2 with
 * the MMU off (CPU 0 from QEMU's loader, the others through PSCI CPU_ON).
 * Picks the CPU's stack from MPIDR.Aff0, installs the board's EL2 vectors, and
 * calls board_cpu_entry(cpu) in C. An image started at EL1 reports that the
 * CPU has no virtualization extension. */
#define STACK_SIZE 16384

    .section .text.boot, "ax"
    .global _start
_start:
    mrs     x19, CurrentEL
    lsr     x19, x19, #2
    and     x19, x19, #3
    mrs     x20, mpidr_el1
    and     x20, x20, #0xff             /* CPU index = Aff0 */
    cmp     x20, #4                     /* BOARD_MAX_CPUS */
    b.hs    park
    adrp    x1, board_stacks
    add     x1, x1, :lo12:board_stacks
    mov     x2, #STACK_SIZE
    madd    x1, x20, x2, x1
    add     sp, x1, x2
    cmp     x19, #2
    b.ne    not_el2
    adrp    x1, board_el2_vectors
    add     x1, x1, :lo12:board_el2_vectors
    msr     vbar_el2, x1
    /* EL2 with caches off: keep SCTLR_EL2 at its reset state except alignment checks off. */
    mrs     x1, sctlr_el2
    bic     x1, x1, #(1 << 1)
    msr     sctlr_el2, x1
    isb
    cbnz    x20, secondary
    /* CPU 0: clear .bss, then enter C. */
    adrp    x1, __bss_start
    add     x1, x1, :lo12:__bss_start
    adrp    x2, __bss_end
    add     x2, x2, :lo12:__bss_end
1:  cmp     x1, x2
    b.hs    2f
    str     xzr, [x1], #8
    b       1b
2:  mov     x0, #0
    bl      board_cpu_entry
    b       park
secondary:
    mov     x0, x20
    bl      board_cpu_entry
park:
    wfe
    b       park
not_el2:
    mov     x0, x20
    bl      board_not_el2
    b       park

    .section .bss.stacks, "aw", %nobits
    .balign 16
    .global board_stacks
board_stacks:
    .space  STACK_SIZE * 4
