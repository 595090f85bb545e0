/* The portable VMM: vCPU power cycles, the run loop and exit dispatch. */
#include "examples/vmm/vmm.h"

#include "examples/vmm/exit_table.h"
#include "examples/vmm/vmm_arch.h"

static struct vcpu_percpu percpus[BOARD_MAX_CPUS];
static uint32_t percpu_ready[BOARD_MAX_CPUS];
static uint32_t shutting_down;

_Noreturn void vmm_shutdown(struct vmm_vm *vm, int status, const char *why)
{
    if (__atomic_exchange_n(&shutting_down, 1, __ATOMIC_ACQ_REL) != 0) {
        for (;;) /* another CPU is ending the emulation */
            ;
    }
    for (uint32_t i = 0; i < vm->vcpu_count; i++)
        vmm_console_flush(&vm->vcpus[i]);
    vmm_printf(vm, "%s\n", why);
    vmm_print_exit_table(vm);
    vmm_printf(vm, "exit status %d\n", status);
    board_exit(status);
}

static void enable_this_cpu(void *unused)
{
    (void)unused;
    uint32_t cpu = board_cpu_id();
    if (vcpu_percpu_init(&percpus[cpu], cpu) == VCPU_OK &&
        vcpu_percpu_hardware_enable(&percpus[cpu]) == VCPU_OK)
        percpu_ready[cpu] = 1;
}

static bool enable_cpu(uint32_t cpu)
{
    if (percpu_ready[cpu])
        return true;
    if (cpu == board_cpu_id()) {
        enable_this_cpu(NULL);
    } else {
        if (!board_run_on_cpu(cpu, enable_this_cpu, NULL))
            return false;
        board_wait_cpu(cpu);
    }
    return percpu_ready[cpu] != 0;
}

/* (Re)creates vCPU `vv` powered off: FREE, so that firmware calls find it. */
static int create_vcpu(struct vmm_vcpu *vv, vcpu_gpa_t entry)
{
    struct vmm_vm *vm = vv->vm;
    /* A vCPU (re)starts from reset: release an earlier incarnation first
     * (nothing to do on the zeroed memory of a first start). */
    int rc = vcpu_destroy(&vv->vcpu);
    if (rc == VCPU_OK)
        rc = vcpu_init(&vv->vcpu, vm->id, vv->index, (int)vv->index, 1ull << vv->index, NULL);
    if (rc == VCPU_OK)
        rc = vcpu_setup(&vv->vcpu, entry, vm->stage2_root, vmm_arch_setup_config());
    return rc;
}

int vmm_vm_init(struct vmm_vm *vm, const char *name, vcpu_vm_id_t id, vcpu_hpa_t stage2_root,
                uint32_t vcpus)
{
    *vm = (struct vmm_vm){.name = name, .id = id, .stage2_root = stage2_root};
    vdev_bus_init(&vm->devices, vm->device_slots, VMM_MAX_DEVICES);
    if (vcpus == 0 || vcpus > VMM_MAX_VCPUS || vcpus > board_cpu_count())
        return VCPU_ERR_INVALID_ARG;
    vm->vcpu_count = vcpus;
    for (uint32_t i = 0; i < vcpus; i++) {
        if (!enable_cpu(i))
            return VCPU_ERR_NOT_SUPPORTED;
        struct vmm_vcpu *vv = &vm->vcpus[i];
        vv->vm = vm;
        vv->index = i;
        int rc = create_vcpu(vv, 0);
        if (rc != VCPU_OK)
            return rc;
    }
    return VCPU_OK;
}

/* A CPU_ON in progress on another CPU: the entry and argument are being written. */
#define POWER_CLAIMED 3u

enum vmm_cpu_on_result vmm_cpu_on(struct vmm_vm *vm, uint32_t index, vcpu_gpa_t entry, uint64_t arg)
{
    if (index >= vm->vcpu_count)
        return VMM_CPU_ON_INVALID;
    struct vmm_vcpu *vv = &vm->vcpus[index];
    uint32_t off = VMM_POWER_OFF;
    if (!__atomic_compare_exchange_n(&vv->power, &off, POWER_CLAIMED, false, __ATOMIC_ACQ_REL,
                                     __ATOMIC_ACQUIRE))
        return VMM_CPU_ON_ALREADY_ON;
    vv->start_entry = entry;
    vv->start_arg = arg;
    __atomic_store_n(&vv->power, VMM_POWER_STARTING, __ATOMIC_RELEASE);
    return VMM_CPU_ON_OK;
}

int vmm_cpu_power(const struct vmm_vm *vm, uint32_t index)
{
    if (index >= vm->vcpu_count)
        return -1;
    uint32_t p = __atomic_load_n(&vm->vcpus[index].power, __ATOMIC_ACQUIRE);
    return p == POWER_CLAIMED ? VMM_POWER_STARTING : (int)p;
}

static void handle_cpu_up(struct vmm_vcpu *vv, const struct vcpu_exit *exit)
{
    uint32_t index;
    enum vmm_cpu_on_result r = VMM_CPU_ON_INVALID;
    if (vmm_arch_cpu_index(exit->cpu_up.target_cpu, &index))
        r = vmm_cpu_on(vv->vm, index, exit->cpu_up.entry_point, exit->cpu_up.arg);
    vmm_arch_cpu_up_result(&vv->vcpu, r);
}

static _Noreturn void system_down(struct vmm_vcpu *vv, enum vcpu_system_down_kind kind)
{
    switch (kind) {
    case VCPU_SYSTEM_POWEROFF:
        vmm_shutdown(vv->vm, VMM_STATUS_POWEROFF, "the guest powered off");
    case VCPU_SYSTEM_RESET:
        vmm_shutdown(vv->vm, VMM_STATUS_RESET, "the guest asked for a reset; stopping instead");
    default:
        vmm_shutdown(vv->vm, VMM_STATUS_GUEST_FAILURE, "the guest reported a system failure");
    }
}

static _Noreturn void guest_error(struct vmm_vcpu *vv, const struct vcpu_exit *exit,
                                  const char *what)
{
    vmm_printf(vv->vm, "vCPU %u: %s (exit %s)\n", vv->index, what,
               vcpu_exit_reason_name(exit->reason));
    vmm_shutdown(vv->vm, VMM_STATUS_GUEST_ERROR, "stopping the guest");
}

static enum vmm_hypercall_result handle_hypercall(struct vmm_vcpu *vv, const struct vcpu_exit *exit)
{
    enum vmm_hypercall_result r = vmm_arch_hypercall(vv->vm, vv, exit);
    if (r == VMM_HYPERCALL_UNHANDLED && vv->vm->hypercall != NULL)
        r = vv->vm->hypercall(vv->vm, vv, exit);
    if (r == VMM_HYPERCALL_UNHANDLED) {
        if (vmm_worth_reporting(vv->vm))
            vmm_printf(vv->vm, "vCPU %u: unknown hypercall 0x%lx (returns -1)\n", vv->index,
                       exit->hypercall.nr);
        vcpu_set_return_value(&vv->vcpu, ~0ull);
        r = VMM_HYPERCALL_DONE;
    }
    return r;
}

/* Runs a powered-on vCPU until it turns itself off. */
static void run_until_off(struct vmm_vcpu *vv)
{
    struct vcpu *v = &vv->vcpu;
    for (;;) {
        struct vcpu_exit exit;
        int rc = vcpu_run(v, &exit);
        if (rc != VCPU_OK) {
            vmm_printf(vv->vm, "vCPU %u: vcpu_run failed: %s\n", vv->index, vcpu_strerror(rc));
            vmm_shutdown(vv->vm, VMM_STATUS_GUEST_ERROR, "stopping the guest");
        }
        switch (exit.reason) {
        case VCPU_EXIT_NOTHING:
        case VCPU_EXIT_HALT:
        case VCPU_EXIT_EXTERNAL_INTERRUPT:
            break;
        case VCPU_EXIT_MMIO_READ:
        case VCPU_EXIT_MMIO_WRITE:
        case VCPU_EXIT_IO_READ:
        case VCPU_EXIT_IO_WRITE:
            vmm_emulate_access(vv, &exit);
            break;
        case VCPU_EXIT_SYSREG_READ: /* a trapped register the guest may not see: RAZ */
            vcpu_complete_read(v, &exit, 0);
            break;
        case VCPU_EXIT_SYSREG_WRITE: /* ... and WI */
            break;
        case VCPU_EXIT_HYPERCALL:
            if (handle_hypercall(vv, &exit) == VMM_HYPERCALL_CPU_OFF)
                return;
            break;
        case VCPU_EXIT_CPU_UP:
            handle_cpu_up(vv, &exit);
            break;
        case VCPU_EXIT_CPU_DOWN:
            return;
        case VCPU_EXIT_SYSTEM_DOWN:
            system_down(vv, exit.system_down.kind);
        case VCPU_EXIT_SEND_IPI:
            vmm_arch_send_ipi(vv->vm, vv, &exit);
            break;
        case VCPU_EXIT_NESTED_PAGE_FAULT:
            vmm_printf(vv->vm, "vCPU %u: access to 0x%lx outside guest memory\n", vv->index,
                       exit.nested_page_fault.addr);
            guest_error(vv, &exit, "cannot emulate the access");
        default:
            guest_error(vv, &exit, "cannot handle this exit");
        }
    }
}

static bool all_off(const struct vmm_vm *vm)
{
    for (uint32_t i = 0; i < vm->vcpu_count; i++) {
        if (vmm_cpu_power(vm, i) != VMM_POWER_OFF)
            return false;
    }
    return true;
}

static void add_stats(struct vcpu_stats *sum, const struct vcpu_stats *s)
{
    sum->runs += s->runs;
    for (unsigned r = 0; r < VCPU_EXIT_REASON_COUNT; r++)
        sum->exits[r] += s->exits[r];
}

/* One power cycle of `vv` on its own physical CPU. */
static void power_cycle(struct vmm_vcpu *vv)
{
    struct vmm_vm *vm = vv->vm;
    struct vcpu *v = &vv->vcpu;
    int rc = create_vcpu(vv, vv->start_entry);
    if (rc == VCPU_OK) {
        if (vv->index == 0 && vm->boot_regs != NULL)
            vm->boot_regs(vm, v);
        else
            vmm_arch_start_regs(v, vv->start_arg);
        rc = vcpu_bind(v);
    }
    if (rc != VCPU_OK) {
        vmm_printf(vm, "vCPU %u: cannot start: %s\n", vv->index, vcpu_strerror(rc));
        vmm_shutdown(vm, VMM_STATUS_GUEST_ERROR, "stopping the guest");
    }
    __atomic_store_n(&vv->power, VMM_POWER_ON, __ATOMIC_RELEASE);
    run_until_off(vv);
    vcpu_unbind(v);
    struct vcpu_stats s;
    vcpu_stats(v, &s);
    add_stats(&vv->past, &s);
    vcpu_stats_reset(v);
    vmm_console_flush(vv);
    __atomic_store_n(&vv->power, VMM_POWER_OFF, __ATOMIC_RELEASE);
    if (all_off(vm))
        vmm_shutdown(vm, VMM_STATUS_GUEST_ERROR, "every vCPU is off and nothing powered off");
}

/* The run loop of one physical CPU: waits for CPU_ON of its vCPU, forever. */
static void cpu_loop(void *arg)
{
    struct vmm_vcpu *vv = arg;
    for (;;) {
        while (__atomic_load_n(&vv->power, __ATOMIC_ACQUIRE) != VMM_POWER_STARTING)
            ;
        power_cycle(vv);
    }
}

_Noreturn void vmm_run(struct vmm_vm *vm, vcpu_gpa_t entry, uint64_t boot_arg)
{
    for (uint32_t i = 1; i < vm->vcpu_count; i++) {
        if (!board_run_on_cpu(i, cpu_loop, &vm->vcpus[i])) {
            vmm_printf(vm, "physical CPU %u is not available\n", i);
            vmm_shutdown(vm, VMM_STATUS_GUEST_ERROR, "cannot start");
        }
    }
    vmm_cpu_on(vm, 0, entry, boot_arg);
    cpu_loop(&vm->vcpus[0]);
    for (;;) /* cpu_loop() never returns */
        ;
}
