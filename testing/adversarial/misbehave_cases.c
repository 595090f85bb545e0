/* Adversarial guests: undefined and privileged instructions, exceptions the
 * guest cannot handle (triple fault, vectors outside the map), an MMIO access
 * no backend emulates, and an impossible address. Each ends
 * in defined exits (vcpu_run returns VCPU_OK with a reason of the enum and
 * the architecture's raw facts, every time it is called again), never a
 * hang, and the hypervisor is healthy afterwards. The reasons seen are
 * printed for docs/reliability.md. */
#include <board/print.h>

#include "testing/adversarial/adversarial.h"
#include "testing/adversarial/misbehave.h"

#define RUNS 3

static void guest_undefined(uint64_t unused)
{
    (void)unused;
    misbehave_undefined_instruction();
}

static void guest_privileged(uint64_t unused)
{
    (void)unused;
    misbehave_privileged_instruction();
}

static void guest_fatal(uint64_t unmapped)
{
    misbehave_fatal_exception(unmapped);
}

static void guest_undecodable_mmio(uint64_t mmio)
{
    misbehave_undecodable_mmio(mmio);
}

static void guest_wild_address(uint64_t unused)
{
    (void)unused;
    misbehave_wild_address();
}

/* Runs `v` RUNS times (or until the guest finishes) and checks each exit is
 * defined; prints them. Returns the first exit's reason. */
static enum vcpu_exit_reason expect_defined_exits(struct vcpu *v, const char *what)
{
    enum vcpu_exit_reason first = VCPU_EXIT_REASON_COUNT;
    board_printf("%s:", what);
    for (int i = 0; i < RUNS; i++) {
        struct vcpu_exit exit;
        int rc = test_vcpu_run(v, &exit);
        EXPECT_EQ(rc, VCPU_OK);
        if (rc != VCPU_OK)
            break;
        EXPECT_LT((unsigned)exit.reason, VCPU_EXIT_REASON_COUNT);
        EXPECT_EQ(exit.raw.arch, VCPU_ARCH_EXIT_ARCH);
        EXPECT_EQ(vcpu_state(v), VCPU_STATE_READY);
        EXPECT_FALSE(test_exit_is_ucall(&exit, GUEST_UCALL_ASSERT, NULL));
        if (first == VCPU_EXIT_REASON_COUNT)
            first = exit.reason;
        board_printf(" %s", vcpu_exit_reason_name(exit.reason));
        if (exit.reason == VCPU_EXIT_NESTED_PAGE_FAULT)
            board_printf("(%lx,%x)", exit.nested_page_fault.addr,
                         exit.nested_page_fault.access_flags);
        if (exit.reason == VCPU_EXIT_MMIO_READ)
            board_printf("(%lx)", exit.mmio_read.addr);
        if (exit.reason == VCPU_EXIT_SYSTEM_DOWN)
            board_printf("(%u)", (unsigned)exit.system_down.kind);
        if (test_exit_is_ucall(&exit, GUEST_UCALL_DONE, NULL))
            break; /* the backend handled it and the guest went on */
    }
    board_printf("\n");
    return first;
}

TEST(adversarial, undefined_instruction)
{
    struct vcpu *v = adversarial_start(guest_undefined, 0);
    expect_defined_exits(v, "undefined instruction");
    adversarial_expect_healthy();
}

TEST(adversarial, privileged_instruction)
{
    struct vcpu *v = adversarial_start(guest_privileged, 0);
    expect_defined_exits(v, "privileged instruction");
    adversarial_expect_healthy();
}

TEST(adversarial, unhandleable_exception)
{
    struct vcpu *v = adversarial_start(guest_fatal, test_npf_gpa);
    enum vcpu_exit_reason r = expect_defined_exits(v, "unhandleable exception");
    /* A triple fault is SYSTEM_DOWN (crash) or FAIL_ENTRY; vectors outside
     * the map fault on the handler's fetch. */
    EXPECT_TRUE(r == VCPU_EXIT_SYSTEM_DOWN || r == VCPU_EXIT_FAIL_ENTRY ||
                r == VCPU_EXIT_NESTED_PAGE_FAULT);
    adversarial_expect_healthy();
}

TEST(adversarial, undecodable_mmio_access)
{
    struct vcpu *v = adversarial_start(guest_undecodable_mmio, test_mmio_gpa);
    enum vcpu_exit_reason r = expect_defined_exits(v, "undecodable MMIO access");
    /* Not emulated: the raw fault, for the VMM to handle or kill. */
    EXPECT_EQ(r, VCPU_EXIT_NESTED_PAGE_FAULT);
    adversarial_expect_healthy();
}

TEST(adversarial, wild_address)
{
    struct vcpu *v = adversarial_start(guest_wild_address, 0);
    expect_defined_exits(v, "wild address");
    adversarial_expect_healthy();
}
