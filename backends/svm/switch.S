/* svm_enter_guest(vmcb_pa, gpr, host_save_pa): with GIF clear, VMSAVEs the
 * host's FS, GS, TR, LDTR, KernelGSBase, STAR/LSTAR/CSTAR/SFMASK and
 * SYSENTER_CS/ESP/EIP to the per-CPU page at host_save_pa and VMLOADs the
 * guest's from the VMCB; loads the guest's general registers (RAX and RSP
 * come from the VMCB), VMRUNs, saves them back after #VMEXIT, VMSAVEs the
 * guest's state to the VMCB and VMLOADs the host's, sets GIF again and
 * returns. Host callee-saved registers are preserved.
 *
 * The host's RFLAGS.IF is set across VMRUN (with GIF clear, so nothing is
 * taken here): with V_INTR_MASKING, a physical interrupt during the guest is
 * then an INTR #VMEXIT. After the exit IF is cleared before GIF is set, so the
 * interrupt stays pending until the host enables interrupts itself. No
 * interrupt or NMI can see the guest's FS/GS/TR on the host: GIF stays clear
 * from the first VMSAVE to the last VMLOAD. */
    .text
    .global svm_enter_guest
svm_enter_guest:
    push    %rbx
    push    %rbp
    push    %r12
    push    %r13
    push    %r14
    push    %r15
    push    %rdx                    /* host save area */
    push    %rsi                    /* gpr array */
    clgi
    mov     %rdx, %rax
    vmsave  %rax                    /* host state → per-CPU page */
    mov     %rdi, %rax              /* VMCB physical address */
    vmload  %rax                    /* guest state ← VMCB */
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
    sti
    vmrun   %rax
    cli
    vmsave  %rax                    /* guest state → VMCB (RAX is the host's again) */
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
    pop     %rax                    /* host save area */
    vmload  %rax                    /* host state ← per-CPU page */
    stgi
    pop     %r15
    pop     %r14
    pop     %r13
    pop     %r12
    pop     %rbp
    pop     %rbx
    ret
