/* riscv64 entry of the tiny image: stack, C, wait forever. */
    .section .text.start, "ax"
    .globl _start
_start:
    lla sp, __stack_top
    call image_main
1:  wfi
    j 1b
