/* x86_64 guest loops of the exit-cost benchmark (64-bit guest on identity
 * page tables). Each runs its trapping instruction rdi times and returns the
 * TSC delta, which under QEMU -icount shift=0 counts one per instruction
 * executed. The loop's own dec/jnz are part of every figure.
 * bench_guest_insn_len[kind] is the length of each loop's trapping
 * instruction (the floor advances RIP by it). */
#define BENCH_HYPERCALL_NR 0x100
#ifdef BENCH_X86_VMCALL
#define HYPERCALL vmcall /* Intel VMX */
#else
#define HYPERCALL vmmcall /* AMD SVM */
#endif
#define TRAPPED_MSR 0x40000100 /* X86_TRAPPED_MSR */

.macro counter_start
    rdtsc
    shl     $32, %rdx
    or      %rdx, %rax
    mov     %rax, %r10
.endm

.macro counter_stop
    rdtsc
    shl     $32, %rdx
    or      %rdx, %rax
    sub     %r10, %rax
    ret
.endm

    .text
    .global bench_guest_hypercall
bench_guest_hypercall:
    mov     %rdi, %r9
    counter_start
1:  mov     $BENCH_HYPERCALL_NR, %eax
.Lhypercall_insn:
    HYPERCALL
.Lhypercall_end:
    dec     %r9
    jnz     1b
    counter_stop

    .global bench_guest_mmio_write
bench_guest_mmio_write:
    mov     %rdi, %r9
    mov     $0x5a, %ecx
    counter_start
.Lmmio_write_insn:
    movl    %ecx, (%rsi)
.Lmmio_write_end:
    dec     %r9
    jnz     .Lmmio_write_insn
    counter_stop

    .global bench_guest_mmio_read
bench_guest_mmio_read:
    mov     %rdi, %r9
    counter_start
.Lmmio_read_insn:
    movl    (%rsi), %ecx
.Lmmio_read_end:
    dec     %r9
    jnz     .Lmmio_read_insn
    counter_stop

    .global bench_guest_sysreg_read
bench_guest_sysreg_read:
    mov     %rdi, %r9
    counter_start
    mov     %rax, %r11
    mov     $TRAPPED_MSR, %ecx
.Lsysreg_read_insn:
    rdmsr
.Lsysreg_read_end:
    dec     %r9
    jnz     .Lsysreg_read_insn
    rdtsc
    shl     $32, %rdx
    or      %rdx, %rax
    sub     %r11, %rax
    ret

    .global bench_guest_halt
bench_guest_halt:
    mov     %rdi, %r9
    counter_start
.Lhalt_insn:
    hlt
.Lhalt_end:
    dec     %r9
    jnz     .Lhalt_insn
    counter_stop

    .section .rodata
    .global bench_guest_insn_len
bench_guest_insn_len:
    .byte   .Lhypercall_end - .Lhypercall_insn
    .byte   .Lmmio_write_end - .Lmmio_write_insn
    .byte   .Lmmio_read_end - .Lmmio_read_insn
    .byte   .Lsysreg_read_end - .Lsysreg_read_insn
    .byte   .Lhalt_end - .Lhalt_insn
