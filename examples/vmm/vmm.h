/* A small virtual machine monitor over the public vcpu API: one VM, one vCPU
 * per physical CPU, emulated MMIO devices, the platform firmware interface
 * (PSCI / SBI) and a table of exits at the end. Shared by //examples:hello
 * and //examples:minivmm; the ISA-specific parts are in vmm_<arch>.c. */
#ifndef EXAMPLES_VMM_VMM_H
#define EXAMPLES_VMM_VMM_H

#include <vcpu/vcpu.h>

#include <board/board.h>

#include "lib/devices/vdev.h"

#define VMM_MAX_VCPUS BOARD_MAX_CPUS
#define VMM_MAX_DEVICES 4u
#define VMM_MAX_RAM 2u

/* What the emulation's exit status means (minivmm passes it to the emulator). */
enum vmm_status {
    VMM_STATUS_POWEROFF = 0,      /* the guest powered off */
    VMM_STATUS_GUEST_FAILURE = 1, /* the guest reported a failure (SBI SRST reason) */
    VMM_STATUS_RESET = 2,         /* the guest asked for a reset; the VMM stops instead */
    VMM_STATUS_GUEST_ERROR = 6,   /* the guest did something the VMM cannot go on from */
};

/* A range of guest RAM and the host memory behind it. */
struct vmm_ram {
    vcpu_gpa_t gpa;
    vcpu_hpa_t hpa;
    uint64_t size;
};

/* Power state of a vCPU as the firmware interface reports it. */
enum vmm_power {
    VMM_POWER_OFF = 0,
    VMM_POWER_STARTING = 1, /* CPU_ON accepted, not yet running */
    VMM_POWER_ON = 2,
};

/* Results of vmm_cpu_on(), translated to PSCI / SBI codes by the ISA file. */
enum vmm_cpu_on_result {
    VMM_CPU_ON_OK = 0,
    VMM_CPU_ON_ALREADY_ON = 1,
    VMM_CPU_ON_INVALID = 2,
};

/* What a hypercall handler did with the exit. */
enum vmm_hypercall_result {
    VMM_HYPERCALL_UNHANDLED = 0, /* not this handler's; try the next */
    VMM_HYPERCALL_DONE = 1,      /* handled; run the vCPU again */
    VMM_HYPERCALL_CPU_OFF = 2,   /* the vCPU turned itself off */
};

struct vmm_vm;

struct vmm_vcpu {
    struct vcpu vcpu;
    struct vmm_vm *vm;
    uint32_t index;         /* vCPU index = physical CPU it runs on */
    uint32_t power;         /* enum vmm_power; atomic */
    vcpu_gpa_t start_entry; /* where CPU_ON starts it */
    uint64_t start_arg;     /* the CPU_ON context argument */
    struct vcpu_stats past; /* statistics of earlier power cycles */
    char line[128];         /* console output not yet printed */
    uint32_t line_len;
};

struct vmm_vm {
    const char *name; /* prefix of the VMM's own messages */
    vcpu_vm_id_t id;
    vcpu_hpa_t stage2_root;
    uint32_t vcpu_count;
    struct vmm_vcpu vcpus[VMM_MAX_VCPUS];
    struct vdev_bus devices; /* the emulated devices: add with vdev_bus_add() */
    struct vdev device_slots[VMM_MAX_DEVICES];
    struct vmm_ram ram[VMM_MAX_RAM];
    uint32_t ram_count;
    bool label_console; /* print guest console lines as "[vCPU n] ..." */
    /* Optional: the application's hypercalls, after the firmware interface. */
    enum vmm_hypercall_result (*hypercall)(struct vmm_vm *vm, struct vmm_vcpu *vv,
                                           const struct vcpu_exit *exit);
    /* Optional: sets the boot vCPU's registers instead of the firmware
     * convention (called after vcpu_setup(), before the first run). */
    void (*boot_regs)(struct vmm_vm *vm, struct vcpu *v);
    uint32_t reported; /* unexpected guest actions, reported up to a limit */
};

/* Prepares `vm` (whatever it held) with `vcpus` vCPUs (1..VMM_MAX_VCPUS and
 * at most board_cpu_count()) on the stage-2 root `stage2_root`, enables
 * virtualization on every physical CPU that will run one, and creates the
 * vCPUs (FREE, powered off). CPU 0 only. Returns VCPU_OK, VCPU_ERR_INVALID_ARG
 * for a bad count, or the library's error. */
int vmm_vm_init(struct vmm_vm *vm, const char *name, vcpu_vm_id_t id, vcpu_hpa_t stage2_root,
                uint32_t vcpus);

/* Adds a RAM range to `vm`. Returns false if the table is full or the range
 * is empty or wraps. Before vmm_run(). */
bool vmm_add_ram(struct vmm_vm *vm, vcpu_gpa_t gpa, vcpu_hpa_t hpa, uint64_t size);

/* Returns a host pointer to guest memory [gpa, gpa + len) if the whole range
 * lies in one RAM range of `vm`, else NULL (never trust a guest address). */
void *vmm_guest_memory(const struct vmm_vm *vm, vcpu_gpa_t gpa, uint64_t len);

/* Emulates the access of a MMIO_READ/WRITE or IO_READ/WRITE exit of `vv`
 * with the device of vm->devices that covers its address (completing reads);
 * an access where there is no device reads as 0 (ports: all ones), ignores
 * writes and is reported. On the vCPU's physical CPU. */
void vmm_emulate_access(struct vmm_vcpu *vv, const struct vcpu_exit *exit);

/* True for the first few unexpected guest actions reported in `vm`: a guest
 * that repeats one in a loop must not flood the console. Any CPU. */
bool vmm_worth_reporting(struct vmm_vm *vm);

/* Starts vCPU 0 at `entry` with the firmware boot argument `boot_arg` (the
 * device tree address: x0 on aarch64, a1 on riscv64), starts the run loops of
 * the other vCPUs on their physical CPUs (they wait for CPU_ON), and runs
 * until the guest powers off. Never returns: ends the emulation through
 * vmm_shutdown(). CPU 0 only. */
_Noreturn void vmm_run(struct vmm_vm *vm, vcpu_gpa_t entry, uint64_t boot_arg);

/* Firmware CPU_ON: marks vCPU `index` to start at `entry` with `arg`.
 * Returns VMM_CPU_ON_INVALID for an index outside the VM,
 * VMM_CPU_ON_ALREADY_ON if it is not off. Any CPU. */
enum vmm_cpu_on_result vmm_cpu_on(struct vmm_vm *vm, uint32_t index, vcpu_gpa_t entry,
                                  uint64_t arg);

/* Firmware view of vCPU `index` (enum vmm_power), or -1 if there is none. */
int vmm_cpu_power(const struct vmm_vm *vm, uint32_t index);

/* Prints the VMM's message line (prefixed with the VM's name) without
 * interleaving with other CPUs' output. Any CPU. */
void vmm_printf(const struct vmm_vm *vm, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Guest console output: buffers `c` for vCPU `vv` and prints whole lines
 * (labelled with the vCPU if vm->label_console). Any CPU. */
void vmm_console_putc(struct vmm_vcpu *vv, char c);

/* The guest console as a UART's output (uart_output_fn, lib/devices/uart.h):
 * vmm_console_putc() on vCPU `vcpu` of the struct vmm_vm `vm`, if it has
 * that vCPU. Any CPU. */
void vmm_console_output(void *vm, uint32_t vcpu, char c);

/* Prints what vCPU `vv` wrote to the console since its last complete line,
 * if anything. Any CPU. */
void vmm_console_flush(struct vmm_vcpu *vv);

/* Ends the emulation: prints why, flushes the guest console, prints the table
 * of exits of every vCPU, and exits with `status` (enum vmm_status). The
 * first caller wins; any other CPU that calls it waits for the end. */
_Noreturn void vmm_shutdown(struct vmm_vm *vm, int status, const char *why);

#endif /* EXAMPLES_VMM_VMM_H */
