/* The virtualization extension the image's backend needs, checked by the
 * board before anything else runs. One implementation per x86 backend
 * (virt_svm.c, virt_vmx.c), chosen in BUILD.bazel by the platform's
 * vcpu_backend constraint. */
#ifndef PLATFORMS_X86_64_VIRT_EXTENSION_H
#define PLATFORMS_X86_64_VIRT_EXTENSION_H

#include <stdbool.h>

/* True when CPUID reports the extension on the calling CPU. Pure CPUID read;
 * any CPU, any time. */
bool board_x86_virt_available(void);

/* The extension's name for the console message ("SVM", "VMX"). */
extern const char board_x86_virt_name[];

#endif
