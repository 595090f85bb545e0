/* libFuzzer target of the x86 guest page walker (guest_memory.c): arbitrary
 * nested and guest tables in a small fake physical memory (fake_phys.h),
 * arbitrary roots, CR3, paging mode and linear address. The walker must
 * never touch memory outside what vcpu_host_phys_to_virt() maps (ASan),
 * read at most `len` bytes, and reach nothing with a nested root of 0.
 * Input: root page, cr3, gva, flags (8 bytes each), then the memory. */
#include <stdbool.h>

#include "backends/x86_common/guest_memory.h"
#include "backends/x86_common/tests/fake_phys.h"
#include "testing/fuzz/fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_input in = {data, size};
    uint64_t root_sel = fuzz_u64(&in), cr3 = fuzz_u64(&in), gva = fuzz_u64(&in);
    uint64_t flags = fuzz_u64(&in);
    for (size_t i = 0; i < sizeof(fake_phys); i++)
        fake_phys[i] = 0;
    /* Table entries point into the fake memory often enough to go deep. */
    size_t n = fuzz_bytes(&in, fake_phys, sizeof(fake_phys));
    (void)n;
    uint64_t root = (root_sel & 1) ? root_sel & ~0xfffull
                                   : fake_phys_page((unsigned)(root_sel >> 1) % FAKE_PHYS_PAGES);
    if (root_sel & 2)
        root = 0;
    bool ept = (flags & 1) != 0;
    struct x86_guest_paging paging =
        x86_guest_paging_of(flags & (1ull << 31), flags & (1ull << 10), cr3);
    uint8_t out[24];
    size_t len = (size_t)(flags >> 40) % (sizeof(out) + 1);
    size_t got = x86_read_guest(&paging, root, ept, gva, out, len);
    FUZZ_CHECK(got <= len);
    void *p = x86_nested_to_host(root, ept, gva);
    if (!x86_nested_root_valid(root)) {
        FUZZ_CHECK(got == 0);
        FUZZ_CHECK(p == NULL);
    }
    if (p != NULL) {
        FUZZ_CHECK((uint8_t *)p >= fake_phys && (uint8_t *)p < fake_phys + sizeof(fake_phys));
    }
    return 0;
}
