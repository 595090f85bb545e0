/* vcpu_strerror: one static string per error code. */
#include <vcpu/error.h>

const char *vcpu_strerror(int err)
{
    switch (err) {
    case VCPU_OK:
        return "success";
    case VCPU_ERR_BAD_STATE:
        return "vCPU or CPU is in the wrong state for this call";
    case VCPU_ERR_INVALID_ARG:
        return "invalid argument";
    case VCPU_ERR_NOT_SUPPORTED:
        return "not supported by this CPU or backend";
    case VCPU_ERR_WRONG_CPU:
        return "called on the wrong physical CPU";
    case VCPU_ERR_NOT_ENABLED:
        return "virtualization is not enabled on this CPU";
    case VCPU_ERR_NO_MEMORY:
        return "out of memory";
    case VCPU_ERR_HARDWARE:
        return "hardware or backend failure";
    case VCPU_ERR_BUSY:
        return "resource busy or full";
    default:
        return "unknown error";
    }
}
