/* The SVM floor: a minimal hand-written exit handler, run instead of
 * vcpu_run() for the floor half of each benchmark (floor_svm.c).
 *
 * uint64_t bench_floor_svm(uint64_t vmcb_pa, uint64_t *gpr, uint8_t *vmcb,
 *                          uint64_t n, uint64_t exitcode, uint64_t len)
 *
 * n times: loads the guest's general registers from gpr[] (RAX and RSP live
 * in the VMCB, as in the backend), VMRUNs, saves them back, checks that the
 * exit code is `exitcode` and advances the guest RIP by `len`. Returns the
 * round trips left undone (0 unless an unexpected exit stopped it; that exit
 * is then left for the backend). */
#define VMCB_EXITCODE 0x070
#define VMCB_RIP 0x578
/* The argument frame, from %rsp between round trips. */
#define ARG_PA 0
#define ARG_N 8
#define ARG_VMCB 16
#define ARG_EXITCODE 24
#define ARG_LEN 32

    .text
    .global bench_floor_svm
bench_floor_svm:
    push    %rbx
    push    %rbp
    push    %r12
    push    %r13
    push    %r14
    push    %r15
    push    %r9
    push    %r8
    push    %rdx
    push    %rcx
    push    %rdi
.Lfloor_loop:
    push    %rsi                    /* gpr array */
    mov     (ARG_PA + 8)(%rsp), %rax
    mov     8(%rsi), %rcx
    mov     16(%rsi), %rdx
    mov     24(%rsi), %rbx
    mov     40(%rsi), %rbp
    mov     56(%rsi), %rdi
    mov     64(%rsi), %r8
    mov     72(%rsi), %r9
    mov     80(%rsi), %r10
    mov     88(%rsi), %r11
    mov     96(%rsi), %r12
    mov     104(%rsi), %r13
    mov     112(%rsi), %r14
    mov     120(%rsi), %r15
    mov     48(%rsi), %rsi
    clgi
    sti
    vmrun   %rax
    cli
    xchg    %rsi, (%rsp)            /* rsi = gpr array, stack = guest rsi */
    mov     %rcx, 8(%rsi)
    mov     %rdx, 16(%rsi)
    mov     %rbx, 24(%rsi)
    mov     %rbp, 40(%rsi)
    mov     %rdi, 56(%rsi)
    mov     %r8, 64(%rsi)
    mov     %r9, 72(%rsi)
    mov     %r10, 80(%rsi)
    mov     %r11, 88(%rsi)
    mov     %r12, 96(%rsi)
    mov     %r13, 104(%rsi)
    mov     %r14, 112(%rsi)
    mov     %r15, 120(%rsi)
    pop     %rax
    mov     %rax, 48(%rsi)
    stgi
    mov     ARG_VMCB(%rsp), %rax
    mov     VMCB_EXITCODE(%rax), %rcx
    cmp     ARG_EXITCODE(%rsp), %rcx
    jne     .Lfloor_out
    mov     ARG_LEN(%rsp), %rcx
    add     %rcx, VMCB_RIP(%rax)
    decq    ARG_N(%rsp)
    jnz     .Lfloor_loop
.Lfloor_out:
    mov     ARG_N(%rsp), %rax
    add     $40, %rsp
    pop     %r15
    pop     %r14
    pop     %r13
    pop     %r12
    pop     %rbp
    pop     %rbx
    ret
