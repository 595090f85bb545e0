#include "hcall.h"

#include <stddef.h>

int64_t hcall_run(struct vcpu *v, const struct hcall_table *table, struct vcpu_exit *exit)
{
    if (v == NULL || table == NULL || exit == NULL)
        return VCPU_ERR_INVALID_ARG;
    int64_t answered = 0;
    for (;;) {
        int err = vcpu_run(v, exit);
        if (err != VCPU_OK)
            return err;
        if (exit->reason != VCPU_EXIT_HYPERCALL)
            return answered;
        uint64_t nr = exit->hypercall.nr;
        uint64_t ret = HCALL_UNKNOWN;
        if (nr < table->count && table->handlers[nr] != NULL)
            ret = table->handlers[nr](exit->hypercall.args);
        err = vcpu_set_return_value(v, ret);
        if (err != VCPU_OK)
            return err;
        answered++;
    }
}
