/* The VMM's console: its own messages and the guests' output, line by line,
 * without interleaving characters of different CPUs. */
#include "examples/vmm/vmm.h"

#include <board/print.h>

static volatile uint32_t output_lock;

static void lock_output(void)
{
    while (__atomic_exchange_n(&output_lock, 1, __ATOMIC_ACQUIRE))
        ;
}

static void unlock_output(void)
{
    __atomic_store_n(&output_lock, 0, __ATOMIC_RELEASE);
}

void vmm_printf(const struct vmm_vm *vm, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    lock_output();
    board_printf("%s: ", vm->name);
    board_vprintf(fmt, ap);
    unlock_output();
    va_end(ap);
}

/* Prints the buffered line of `vv` (possibly empty) and empties it. */
static void print_line(struct vmm_vcpu *vv)
{
    lock_output();
    if (vv->vm->label_console)
        board_printf("[vCPU %u] ", vv->index);
    board_write(vv->line, vv->line_len);
    board_putc('\n');
    unlock_output();
    vv->line_len = 0;
}

void vmm_console_flush(struct vmm_vcpu *vv)
{
    if (vv->line_len != 0)
        print_line(vv);
}

void vmm_console_putc(struct vmm_vcpu *vv, char c)
{
    if (c == '\r')
        return;
    if (c == '\n') {
        print_line(vv);
        return;
    }
    vv->line[vv->line_len++] = c;
    if (vv->line_len == sizeof(vv->line))
        print_line(vv);
}

void vmm_console_output(void *vm, uint32_t vcpu, char c)
{
    struct vmm_vm *v = vm;
    if (vcpu < v->vcpu_count)
        vmm_console_putc(&v->vcpus[vcpu], c);
}
