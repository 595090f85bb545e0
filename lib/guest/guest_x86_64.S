/* x86_64 guest entry trampolines, interrupt stubs and the late-mapped function. */
    .text
    /* rdi = fn, rsi = stack top, rdx = arg: run fn(arg) on that stack. */
    .global guest_x86_64_entry
guest_x86_64_entry:
    mov     %rsi, %rsp
    sub     $8, %rsp
    mov     %rdx, %rsi
    jmp     guest_run_function      /* guest_run_function(fn, arg) */

    /* Secondary vCPUs: the start block is in guest_x86_64_start_mailbox. */
guest_x86_64_secondary:
    mov     guest_x86_64_start_mailbox(%rip), %rax
    mov     0(%rax), %rdi
    mov     8(%rax), %rsi
    mov     16(%rax), %rdx
    jmp     guest_x86_64_entry

    .global guest_x86_64_sipi_stub
    .global guest_x86_64_sipi_stub_end
guest_x86_64_sipi_stub:
    movabs  $guest_x86_64_secondary, %rax
    jmp     *%rax
guest_x86_64_sipi_stub_end:

/* One 16-byte entry per exception vector 0..31, at guest_x86_64_exception_stubs
 * + 16 * v: each leaves {vector, error code (0 if the CPU pushes none), rip}
 * on the stack and reports it (never returns). */
    .balign 16
    .global guest_x86_64_exception_stubs
guest_x86_64_exception_stubs:
    .set    vector, 0
    .rept   32
    .balign 16
    .if (vector == 8) || (vector >= 10 && vector <= 14) || (vector == 17) || (vector == 21) || (vector == 29) || (vector == 30)
    .else
    push    $0
    .endif
    push    $vector
    jmp     exception_common
    .set    vector, vector + 1
    .endr

exception_common:
    pop     %rdi                    /* vector */
    pop     %rdx                    /* error code */
    mov     (%rsp), %rsi            /* rip */
    and     $-16, %rsp
    call    guest_report_exception

/* One 16-byte stub per vector 32..255, at guest_x86_64_irq_stubs + 16 * (v - 32). */
    .balign 16
    .global guest_x86_64_irq_stubs
guest_x86_64_irq_stubs:
    .set    vector, 32
    .rept   224
    .balign 16
    push    %rax
    mov     $vector, %eax
    jmp     irq_common
    .set    vector, vector + 1
    .endr

irq_common:
    push    %rcx
    push    %rdx
    push    %rsi
    push    %rdi
    push    %r8
    push    %r9
    push    %r10
    push    %r11
    mov     %rax, %rdi
    call    guest_x86_64_interrupt
    pop     %r11
    pop     %r10
    pop     %r9
    pop     %r8
    pop     %rdi
    pop     %rsi
    pop     %rdx
    pop     %rcx
    pop     %rax
    iretq

/* User mode (guest_x86_64.h). guest_x86_run_user(fn, arg, user stack top):
 * saves the kernel context, enters fn(arg) at CPL 3 by IRETQ. */
    .global guest_x86_run_user
guest_x86_run_user:
    push    %rbx
    push    %rbp
    push    %r12
    push    %r13
    push    %r14
    push    %r15
    pushfq
    mov     %rsp, kernel_rsp(%rip)
    pushq   $0x1b                   /* SS: user data | RPL 3 */
    push    %rdx                    /* RSP */
    pushfq                          /* RFLAGS */
    pushq   $0x23                   /* CS: user code | RPL 3 */
    push    %rdi                    /* RIP */
    mov     %rsi, %rdi
    iretq

    /* guest_x86_64_leave_user(value), at CPL 0: back to run_user's caller. */
    .global guest_x86_64_leave_user
guest_x86_64_leave_user:
    mov     kernel_rsp(%rip), %rsp
    mov     $0x10, %eax
    mov     %eax, %ss
    mov     %eax, %ds
    mov     %eax, %es
    mov     %rdi, %rax
    popfq
    pop     %r15
    pop     %r14
    pop     %r13
    pop     %r12
    pop     %rbp
    pop     %rbx
    ret

    /* SYSCALL from user mode (RAX = nr, RDI = arg; RCX = RIP, R11 = RFLAGS):
     * on the kernel stack, guest_x86_64_system_call(nr, arg, 0), SYSRET. */
    .global guest_x86_64_syscall_entry
guest_x86_64_syscall_entry:
    mov     %rsp, user_rsp(%rip)
    mov     guest_x86_64_rsp0(%rip), %rsp
    pushq   user_rsp(%rip)
    push    %rcx
    push    %r11
    push    %rdi
    push    %rsi
    push    %rdx
    push    %r8
    push    %r9
    push    %r10
    sub     $8, %rsp
    mov     %rdi, %rsi
    mov     %rax, %rdi
    xor     %edx, %edx
    call    guest_x86_64_system_call
    add     $8, %rsp
    pop     %r10
    pop     %r9
    pop     %r8
    pop     %rdx
    pop     %rsi
    pop     %rdi
    pop     %r11
    pop     %rcx
    pop     %rsp
    sysretq

    /* INT 0x80 from user mode (on RSP0 from the TSS): the same call with
     * via_int = 1, then IRETQ. */
    .global guest_x86_64_int80_entry
guest_x86_64_int80_entry:
    push    %rdi
    push    %rsi
    push    %rdx
    push    %rcx
    push    %r8
    push    %r9
    push    %r10
    push    %r11
    sub     $8, %rsp
    mov     %rdi, %rsi
    mov     %rax, %rdi
    mov     $1, %edx
    call    guest_x86_64_system_call
    add     $8, %rsp
    pop     %r11
    pop     %r10
    pop     %r9
    pop     %r8
    pop     %rcx
    pop     %rdx
    pop     %rsi
    pop     %rdi
    iretq

    .bss
    .balign 8
kernel_rsp:
    .skip   8
user_rsp:
    .skip   8

    .section .rodata
    .balign 4
    .global guest_return_magic
    .global guest_return_magic_size
guest_return_magic:
    mov     $0x600dcafe, %eax
    ret
guest_return_magic_end:
    .balign 4
guest_return_magic_size:
    .long   guest_return_magic_end - guest_return_magic
