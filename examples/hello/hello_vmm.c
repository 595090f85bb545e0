/* The hello VMM: builds a VM whose memory is this image's RAM, runs the hello
 * guest on two vCPUs over the public vcpu API, emulates the UART and two
 * hypercalls, and prints the exit statistics when the guest powers off. */
#include <board/board.h>
#include <board/print.h>

#include "examples/hello/hello.h"
#include "examples/vmm/vmm.h"
#include "examples/vmm/vmm_arch.h"
#include "lib/guest/guest.h"

#define HELLO_VCPUS 2u
#define STACK_PAGES 4u

static struct vmm_vm vm;
static struct stage2 s2;
static uint64_t guest_stacks[HELLO_VCPUS];

static enum vmm_hypercall_result hello_hypercall(struct vmm_vm *m, struct vmm_vcpu *vv,
                                                 const struct vcpu_exit *exit)
{
    const uint64_t *a = exit->hypercall.args;
    switch (exit->hypercall.nr) {
    case HELLO_HYPERCALL_MULTIPLY:
        vmm_printf(m, "vCPU %u: hypercall MULTIPLY(%lu, %lu) -> %lu\n", vv->index, a[0], a[1],
                   a[0] * a[1]);
        vcpu_set_return_value(&vv->vcpu, a[0] * a[1]);
        return VMM_HYPERCALL_DONE;
    case HELLO_HYPERCALL_JOIN:
        if (a[0] == vv->index) { /* would wait for itself forever */
            vcpu_set_return_value(&vv->vcpu, ~0ull);
            return VMM_HYPERCALL_DONE;
        }
        /* Waits on this physical CPU while the other one runs the vCPU. */
        while (vmm_cpu_power(m, (uint32_t)a[0]) > VMM_POWER_OFF)
            ;
        vcpu_set_return_value(&vv->vcpu, 0);
        return VMM_HYPERCALL_DONE;
    default:
        return VMM_HYPERCALL_UNHANDLED;
    }
}

static void hello_boot_regs(struct vmm_vm *m, struct vcpu *v)
{
    (void)m;
    hello_arch_entry_regs(v, (uint64_t)(uintptr_t)hello_guest_main, guest_stacks[0],
                          guest_stacks[1]);
}

static int fail(const char *what, int rc)
{
    board_printf("hello: %s: %s\n", what, vcpu_strerror(rc));
    return BOARD_EXIT_FAIL;
}

int board_image_main(void)
{
    board_printf("hello: a VMM on the vcpu library, %s backend, %s, %u physical CPUs\n",
                 vmm_arch_backend, vmm_arch_machine, board_cpu_count());
    for (uint32_t i = 0; i < HELLO_VCPUS; i++) {
        uint8_t *stack = vcpu_host_alloc_pages(STACK_PAGES);
        if (stack == NULL)
            return fail("guest stacks", VCPU_ERR_NO_MEMORY);
        guest_stacks[i] = (uint64_t)(uintptr_t)(stack + STACK_PAGES * 4096);
    }
    int rc = stage2_init(&s2);
    if (rc != VCPU_OK)
        return fail("stage-2 tables", rc);
    rc = vmm_vm_init(&vm, "hello", 1, s2.root, HELLO_VCPUS);
    if (rc != VCPU_OK)
        return fail("creating the VM", rc);
    rc = hello_arch_map_ram(&s2, &vm);
    if (rc != VCPU_OK)
        return fail("mapping guest memory", rc);
    hello_arch_add_uart(&vm);
    vm.label_console = true;
    vm.hypercall = hello_hypercall;
    vm.boot_regs = hello_boot_regs;
    vmm_printf(&vm, "starting vCPU 0; the guest's UART output follows\n");
    vmm_run(&vm, guest_entry_point(), 0);
}
