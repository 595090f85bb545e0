/* Interrupt and exception entry stubs: each pushes its vector (and a dummy
 * error code where the CPU pushes none) and jumps to a common path that saves
 * the caller-saved registers and calls board_x86_trap(vector, frame).
 * board_isr_list holds (vector, entry) pairs for the IDT, ending with -1. */
.macro stub vector, has_error
    .text
    .balign 16
isr_\vector:
    .if \has_error == 0
    pushq   $0
    .endif
    pushq   $\vector
    jmp     trap_common
    .section .rodata
    .quad   \vector, isr_\vector
.endm

    .section .rodata
    .balign 8
    .global board_isr_list
board_isr_list:
    .irp v, 0,1,2,3,4,5,6,7,9,15,16,18,19,20,32,240,255
    stub \v, 0
    .endr
    .irp v, 8,10,11,12,13,14,17
    stub \v, 1
    .endr
    .section .rodata
    .quad   -1, 0

    .text
trap_common:
    push    %rax
    push    %rbx
    push    %rcx
    push    %rdx
    push    %rsi
    push    %rdi
    push    %r8
    push    %r9
    push    %r10
    push    %r11
    mov     80(%rsp), %rdi          /* vector */
    lea     80(%rsp), %rsi          /* vector, error, rip, cs, rflags, rsp, ss */
    mov     %rsp, %rbx
    and     $-16, %rsp
    call    board_x86_trap
    mov     %rbx, %rsp
    pop     %r11
    pop     %r10
    pop     %r9
    pop     %r8
    pop     %rdi
    pop     %rsi
    pop     %rdx
    pop     %rcx
    pop     %rbx
    pop     %rax
    add     $16, %rsp
    iretq
