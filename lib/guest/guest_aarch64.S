/* aarch64 guest entry trampoline, exception vectors, the late-mapped
 * function, FP/SIMD and EL0 helpers (guest_aarch64.h). */
    .arch   armv8-a+simd
    .text
    /* x0 = fn, x1 = stack top, x2 = arg: run fn(arg) on that stack. */
    .global guest_aarch64_entry
guest_aarch64_entry:
    mov     sp, x1
    mov     x1, x2
    b       guest_run_function      /* guest_run_function(fn, arg) */

    /* PSCI CPU_ON context in x0: a struct guest_start. */
    .global guest_aarch64_secondary_entry
guest_aarch64_secondary_entry:
    ldr     x1, [x0, #8]
    ldr     x2, [x0, #16]
    ldr     x0, [x0, #0]
    b       guest_aarch64_entry

    .global guest_return_magic
    .global guest_return_magic_size
    .section .rodata
    .balign 4
guest_return_magic:
    movz    x0, #0xcafe
    movk    x0, #0x600d, lsl #16
    ret
guest_return_magic_end:
    .balign 4
guest_return_magic_size:
    .word   guest_return_magic_end - guest_return_magic

    .text
    .balign 0x800
    .global guest_aarch64_vectors
guest_aarch64_vectors:
    .rept 4
    .balign 0x80
    b       .
    .endr
    .balign 0x80            /* current EL with SP_ELx: synchronous */
    b       guest_sync_entry
    .balign 0x80            /* current EL with SP_ELx: IRQ */
    b       guest_irq_entry
    .rept 2
    .balign 0x80
    b       .
    .endr
    .balign 0x80            /* lower EL, AArch64: synchronous (EL0's SVC, faults) */
    b       guest_lower_sync_entry
    .rept 7
    .balign 0x80
    b       .
    .endr

    /* The guest's own synchronous exception: report it (never returns). */
guest_sync_entry:
    mrs     x0, esr_el1
    mrs     x1, elr_el1
    mrs     x2, far_el1
    b       guest_report_exception

    /* An exception from EL0: report it with SPSR_EL1 (never returns). */
guest_lower_sync_entry:
    mrs     x0, esr_el1
    mrs     x1, elr_el1
    mrs     x2, spsr_el1
    b       guest_report_exception

guest_irq_entry:
    sub     sp, sp, #(22 * 8)
    stp     x0, x1, [sp, #0]
    stp     x2, x3, [sp, #16]
    stp     x4, x5, [sp, #32]
    stp     x6, x7, [sp, #48]
    stp     x8, x9, [sp, #64]
    stp     x10, x11, [sp, #80]
    stp     x12, x13, [sp, #96]
    stp     x14, x15, [sp, #112]
    stp     x16, x17, [sp, #128]
    stp     x18, x30, [sp, #144]
    mrs     x0, elr_el1
    mrs     x1, spsr_el1
    stp     x0, x1, [sp, #160]
    bl      guest_aarch64_irq
    ldp     x0, x1, [sp, #160]
    msr     elr_el1, x0
    msr     spsr_el1, x1
    ldp     x0, x1, [sp, #0]
    ldp     x2, x3, [sp, #16]
    ldp     x4, x5, [sp, #32]
    ldp     x6, x7, [sp, #48]
    ldp     x8, x9, [sp, #64]
    ldp     x10, x11, [sp, #80]
    ldp     x12, x13, [sp, #96]
    ldp     x14, x15, [sp, #112]
    ldp     x16, x17, [sp, #128]
    ldp     x18, x30, [sp, #144]
    add     sp, sp, #(22 * 8)
    eret

    .text
    .global guest_fpsimd_write
guest_fpsimd_write:
    mrs     x1, cpacr_el1
    orr     x1, x1, #(3 << 20)      /* FPEN: no EL1/EL0 trap */
    msr     cpacr_el1, x1
    isb
    fmov    d0, x0
    mvn     x1, x0
    fmov    d31, x1
    ret

    .global guest_fpsimd_read
guest_fpsimd_read:
    fmov    x0, d0
    fmov    x1, d31
    mvn     x1, x1
    cmp     x0, x1
    b.eq    1f
    movz    x0, #0x70a7
    movk    x0, #0xa70a, lsl #16
    movk    x0, #0x0a70, lsl #32
    movk    x0, #0x70a7, lsl #48
1:  ret

    /* x0 = fn, x1 = arg, x2 = EL0 stack top. */
    .global guest_enter_el0
guest_enter_el0:
    msr     sp_el0, x2
    msr     elr_el1, x0
    mov     x0, #0x3c0              /* EL0t, DAIF masked */
    msr     spsr_el1, x0
    mov     x0, x1
    isb
    eret
