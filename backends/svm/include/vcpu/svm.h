/* AMD SVM backend: register conventions and the trapped MSR for tests. */
#ifndef VCPU_SVM_H
#define VCPU_SVM_H

/* VMMCALL convention, trapped MSR and poweroff port: shared with VMX. */
#include <vcpu/x86.h>

#endif
