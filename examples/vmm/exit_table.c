/* Printing the exit statistics as a table. */
#include "examples/vmm/exit_table.h"

#include <board/print.h>

#define NAME_WIDTH 22u
#define COLUMN_WIDTH 9u

static void pad(unsigned n)
{
    while (n-- > 0)
        board_putc(' ');
}

static void print_left(const char *s, unsigned width)
{
    unsigned n = 0;
    for (; s[n] != '\0'; n++)
        board_putc(s[n]);
    pad(width > n ? width - n : 1);
}

static void print_right(uint64_t v, unsigned width)
{
    char digits[24];
    unsigned n = 0;
    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    pad(width > n ? width - n : 1);
    while (n > 0)
        board_putc(digits[--n]);
}

static void collect(const struct vmm_vcpu *vv, struct vcpu_stats *out)
{
    vcpu_stats(&vv->vcpu, out);
    out->runs += vv->past.runs;
    for (unsigned r = 0; r < VCPU_EXIT_REASON_COUNT; r++)
        out->exits[r] += vv->past.exits[r];
}

void vmm_print_exit_table(const struct vmm_vm *vm)
{
    struct vcpu_stats stats[VMM_MAX_VCPUS];
    uint32_t n = vm->vcpu_count;
    for (uint32_t i = 0; i < n; i++)
        collect(&vm->vcpus[i], &stats[i]);

    board_printf("\n");
    print_left("exits by reason", NAME_WIDTH);
    for (uint32_t i = 0; i < n; i++) {
        pad(COLUMN_WIDTH - 6);
        board_printf("vCPU %u", i);
    }
    pad(COLUMN_WIDTH - 5);
    board_printf("total\n");
    for (unsigned r = 0; r < VCPU_EXIT_REASON_COUNT; r++) {
        uint64_t total = 0;
        for (uint32_t i = 0; i < n; i++)
            total += stats[i].exits[r];
        if (total == 0)
            continue;
        print_left(vcpu_exit_reason_name((enum vcpu_exit_reason)r), NAME_WIDTH);
        for (uint32_t i = 0; i < n; i++)
            print_right(stats[i].exits[r], COLUMN_WIDTH);
        print_right(total, COLUMN_WIDTH);
        board_printf("\n");
    }
    uint64_t runs = 0;
    print_left("vcpu_run() calls", NAME_WIDTH);
    for (uint32_t i = 0; i < n; i++) {
        print_right(stats[i].runs, COLUMN_WIDTH);
        runs += stats[i].runs;
    }
    print_right(runs, COLUMN_WIDTH);
    board_printf("\n\n");
}
