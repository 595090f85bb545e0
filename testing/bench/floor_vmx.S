/* The VMX floor: a minimal hand-written exit handler, installed as the
 * VMCS's HOST_RIP for the floor half of each benchmark (floor_vmx.c).
 *
 * uint64_t bench_floor_vmx(uint64_t *gpr, uint64_t n, uint64_t reason,
 *                          uint64_t len)
 *
 * Points HOST_RSP at its argument frame and HOST_RIP at its own exit entry,
 * then n times: loads the guest's general registers from gpr[] (RSP lives in
 * the VMCS), VMRESUMEs, saves them back at the exit, checks that the basic
 * exit reason is `reason` and advances GUEST_RIP by `len`. Returns the round
 * trips left undone (0 unless an unexpected exit or a failed VMRESUME stopped
 * it). The caller puts the backend's HOST_RIP back. */
#define VMCS_EXIT_REASON 0x4402
#define VMCS_GUEST_RIP 0x681e
#define VMCS_HOST_RSP 0x6c14
#define VMCS_HOST_RIP 0x6c16
/* The argument frame, at HOST_RSP. */
#define ARG_GPR 0
#define ARG_N 8
#define ARG_REASON 16
#define ARG_LEN 24

    .text
    .global bench_floor_vmx
bench_floor_vmx:
    push    %rbx
    push    %rbp
    push    %r12
    push    %r13
    push    %r14
    push    %r15
    push    %rcx
    push    %rdx
    push    %rsi
    push    %rdi
    mov     $VMCS_HOST_RSP, %eax
    vmwrite %rsp, %rax
    lea     floor_vmx_exit(%rip), %rdx
    mov     $VMCS_HOST_RIP, %eax
    vmwrite %rdx, %rax
.Lenter:
    mov     ARG_GPR(%rsp), %rdi
    mov     0(%rdi), %rax
    mov     8(%rdi), %rcx
    mov     16(%rdi), %rdx
    mov     24(%rdi), %rbx
    mov     40(%rdi), %rbp
    mov     48(%rdi), %rsi
    mov     64(%rdi), %r8
    mov     72(%rdi), %r9
    mov     80(%rdi), %r10
    mov     88(%rdi), %r11
    mov     96(%rdi), %r12
    mov     104(%rdi), %r13
    mov     112(%rdi), %r14
    mov     120(%rdi), %r15
    mov     56(%rdi), %rdi
    vmresume
    jmp     .Lout                   /* VMRESUME failed: n stays non-zero */

floor_vmx_exit:                     /* %rsp = HOST_RSP = the argument frame */
    push    %rdi
    mov     (ARG_GPR + 8)(%rsp), %rdi
    mov     %rax, 0(%rdi)
    mov     %rcx, 8(%rdi)
    mov     %rdx, 16(%rdi)
    mov     %rbx, 24(%rdi)
    mov     %rbp, 40(%rdi)
    mov     %rsi, 48(%rdi)
    mov     %r8, 64(%rdi)
    mov     %r9, 72(%rdi)
    mov     %r10, 80(%rdi)
    mov     %r11, 88(%rdi)
    mov     %r12, 96(%rdi)
    mov     %r13, 104(%rdi)
    mov     %r14, 112(%rdi)
    mov     %r15, 120(%rdi)
    pop     %rax
    mov     %rax, 56(%rdi)
    mov     $VMCS_EXIT_REASON, %eax
    vmread  %rax, %rcx
    and     $0xffff, %ecx
    cmp     ARG_REASON(%rsp), %rcx
    jne     .Lout
    mov     $VMCS_GUEST_RIP, %eax
    vmread  %rax, %rcx
    add     ARG_LEN(%rsp), %rcx
    vmwrite %rcx, %rax
    decq    ARG_N(%rsp)
    jnz     .Lenter
.Lout:
    mov     ARG_N(%rsp), %rax
    add     $32, %rsp
    pop     %r15
    pop     %r14
    pop     %r13
    pop     %r12
    pop     %rbp
    pop     %rbx
    ret
