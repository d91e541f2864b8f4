// The SIGBUS side of MappedFile: a fixed table of live read-only file mappings and a signal handler that turns
// a read past a truncated file's end into zeros plus a recorded offset, so the library never dies of it.
#define _GNU_SOURCE
#include "wc_fault_guard.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define WC_GUARD_SLOTS 16384
enum { SLOT_FREE = 0, SLOT_CLAIMED = 1, SLOT_LIVE = 2 };

typedef struct {
    _Atomic int state;
    uintptr_t base;
    size_t length;               // rounded up to whole pages
    _Atomic size_t first_missing; // offset from base; SIZE_MAX when none
} wc_guard_slot;

static wc_guard_slot slots[WC_GUARD_SLOTS];
static _Atomic int slots_used;  // one past the highest slot ever claimed: the handler scans no further
static struct sigaction previous_action;
static uintptr_t page_size = 4096;
static pthread_once_t install_once = PTHREAD_ONCE_INIT;
static int installed;

static void note_missing(wc_guard_slot *s, size_t offset) {
    size_t seen = atomic_load(&s->first_missing);
    while (offset < seen && !atomic_compare_exchange_weak(&s->first_missing, &seen, offset)) {}
}

// Calls the handler that was installed before ours, or restores the default action so that the retried read
// ends the process as it would have without us.
static void chain(int sig, siginfo_t *info, void *context) {
    if (previous_action.sa_flags & SA_SIGINFO) {
        if (previous_action.sa_sigaction) { previous_action.sa_sigaction(sig, info, context); return; }
    } else if (previous_action.sa_handler != SIG_DFL && previous_action.sa_handler != SIG_IGN) {
        previous_action.sa_handler(sig);
        return;
    }
    signal(sig, SIG_DFL);  // a real fault ignored would loop forever: fall back to the default (terminate)
}

static void on_sigbus(int sig, siginfo_t *info, void *context) {
    int saved_errno = errno;
    uintptr_t address = (uintptr_t)info->si_addr;
    int used = atomic_load(&slots_used);
    for (int i = 0; i < used; i++) {
        wc_guard_slot *s = &slots[i];
        if (atomic_load(&s->state) != SLOT_LIVE) continue;
        if (address < s->base || address - s->base >= s->length) continue;
        uintptr_t page = address & ~(page_size - 1);
        // Zero pages over the rest of the mapping: the file was cut, so every page after this one is gone too.
        void *p = mmap((void *)page, s->base + s->length - page, PROT_READ,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
        if (p != MAP_FAILED) {
            note_missing(s, page - s->base);
            errno = saved_errno;
            return;
        }
        break;
    }
    errno = saved_errno;
    chain(sig, info, context);
}

static void install(void) {
    long page = sysconf(_SC_PAGESIZE);
    if (page > 0) page_size = (uintptr_t)page;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = on_sigbus;
    action.sa_flags = SA_SIGINFO;
    sigemptyset(&action.sa_mask);
    installed = sigaction(SIGBUS, &action, &previous_action) == 0;
}

int wc_fault_guard_register(const void *base, size_t length) {
    pthread_once(&install_once, install);
    if (!installed || base == NULL || length == 0) return -1;
    for (int i = 0; i < WC_GUARD_SLOTS; i++) {
        int expected = SLOT_FREE;
        if (!atomic_compare_exchange_strong(&slots[i].state, &expected, SLOT_CLAIMED)) continue;
        slots[i].base = (uintptr_t)base;
        slots[i].length = (length + page_size - 1) & ~(page_size - 1);
        atomic_store(&slots[i].first_missing, SIZE_MAX);
        int used = atomic_load(&slots_used);
        while (used < i + 1 && !atomic_compare_exchange_weak(&slots_used, &used, i + 1)) {}
        atomic_store(&slots[i].state, SLOT_LIVE);
        return i;
    }
    return -1;
}

void wc_fault_guard_unregister(int slot) {
    if (slot < 0 || slot >= WC_GUARD_SLOTS) return;
    atomic_store(&slots[slot].state, SLOT_FREE);
}

void wc_fault_guard_note_missing(int slot, size_t offset) {
    if (slot < 0 || slot >= WC_GUARD_SLOTS) return;
    note_missing(&slots[slot], offset);
}

size_t wc_fault_guard_first_missing(int slot) {
    if (slot < 0 || slot >= WC_GUARD_SLOTS) return SIZE_MAX;
    return atomic_load(&slots[slot].first_missing);
}
