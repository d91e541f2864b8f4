// A software prefetch hint, which Swift has no spelling for; inlined into the Swift loops that call it.
// Used by XXH3's stripe loop to keep page-cache reads ahead of the arithmetic.
#ifndef WC_PREFETCH_H
#define WC_PREFETCH_H

/// Hints the CPU to load the cache line at `p` for reading; never faults, even on an invalid address.
static inline __attribute__((always_inline)) void wc_prefetch(const void *p) {
    __builtin_prefetch(p, 0, 3);
}

#endif
