/* The application-processor trampoline: copied to AP_TRAMPOLINE (0x8000,
 * SIPI vector 8) by CPU 0. It enters protected mode with the board's GDT and
 * continues at board_enter_long_mode32 (start.S), which reads the CPU index
 * from board_ap_index. */
#define AP_TRAMPOLINE 0x8000
#define OFFSET(label) (label - board_ap_trampoline + AP_TRAMPOLINE)

    .section .rodata
    .code16
    .global board_ap_trampoline
board_ap_trampoline:
    cli
    xor     %ax, %ax
    mov     %ax, %ds
    lgdtl   OFFSET(trampoline_gdt_pointer)
    mov     %cr0, %eax
    or      $1, %eax
    mov     %eax, %cr0
    ljmpl   $0x18, $OFFSET(trampoline_protected)
    .code32
trampoline_protected:
    mov     $0x10, %ax
    mov     %ax, %ds
    mov     %ax, %es
    mov     %ax, %ss
    mov     $board_enter_long_mode32, %eax
    jmp     *%eax
    .balign 8
trampoline_gdt_pointer:
    .word   0x5f
    .long   board_gdt
    .global board_ap_trampoline_end
board_ap_trampoline_end:
    .code64
