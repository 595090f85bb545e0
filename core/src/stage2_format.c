/* vcpu_stage2_format: the nested page-table format of this build's backend. */
#include "internal.h"

int vcpu_stage2_format(struct vcpu_stage2_format *fmt)
{
    if (fmt == NULL)
        return VCPU_ERR_INVALID_ARG;
    vcpu_arch_stage2_format(fmt);
    return VCPU_OK;
}
