/* aarch64 guest loops of the exit-cost benchmark (EL1, MMU off). Each runs
 * its trapping instruction x0 times and returns the PMCCNTR_EL0 delta, which
 * counts instructions at EL1 and EL2 under QEMU -icount shift=0 (see
 * bench_counter_init()). The loop's own subs/b.ne are part of every figure. */
#define BENCH_HYPERCALL_NR 0x100

.macro counter_start
    isb
    mrs     x10, pmccntr_el0
.endm

.macro counter_stop
    isb
    mrs     x11, pmccntr_el0
    sub     x0, x11, x10
    ret
.endm

    .text
    .global bench_guest_hypercall
bench_guest_hypercall:
    mov     x9, x0
    counter_start
1:  mov     x0, #BENCH_HYPERCALL_NR
    hvc     #0
    subs    x9, x9, #1
    b.ne    1b
    counter_stop

    .global bench_guest_mmio_write
bench_guest_mmio_write:
    mov     x9, x0
    mov     x2, #0x5a
    counter_start
1:  str     w2, [x1]
    subs    x9, x9, #1
    b.ne    1b
    counter_stop

    .global bench_guest_mmio_read
bench_guest_mmio_read:
    mov     x9, x0
    counter_start
1:  ldr     w2, [x1]
    subs    x9, x9, #1
    b.ne    1b
    counter_stop

    .global bench_guest_sysreg_read
bench_guest_sysreg_read:
    mov     x9, x0
    counter_start
1:  mrs     x2, actlr_el1
    subs    x9, x9, #1
    b.ne    1b
    counter_stop

    .global bench_guest_halt
bench_guest_halt:
    mov     x9, x0
    counter_start
1:  wfi
    subs    x9, x9, #1
    b.ne    1b
    counter_stop
