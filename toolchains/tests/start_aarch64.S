/* aarch64 entry of the tiny image: stack, C, wait forever. */
    .section .text.start, "ax"
    .globl _start
_start:
    adrp x0, __stack_top
    add x0, x0, :lo12:__stack_top
    mov sp, x0
    bl image_main
1:  wfe
    b 1b
