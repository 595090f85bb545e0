/* ISA-independent parts of the guest library. */
#include "guest.h"

void guest_ucall(uint64_t kind, uint64_t arg0, uint64_t arg1, uint64_t arg2)
{
    guest_hypercall(GUEST_UCALL_NR, kind, arg0, arg1, arg2, 0, 0);
}

/* Called by the entry trampoline. */
void guest_run_function(void (*fn)(uint64_t), uint64_t arg)
{
    guest_arch_init();
    fn(arg);
    for (;;)
        GUEST_DONE();
}

/* Called by the per-ISA exception vectors: reports and stays put. */
_Noreturn void guest_report_exception(uint64_t code, uint64_t pc, uint64_t detail)
{
    for (;;) {
        guest_ucall(GUEST_UCALL_EXCEPTION, code, pc, detail);
        guest_halt();
    }
}

_Noreturn void guest_spin(void)
{
    for (;;)
        __asm__ volatile("" ::: "memory");
}
