// InOrderReports: progress made on many threads reaches its one callback in the order it was made. A worker
// numbers its report under the lock that changed the state, then reports after letting that lock go; another
// worker's later report can overtake it, and a display that drew the late one last would end behind the run
// (28% where the run had reached 100%). A report older than one already delivered is dropped.

/// Delivers numbered reports newest-first-wins, one at a time.
package final class InOrderReports: Sendable {
    private let last = Locked(0)

    package init() {}

    /// Runs `deliver` when report `number` (1, 2, … in the order the reports were made) is newer than every report
    /// delivered so far; under a lock, so deliveries never overlap.
    package func deliver(_ number: Int, _ deliver: () -> Void) {
        last.withLock { last in
            guard number > last else { return }
            last = number
            deliver()
        }
    }
}
