/* Entry of an image on x86_64 PCs (QEMU -kernel or GRUB under Bochs): a
 * Multiboot v1 image whose 32-bit entry builds identity page tables for the
 * low 4 GiB (2 MiB pages), enters long mode and calls board_cpu_entry(0).
 * Application processors arrive through the real-mode trampoline (ap_boot.S)
 * at ap_entry64 with their CPU index in %edi. */
#define MB_MAGIC 0x1badb002
#define MB_FLAGS 0x3
#define STACK_SIZE 16384
#define CR4_PAE (1 << 5)
#define EFER_MSR 0xc0000080
#define EFER_LME (1 << 8)
#define EFER_NXE (1 << 11)
#define CR0_PG_PE_WP 0x80010001

    .section .multiboot, "a"
    .balign 4
    .long   MB_MAGIC
    .long   MB_FLAGS
    .long   -(MB_MAGIC + MB_FLAGS)

    .section .text.boot, "ax"
    .code32
    .global _start
_start:
    cli
    mov     $boot_stack_top, %esp
    /* Zero the PML4 and PDPT (the loader need not clear them). */
    mov     $board_pml4, %edi
    mov     $2048, %ecx
    xor     %eax, %eax
    rep stosl
    /* PML4[0] -> PDPT; PDPT[0..3] -> PD0..PD3; PDn[i] = 2 MiB page. */
    mov     $board_pdpt, %eax
    or      $0x3, %eax
    mov     %eax, board_pml4
    mov     $0, %ecx
1:  mov     %ecx, %eax
    shl     $12, %eax
    add     $board_pd, %eax
    or      $0x3, %eax
    mov     %eax, board_pdpt(, %ecx, 8)
    movl    $0, board_pdpt + 4(, %ecx, 8)
    inc     %ecx
    cmp     $4, %ecx
    jne     1b
    mov     $0, %ecx
2:  mov     %ecx, %eax
    shl     $21, %eax
    or      $0x83, %eax             /* present, writable, 2 MiB */
    mov     %eax, board_pd(, %ecx, 8)
    movl    $0, board_pd + 4(, %ecx, 8)
    inc     %ecx
    cmp     $2048, %ecx
    jne     2b
    .global board_enter_long_mode32
board_enter_long_mode32:            /* also used by application processors */
    mov     %cr4, %eax
    or      $CR4_PAE, %eax
    mov     %eax, %cr4
    mov     $board_pml4, %eax
    mov     %eax, %cr3
    mov     $EFER_MSR, %ecx
    rdmsr
    or      $(EFER_LME | EFER_NXE), %eax
    wrmsr
    mov     $CR0_PG_PE_WP, %eax
    mov     %eax, %cr0
    lgdt    board_gdt_pointer
    ljmp    $0x08, $long_mode
    .code64
long_mode:
    mov     $0x10, %ax
    mov     %ax, %ds
    mov     %ax, %es
    mov     %ax, %ss
    xor     %ax, %ax
    mov     %ax, %fs
    mov     %ax, %gs
    mov     board_ap_index(%rip), %edi
    test    %edi, %edi
    jnz     ap_entry64
    /* CPU 0: clear .bss, switch to its stack, enter C. */
    lea     __bss_start(%rip), %rdi
    lea     __bss_end(%rip), %rcx
    sub     %rdi, %rcx
    shr     $3, %rcx
    xor     %eax, %eax
    rep stosq
    lea     board_stacks + STACK_SIZE(%rip), %rsp
    xor     %edi, %edi
    call    board_cpu_entry
3:  hlt
    jmp     3b

ap_entry64:
    mov     %edi, %eax
    inc     %eax
    imul    $STACK_SIZE, %eax
    lea     board_stacks(%rip), %rsp
    add     %rax, %rsp
    call    board_cpu_entry
4:  hlt
    jmp     4b

    .section .data
    .balign 16
    .global board_gdt
board_gdt:
    .quad   0
    .quad   0x00af9a000000ffff      /* 0x08: 64-bit code */
    .quad   0x00cf92000000ffff      /* 0x10: data */
    .quad   0x00cf9a000000ffff      /* 0x18: 32-bit code (AP trampoline) */
    .fill   8, 8, 0                 /* 0x20..0x5f: a TSS descriptor per CPU */
board_gdt_end:
    .global board_gdt_pointer
board_gdt_pointer:
    .word   board_gdt_end - board_gdt - 1
    .quad   board_gdt
    .global board_ap_index
board_ap_index:
    .long   0

    /* Not in .bss: CPU 0 clears .bss while these are in use. */
    .section .boot_bss, "aw", @nobits
    .balign 4096
    .global board_pml4
board_pml4:
    .space  4096
board_pdpt:
    .space  4096
board_pd:
    .space  4096 * 4
    .balign 16
    .space  4096
boot_stack_top:

    .section .bss
    .balign 16
    .global board_stacks
board_stacks:
    .space  STACK_SIZE * 4
