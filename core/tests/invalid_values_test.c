/* Out-of-range enum values, as a C caller can pass them (in C++ they would be
 * undefined behaviour): every function that takes one rejects it cleanly. */
#include <stdio.h>
#include <string.h>

#include <vcpu/fake.h>
#include <vcpu/vcpu.h>

static int failures;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);               \
            failures++;                                                                            \
        }                                                                                          \
    } while (0)

int main(void)
{
    const int bad_widths[] = {-1, 4, 5, 9, 1000};
    for (size_t i = 0; i < sizeof(bad_widths) / sizeof(bad_widths[0]); i++) {
        enum vcpu_access_width w = (enum vcpu_access_width)bad_widths[i];
        CHECK(vcpu_width_bytes(w) == 0);
        CHECK(vcpu_read_value_extend(0x55, w, false, VCPU_WIDTH_64) == 0);
        CHECK(vcpu_read_value_extend(0x55, VCPU_WIDTH_8, true, w) == 0);
    }
    CHECK(strcmp(vcpu_exit_reason_name((enum vcpu_exit_reason) - 1), "INVALID_REASON") == 0);
    CHECK(strcmp(vcpu_exit_reason_name((enum vcpu_exit_reason)1000), "INVALID_REASON") == 0);
    CHECK(strcmp(vcpu_state_name((enum vcpu_state)99), "INVALID_STATE") == 0);
    CHECK(strcmp(vcpu_state_name((enum vcpu_state) - 3), "INVALID_STATE") == 0);
    CHECK(!vcpu_exit_is_read((enum vcpu_exit_reason) - 1));

    /* A read exit with a width outside the enum completes nothing. */
    static struct vcpu_percpu cpu0;
    static struct vcpu v;
    CHECK(vcpu_percpu_init(&cpu0, 0) == VCPU_OK);
    CHECK(vcpu_percpu_hardware_enable(&cpu0) == VCPU_OK);
    CHECK(vcpu_init(&v, 1, 0, -1, 0, NULL) == VCPU_OK);
    CHECK(vcpu_setup(&v, 0, 0, NULL) == VCPU_OK);
    CHECK(vcpu_bind(&v) == VCPU_OK);
    CHECK(vcpu_set_gpr(&v, 1, 0x1111) == VCPU_OK);
    struct vcpu_exit exit = {.reason = VCPU_EXIT_MMIO_READ};
    exit.mmio_read.reg = 1;
    exit.mmio_read.width = (enum vcpu_access_width)5;
    exit.mmio_read.reg_width = VCPU_WIDTH_64;
    CHECK(vcpu_complete_read(&v, &exit, 7) == VCPU_ERR_INVALID_ARG);
    exit.mmio_read.width = VCPU_WIDTH_8;
    exit.mmio_read.reg_width = (enum vcpu_access_width) - 2;
    CHECK(vcpu_complete_read(&v, &exit, 7) == VCPU_ERR_INVALID_ARG);
    uint64_t val = 0;
    CHECK(vcpu_get_gpr(&v, 1, &val) == VCPU_OK && val == 0x1111);
    exit.reason = (enum vcpu_exit_reason) - 1;
    CHECK(vcpu_complete_read(&v, &exit, 7) == VCPU_ERR_INVALID_ARG);
    CHECK(vcpu_fake_queue_exit(&v, &exit) == VCPU_ERR_INVALID_ARG);
    exit.reason = (enum vcpu_exit_reason)VCPU_EXIT_REASON_COUNT;
    CHECK(vcpu_fake_queue_exit(&v, &exit) == VCPU_ERR_INVALID_ARG);
    CHECK(vcpu_unbind(&v) == VCPU_OK);
    CHECK(vcpu_percpu_hardware_disable(&cpu0) == VCPU_OK);

    if (failures != 0)
        fprintf(stderr, "%d checks failed\n", failures);
    else
        printf("all checks passed\n");
    return failures != 0;
}
