/* Error codes returned by every fallible call of the library. */
#ifndef VCPU_ERROR_H
#define VCPU_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

/* Every fallible call returns VCPU_OK (0) or one of these negative codes. */
enum vcpu_error {
    VCPU_OK = 0,
    VCPU_ERR_BAD_STATE = -1,     /* the object is in a state that forbids the call */
    VCPU_ERR_INVALID_ARG = -2,   /* an argument is NULL or out of range */
    VCPU_ERR_NOT_SUPPORTED = -3, /* the hardware or backend lacks the feature */
    VCPU_ERR_WRONG_CPU = -4,     /* called on a physical CPU that does not own it */
    VCPU_ERR_NOT_ENABLED = -5,   /* virtualization is not enabled on this CPU */
    VCPU_ERR_NO_MEMORY = -6,     /* the host could not provide memory */
    VCPU_ERR_HARDWARE = -7,      /* the hardware refused an operation */
    VCPU_ERR_BUSY = -8,          /* a resource is in use or full; retry later */
};

/* Returns a static, human-readable, NUL-terminated description of `err`: a
 * distinct string for each code above and "unknown error" for any other value.
 * Never NULL. Pure; callable on any CPU. */
const char *vcpu_strerror(int err);

#ifdef __cplusplus
}
#endif

#endif /* VCPU_ERROR_H */
