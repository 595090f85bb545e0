/* Entry of the aarch64 test guests: the boot CPU arrives with x0 = device
 * tree (the arm64 boot protocol), secondaries from PSCI CPU_ON with x0 =
 * their context (the CPU index). Each gets an 8 KiB stack. */
#define STACK_SIZE 8192

    .section .text.boot, "ax"
    .global _start
_start:
    mov     x19, x0
    adrp    x1, __bss_start
    add     x1, x1, :lo12:__bss_start
    adrp    x2, __bss_end
    add     x2, x2, :lo12:__bss_end
1:  cmp     x1, x2
    b.hs    2f
    str     xzr, [x1], #8
    b       1b
2:  adrp    x1, guest_stacks
    add     x1, x1, :lo12:guest_stacks
    add     sp, x1, #STACK_SIZE
    mov     x0, x19
    bl      guest_main
3:  wfi
    b       3b

    .text
    .global guest_secondary_entry
guest_secondary_entry:
    and     x19, x0, #3
    adrp    x1, guest_stacks
    add     x1, x1, :lo12:guest_stacks
    add     x2, x19, #1
    mov     x3, #STACK_SIZE
    madd    x1, x2, x3, x1
    mov     sp, x1
    mov     x0, x19
    bl      guest_secondary
4:  wfi
    b       4b

    .section .bss.stacks, "aw", %nobits
    .balign 16
guest_stacks:
    .space  STACK_SIZE * 4
