/* vmx_enter_guest(gpr, launched): loads the guest's general registers from
 * gpr[] (RSP comes from the VMCS), VMLAUNCHes (launched == 0) or VMRESUMEs.
 * The VM exit lands at vmx_exit_point (HOST_RIP) with RSP = HOST_RSP, which
 * is written here to point at the saved gpr pointer; the guest's registers go
 * back to gpr[] and 0 (VMX_ENTERED) is returned. If the instruction fails,
 * returns 1 (VMfailInvalid, CF) or 2 (VMfailValid, ZF). Host callee-saved
 * registers are preserved either way. */
    .text
    .global vmx_enter_guest
vmx_enter_guest:
    push    %rbx
    push    %rbp
    push    %r12
    push    %r13
    push    %r14
    push    %r15
    push    %rdi                    /* gpr array, at HOST_RSP */
    mov     $0x6c14, %eax           /* VMCS_HOST_RSP */
    vmwrite %rsp, %rax
    test    %esi, %esi
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
    mov     56(%rdi), %rdi          /* mov leaves the flags of the test alone */
    jnz     1f
    vmlaunch
    jmp     2f
1:  vmresume
2:  mov     $1, %eax                /* failed: CF means VMfailInvalid */
    jc      3f
    mov     $2, %eax                /* ZF: VMfailValid */
3:  add     $8, %rsp
    jmp     4f

    .global vmx_exit_point
vmx_exit_point:
    push    %rdi                    /* guest rdi; the gpr array is above it */
    mov     8(%rsp), %rdi
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
    add     $8, %rsp
    xor     %eax, %eax
4:  pop     %r15
    pop     %r14
    pop     %r13
    pop     %r12
    pop     %rbp
    pop     %rbx
    ret
