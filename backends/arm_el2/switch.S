/* The world switch and the backend's EL2 vector table.
 *
 * arm_el2_enter_guest(ctx) saves the host's callee-saved registers and SP in
 * ctx (struct arm_el2_cpu_context, also in TPIDR_EL2), loads the guest's
 * registers from ctx->guest and ERETs. An exception from the guest lands in a
 * lower-EL vector, which saves the guest's registers into ctx->guest, restores
 * the host's, and returns from arm_el2_enter_guest() with the vector kind
 * (0 sync, 1 IRQ, 2 FIQ, 3 SError). Current-EL exceptions belong to the host:
 * IRQs go to vcpu_arm_el2_host_irq(), anything else to vcpu_arm_el2_host_fault().
 */
#define CTX_HOST_SP 96
#define CTX_GUEST 104
#define REGS_PC 248
#define REGS_SPSR 256

    .text
    .global arm_el2_enter_guest
arm_el2_enter_guest:
    stp     x19, x20, [x0, #0]
    stp     x21, x22, [x0, #16]
    stp     x23, x24, [x0, #32]
    stp     x25, x26, [x0, #48]
    stp     x27, x28, [x0, #64]
    stp     x29, x30, [x0, #80]
    mov     x1, sp
    str     x1, [x0, #CTX_HOST_SP]
    ldr     x1, [x0, #CTX_GUEST]
    ldr     x2, [x1, #REGS_PC]
    msr     elr_el2, x2
    ldr     x2, [x1, #REGS_SPSR]
    msr     spsr_el2, x2
    ldp     x2, x3, [x1, #16]
    ldp     x4, x5, [x1, #32]
    ldp     x6, x7, [x1, #48]
    ldp     x8, x9, [x1, #64]
    ldp     x10, x11, [x1, #80]
    ldp     x12, x13, [x1, #96]
    ldp     x14, x15, [x1, #112]
    ldp     x16, x17, [x1, #128]
    ldp     x18, x19, [x1, #144]
    ldp     x20, x21, [x1, #160]
    ldp     x22, x23, [x1, #176]
    ldp     x24, x25, [x1, #192]
    ldp     x26, x27, [x1, #208]
    ldp     x28, x29, [x1, #224]
    ldr     x30, [x1, #240]
    ldp     x0, x1, [x1, #0]
    eret

/* x0 = vector kind; the guest's registers are saved. */
exit_to_host:
    mrs     x1, tpidr_el2
    ldp     x19, x20, [x1, #0]
    ldp     x21, x22, [x1, #16]
    ldp     x23, x24, [x1, #32]
    ldp     x25, x26, [x1, #48]
    ldp     x27, x28, [x1, #64]
    ldp     x29, x30, [x1, #80]
    ldr     x2, [x1, #CTX_HOST_SP]
    mov     sp, x2
    ret

.macro guest_exit kind
    .balign 0x80
    stp     x0, x1, [sp, #-16]!
    mrs     x0, tpidr_el2
    ldr     x0, [x0, #CTX_GUEST]
    stp     x2, x3, [x0, #16]
    stp     x4, x5, [x0, #32]
    stp     x6, x7, [x0, #48]
    stp     x8, x9, [x0, #64]
    stp     x10, x11, [x0, #80]
    stp     x12, x13, [x0, #96]
    stp     x14, x15, [x0, #112]
    stp     x16, x17, [x0, #128]
    stp     x18, x19, [x0, #144]
    b       guest_exit_rest_\kind
.endm

.macro guest_exit_rest kind
guest_exit_rest_\kind:
    stp     x20, x21, [x0, #160]
    stp     x22, x23, [x0, #176]
    stp     x24, x25, [x0, #192]
    stp     x26, x27, [x0, #208]
    stp     x28, x29, [x0, #224]
    str     x30, [x0, #240]
    ldp     x2, x3, [sp], #16
    stp     x2, x3, [x0, #0]
    mrs     x1, elr_el2
    str     x1, [x0, #REGS_PC]
    mrs     x1, spsr_el2
    str     x1, [x0, #REGS_SPSR]
    mov     x0, #\kind
    b       exit_to_host
.endm

.macro host_fault slot
    .balign 0x80
    mov     x0, #\slot
    b       vcpu_arm_el2_host_fault
.endm

/* A host IRQ at EL2: save the caller-saved state and call the host hook. */
.macro host_irq
    .balign 0x80
    sub     sp, sp, #(22 * 8)
    stp     x0, x1, [sp, #0]
    stp     x2, x3, [sp, #16]
    stp     x4, x5, [sp, #32]
    stp     x6, x7, [sp, #48]
    stp     x8, x9, [sp, #64]
    stp     x10, x11, [sp, #80]
    stp     x12, x13, [sp, #96]
    stp     x14, x15, [sp, #112]
    b       host_irq_rest
.endm

    .balign 0x800
    .global arm_el2_vectors
arm_el2_vectors:
    host_fault 0    /* current EL, SP_EL0 */
    host_fault 1
    host_fault 2
    host_fault 3
    host_fault 4    /* current EL, SP_ELx: sync */
    host_irq        /* IRQ */
    host_fault 6
    host_fault 7
    guest_exit 0    /* lower EL, AArch64: sync */
    guest_exit 1    /* IRQ */
    guest_exit 2    /* FIQ */
    guest_exit 3    /* SError */
    host_fault 12   /* lower EL, AArch32: not supported */
    host_fault 13
    host_fault 14
    host_fault 15

    guest_exit_rest 0
    guest_exit_rest 1
    guest_exit_rest 2
    guest_exit_rest 3

host_irq_rest:
    stp     x16, x17, [sp, #128]
    stp     x18, x30, [sp, #144]
    mrs     x0, elr_el2
    mrs     x1, spsr_el2
    stp     x0, x1, [sp, #160]
    bl      vcpu_arm_el2_host_irq
    ldp     x0, x1, [sp, #160]
    msr     elr_el2, x0
    msr     spsr_el2, x1
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
