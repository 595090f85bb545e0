/* Compiles the README's usage snippet (readme_snippet.inc, extracted from
 * README.md by //docs:readme_snippet) with -Wall -Wextra -Werror (so
 * -Wswitch) and links it against the library, so the snippet a reader
 * copies builds as shown. (Running it would need a guest: the fake backend's
 * scripted exits are reset by the vcpu_init() inside the snippet.) */
#include <vcpu/vcpu.h>

/* The VMM's own handlers the snippet calls. */
static uint64_t handle(uint64_t nr, const uint64_t *args)
{
    return nr + args[0];
}

static uint64_t device_read(vcpu_gpa_t addr)
{
    return addr & 0xff;
}

static void device_write(vcpu_gpa_t addr, uint64_t data)
{
    (void)addr;
    (void)data;
}

#include "docs/readme_snippet.inc"

int main(void)
{
    int (*entry)(vcpu_gpa_t, vcpu_hpa_t) = run_guest;
    return entry != NULL ? 0 : 1;
}
