// The host hooks of the stage-2 builder's host tests: pages come from a
// static pool that each test empties first (so nothing leaks, and a test
// can count what the walker allocated); physical addresses are virtual ones.
#include <cstring>

#include "lib/stage2/stage2_test_support.h"

namespace
{

constexpr size_t kPoolPages = 64;
alignas(4096) uint8_t pool[kPoolPages * kPage];
size_t pool_used;

} // namespace

void Stage2TestResetPages()
{
    std::memset(pool, 0, sizeof(pool));
    pool_used = 0;
}

size_t Stage2TestPagesUsed()
{
    return pool_used;
}

extern "C" void *vcpu_host_alloc_pages(size_t n)
{
    if (n == 0 || n > kPoolPages - pool_used)
        return nullptr;
    void *p = &pool[pool_used * kPage];
    pool_used += n;
    return p;
}

extern "C" void vcpu_host_free_pages(void *p, size_t n)
{
    (void)p;
    (void)n;
}

extern "C" vcpu_hpa_t vcpu_host_virt_to_phys(const void *p)
{
    return reinterpret_cast<uintptr_t>(p);
}

extern "C" void *vcpu_host_phys_to_virt(vcpu_hpa_t pa)
{
    return reinterpret_cast<void *>(static_cast<uintptr_t>(pa));
}
