/* minivmm's main: reads the handoff record, builds the VM, loads the image,
 * writes the device tree and runs the guest until it powers off; the
 * guest's poweroff status becomes the emulator's exit status. */
#include <board/board.h>
#include <board/print.h>

#include "examples/minivmm/minivmm.h"
#include "examples/vmm/vmm_arch.h"
#include "lib/loader/loader.h"
#include "lib/stage2/stage2.h"

static struct vmm_vm vm;
static struct stage2 s2;

static int refuse(const char *why)
{
    board_printf("minivmm: %s\n", why);
    return VMM_STATUS_GUEST_ERROR;
}

static uint64_t read_u64(const volatile uint8_t *p)
{
    uint64_t v = 0;
    for (unsigned i = 8; i > 0; i--)
        v = v << 8 | p[i - 1];
    return v;
}

/* The loader's view of guest RAM: the VM's RAM ranges. */
static void *guest_ram(void *vm, vcpu_gpa_t gpa, uint64_t len)
{
    return vmm_guest_memory(vm, gpa, len);
}

static bool overlaps(uint64_t a_low, uint64_t a_high, uint64_t b_low, uint64_t b_high)
{
    return a_low < b_high && b_low < a_high;
}

int board_image_main(void)
{
    const struct minivmm_machine *m = &minivmm_machine;
    const volatile uint8_t *h = vcpu_host_phys_to_virt(m->handoff_hpa);
    struct minivmm_handoff handoff = {read_u64(h), read_u64(h + 8), read_u64(h + 16)};
    if (handoff.magic != MINIVMM_HANDOFF_MAGIC)
        return refuse("no guest image: run me with ./bazelw run //examples:minivmm -- --guest "
                      "PATH [--smp N]");
    if (handoff.image_size == 0 || handoff.image_size > m->staging_size)
        return refuse("the guest image is empty or larger than the staging area");
    if (handoff.vcpus == 0 || handoff.vcpus > VMM_MAX_VCPUS || handoff.vcpus > board_cpu_count())
        return refuse("--smp must be between 1 and the number of physical CPUs");
    uint32_t vcpus = (uint32_t)handoff.vcpus;

    /* Guest RAM: the guest may run its own user programs in it. */
    int rc = stage2_init(&s2);
    if (rc == VCPU_OK)
        rc = stage2_map(&s2, m->ram_gpa, m->ram_hpa, m->ram_size,
                        VCPU_MAP_READ | VCPU_MAP_WRITE | VCPU_MAP_EXECUTE | VCPU_MAP_USER);
    if (rc == VCPU_OK)
        rc = vmm_vm_init(&vm, "minivmm", 1, s2.root, vcpus);
    if (rc == VCPU_OK && !vmm_add_ram(&vm, m->ram_gpa, m->ram_hpa, m->ram_size))
        rc = VCPU_ERR_NO_MEMORY;
    if (rc == VCPU_OK)
        rc = minivmm_arch_add_devices(&vm);
    if (rc != VCPU_OK) {
        board_printf("minivmm: cannot build the VM: %s\n", vcpu_strerror(rc));
        return VMM_STATUS_GUEST_ERROR;
    }

    const uint8_t *file = vcpu_host_phys_to_virt(m->staging_hpa);
    struct loader_image image;
    const char *why =
        loader_load(file, handoff.image_size, m->elf_machine,
                    minivmm_arch_flat_gpa(file, handoff.image_size), guest_ram, &vm, &image);
    if (why != NULL)
        return refuse(why);
    if (overlaps(image.low, image.high, m->dt_gpa, m->dt_gpa + m->dt_max))
        return refuse("the guest image overlaps the device tree");
    void *dt = vmm_guest_memory(&vm, m->dt_gpa, m->dt_max);
    uint32_t dt_size = dt != NULL ? minivmm_arch_build_dt(dt, m->dt_max, vcpus) : 0;
    if (dt_size == 0)
        return refuse("the device tree does not fit");

    board_printf("minivmm: %s backend, %s; %s guest image of %lu bytes at 0x%lx-0x%lx, "
                 "entry 0x%lx; %u vCPUs; device tree at 0x%lx (%u bytes)\n",
                 vmm_arch_backend, vmm_arch_machine, image.elf ? "ELF" : "flat", handoff.image_size,
                 image.low, image.high, image.entry, vcpus, m->dt_gpa, dt_size);
    vmm_run(&vm, image.entry, m->dt_gpa);
}
