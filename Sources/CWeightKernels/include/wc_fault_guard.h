// Mapped-file fault guard: a read of a registered read-only file mapping past the file's current end (the file
// was truncated after it was mapped) gets zeros and a record of the first missing byte instead of SIGBUS.
#ifndef WC_FAULT_GUARD_H
#define WC_FAULT_GUARD_H

#include <stddef.h>

/// Registers the mapping [base, base + length) (length > 0). The first call installs, once per process, a
/// SIGBUS handler (sigaction, SA_SIGINFO) that keeps the previous handler and calls it for any fault outside a
/// registered mapping. On a fault inside one, the handler maps zero pages read-only over the rest of the mapping
/// (MAP_FIXED), records the faulting page's offset, and returns: the read is retried and sees zeros.
/// Returns a slot (≥ 0) for the calls below, or -1 when the table of 16384 live mappings is full or the
/// platform has no such handler (the mapping is then unguarded).
int wc_fault_guard_register(const void *base, size_t length);

/// Forgets slot `slot` (from wc_fault_guard_register); call before unmapping. Ignores -1.
void wc_fault_guard_unregister(int slot);

/// Records that the bytes from `offset` on were found missing by another way of reading (a short `pread`);
/// keeps the smallest offset recorded. Ignores -1.
void wc_fault_guard_note_missing(int slot, size_t offset);

/// The smallest offset (from the mapping's base) found missing, or (size_t)-1 when none was.
size_t wc_fault_guard_first_missing(int slot);

#endif
