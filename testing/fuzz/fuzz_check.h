/* Helpers for fuzz targets: reading typed values out of libFuzzer's input,
 * and FUZZ_CHECK, which turns a violated output invariant into a crash that
 * libFuzzer reports (and saves the input of). */
#ifndef TESTING_FUZZ_FUZZ_CHECK_H
#define TESTING_FUZZ_FUZZ_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include <vcpu/exit.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Prints "file:line: fuzz check failed: expr" and aborts. */
_Noreturn void fuzz_check_failed(const char *file, int line, const char *expr);

#define FUZZ_CHECK(cond)                                                                           \
    do {                                                                                           \
        if (!(cond))                                                                               \
            fuzz_check_failed(__FILE__, __LINE__, #cond);                                          \
    } while (0)

/* libFuzzer's input, consumed front to back; reads past the end give zeros. */
struct fuzz_input {
    const uint8_t *data;
    size_t size;
};

uint8_t fuzz_u8(struct fuzz_input *in);
uint32_t fuzz_u32(struct fuzz_input *in);
uint64_t fuzz_u64(struct fuzz_input *in);

/* Copies up to `max` of the remaining bytes into out[] and returns how many. */
size_t fuzz_bytes(struct fuzz_input *in, uint8_t *out, size_t max);

/* The invariants every decoded exit must keep, whatever the decoder: reason
 * inside the enum, raw tagged with `arch`, widths, flags and kinds inside their
 * enums, write data already truncated to its width, NESTED_PAGE_FAULT with
 * exactly one access flag. */
void fuzz_check_exit(const struct vcpu_exit *exit, enum vcpu_exit_arch arch);

/* True if `w` is one of the four access widths. */
bool fuzz_width_valid(enum vcpu_access_width w);

/* The mask of the low bits a value of width `w` (valid) keeps. */
uint64_t fuzz_width_mask(enum vcpu_access_width w);

#ifdef __cplusplus
}
#endif

#endif /* TESTING_FUZZ_FUZZ_CHECK_H */
