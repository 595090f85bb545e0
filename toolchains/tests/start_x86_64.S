/* x86_64 entry of the tiny image (already in long mode): stack, C, halt. */
    .section .text.start, "ax"
    .globl _start
_start:
    lea __stack_top(%rip), %rsp
    call image_main
1:  hlt
    jmp 1b
