/* Host hooks for page memory on bare-metal boards: a bump allocator over a
 * static pool with a free list of exact-size blocks, identity-mapped. */
#include <board/board.h>
#include <vcpu/host.h>

#define PAGE_SIZE 4096u
#define POOL_PAGES 2048u /* 8 MiB */

static uint8_t pool[POOL_PAGES][PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static size_t pool_next;
static volatile uint32_t pool_lock;

/* A freed block, kept in its own first page. */
struct free_block {
    struct free_block *next;
    size_t pages;
};
static struct free_block *free_list;

static void lock(void)
{
    while (__atomic_exchange_n(&pool_lock, 1, __ATOMIC_ACQUIRE))
        ;
}

static void unlock(void)
{
    __atomic_store_n(&pool_lock, 0, __ATOMIC_RELEASE);
}

static void zero_pages(void *p, size_t n)
{
    volatile uint64_t *w = p;
    for (size_t i = 0; i < n * PAGE_SIZE / sizeof(uint64_t); i++)
        w[i] = 0;
}

void *vcpu_host_alloc_pages(size_t n)
{
    void *p = NULL;
    if (n == 0 || n > POOL_PAGES)
        return NULL;
    lock();
    for (struct free_block **b = &free_list; *b != NULL; b = &(*b)->next) {
        if ((*b)->pages == n) {
            p = *b;
            *b = (*b)->next;
            break;
        }
    }
    if (p == NULL && pool_next + n <= POOL_PAGES) {
        p = pool[pool_next];
        pool_next += n;
    }
    unlock();
    if (p != NULL)
        zero_pages(p, n);
    return p;
}

void vcpu_host_free_pages(void *p, size_t n)
{
    if (p == NULL || n == 0)
        return;
    struct free_block *b = p;
    lock();
    b->pages = n;
    b->next = free_list;
    free_list = b;
    unlock();
}

vcpu_hpa_t vcpu_host_virt_to_phys(const void *p)
{
    return (vcpu_hpa_t)(uintptr_t)p;
}

void *vcpu_host_phys_to_virt(vcpu_hpa_t pa)
{
    return (void *)(uintptr_t)pa;
}

void board_page_pool_range(uintptr_t *start, uintptr_t *end)
{
    *start = (uintptr_t)&pool[0][0];
    *end = (uintptr_t)&pool[POOL_PAGES][0];
}
