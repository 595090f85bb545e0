/* Proves the public headers compile as C11 (the other suites are C++17) and
 * that a plain C program links //core:vcpu and nothing else. */
#include <vcpu/fake.h>
#include <vcpu/vcpu.h>

int main(void)
{
    static struct vcpu v;
    struct vcpu_exit exit = {.reason = VCPU_EXIT_HYPERCALL};
    exit.hypercall.nr = 1;
    if (vcpu_init(&v, 1, 0, -1, 0, NULL) != VCPU_OK)
        return 1;
    if (vcpu_state(&v) != VCPU_STATE_CREATED || !vcpu_is_bsp(&v))
        return 2;
    return vcpu_exit_is_read(exit.reason) ? 3 : 0;
}
