/* x86-only conformance case: MMIO from a 16-bit real-mode guest decodes with
 * 16-bit rules (default operand size 16, disp16 addressing, no REX). */
#include "testing/conformance/conformance.h"
#include "lib/guest/guest_x86_64.h"

#define CODE_GPA 0x7000ul  /* real-mode entry: CS base 0x7000, IP 0 */
#define HOLE_GPA 0x90000ul /* a page below 1 MiB left out of the NPT */
#define LOW_BLOCK 0x200000ul

static const uint8_t real_mode_code[] = {
    0xb8, 0x34, 0x12,       /* mov ax, 0x1234 */
    0xbb, 0x00, 0x90,       /* mov bx, 0x9000 */
    0x8e, 0xdb,             /* mov ds, bx */
    0x89, 0x06, 0x10, 0x00, /* mov [0x0010], ax: 16-bit store, disp16 */
    0x31, 0xdb,             /* xor bx, bx */
    0x66, 0x8b, 0x07,       /* mov eax, [bx]: 32-bit load */
    0x90, 0x90, 0x90,       /* the backend's hypercall (nr = eax), at HYPERCALL_AT */
    0xf4,                   /* hlt */
};
#define HYPERCALL_AT 17u

TEST(conformance_x86, real_mode_mmio)
{
    struct test_vm *vm = &conformance_vm;
    ASSERT_EQ(test_vm_create(vm, 1), VCPU_OK);
    /* HOLE_GPA out of the map: a page of its own where the test VMM maps the
     * low 2 MiB as 4 KiB pages (the page pool starts inside it), else the
     * block becomes 4 KiB pages without HOLE_GPA. */
    uint32_t rwx = VCPU_MAP_READ | VCPU_MAP_WRITE | VCPU_MAP_EXECUTE;
    if (stage2_unmap(&vm->s2, HOLE_GPA, 4096) != VCPU_OK) {
        ASSERT_EQ(stage2_unmap(&vm->s2, 0, LOW_BLOCK), VCPU_OK);
        ASSERT_EQ(stage2_map(&vm->s2, 0, 0, HOLE_GPA, rwx), VCPU_OK);
        ASSERT_EQ(
            stage2_map(&vm->s2, HOLE_GPA + 4096, HOLE_GPA + 4096, LOW_BLOCK - HOLE_GPA - 4096, rwx),
            VCPU_OK);
    }
    uint8_t *code = (uint8_t *)CODE_GPA;
    for (unsigned i = 0; i < sizeof(real_mode_code); i++)
        code[i] = real_mode_code[i];
    for (unsigned i = 0; i < sizeof(guest_x86_hypercall_insn); i++)
        code[HYPERCALL_AT + i] = guest_x86_hypercall_insn[i];
    struct vcpu *v = &vm->vcpus[0];
    ASSERT_EQ(vcpu_init(v, vm->id, 0, -1, 0, NULL), VCPU_OK);
    ASSERT_EQ(vcpu_setup(v, CODE_GPA, vm->s2.root, NULL), VCPU_OK); /* NULL: real mode */
    ASSERT_EQ(vcpu_bind(v), VCPU_OK);
    struct vcpu_exit exit;
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    ASSERT_EQ(exit.reason, VCPU_EXIT_MMIO_WRITE);
    EXPECT_EQ(exit.mmio_write.addr, HOLE_GPA + 0x10);
    EXPECT_EQ(exit.mmio_write.width, VCPU_WIDTH_16);
    EXPECT_EQ(exit.mmio_write.data, 0x1234);
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    ASSERT_EQ(exit.reason, VCPU_EXIT_MMIO_READ);
    EXPECT_EQ(exit.mmio_read.addr, HOLE_GPA);
    EXPECT_EQ(exit.mmio_read.width, VCPU_WIDTH_32);
    EXPECT_EQ(exit.mmio_read.reg, 0); /* EAX */
    ASSERT_EQ(vcpu_complete_read(v, &exit, 0xdeadbeef), VCPU_OK);
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    ASSERT_EQ(exit.reason, VCPU_EXIT_HYPERCALL);
    EXPECT_EQ(exit.hypercall.nr, 0xdeadbeef);
    ASSERT_EQ(test_vcpu_run(v, &exit), VCPU_OK);
    EXPECT_EQ(exit.reason, VCPU_EXIT_HALT);
}
