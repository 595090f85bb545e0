// Shared by the host tests of the stage-2 builder: each test binary links the
// walker with one entry format (stage2_isa_format) and the host hooks of
// stage2_test_host.cc, whose physical addresses are the host's virtual ones.
#ifndef LIB_STAGE2_STAGE2_TEST_SUPPORT_H
#define LIB_STAGE2_STAGE2_TEST_SUPPORT_H

#include <cstddef>
#include <cstdint>

extern "C" {
#include <vcpu/error.h>
#include <vcpu/host.h>

#include "lib/stage2/stage2.h"
#include "lib/stage2/stage2_format.h"
}

constexpr uint32_t kR = VCPU_MAP_READ;
constexpr uint32_t kW = VCPU_MAP_WRITE;
constexpr uint32_t kX = VCPU_MAP_EXECUTE;
constexpr uint32_t kUser = VCPU_MAP_USER;
constexpr uint32_t kDevice = VCPU_MAP_DEVICE;
constexpr uint32_t kUncached = VCPU_MAP_UNCACHED;
constexpr uint64_t kPage = 0x1000;
constexpr uint64_t kBlock = 0x200000;

// Empties the page pool behind vcpu_host_alloc_pages() (zeroing it); the
// number of pages handed out since.
void Stage2TestResetPages();
size_t Stage2TestPagesUsed();

// The entry that translates `gpa`, found by walking the tables with the
// format's own decoding: the leaf (present) and its level (0: page, 1:
// block), or the first absent entry on the way.
struct Stage2Leaf {
    bool present;
    unsigned level;
    uint64_t entry;
};

inline Stage2Leaf FindLeaf(const stage2 &s, vcpu_gpa_t gpa)
{
    const stage2_format &f = stage2_isa_format;
    auto *table = static_cast<const uint64_t *>(vcpu_host_phys_to_virt(s.root));
    for (unsigned level = f.root_level;; level--) {
        uint64_t mask = level == f.root_level ? f.root_index_mask : 511;
        uint64_t e = table[(gpa >> (12 + 9 * level)) & mask];
        if (!f.present(e))
            return {false, level, e};
        if (level == 0 || !f.is_table(e, level))
            return {true, level, e};
        table = static_cast<const uint64_t *>(vcpu_host_phys_to_virt(f.table_address(e)));
    }
}

#endif // LIB_STAGE2_STAGE2_TEST_SUPPORT_H
