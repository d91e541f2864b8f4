// Locked: the package's one lock idiom — a value behind a pthread mutex with a condition, for the shared state
// of the parallel passes (scan, histograms, compare, hashing) and the CLI's console and progress bar.
import Foundation

/// A value reached only under a lock, with `Mutex`'s `withLock` interface, plus waiting for the value to change.
///
/// Why this and not `Synchronization.Mutex`, `Atomic` or `DispatchSemaphore`: one idiom is easier to trust than
/// four, and this is the one ThreadSanitizer sees. On Linux a contended `Mutex` waits on a futex inside the
/// uninstrumented standard library, so TSan (`.ci/sanitizers.sh`) reports every contended access behind it as a
/// race (a four-thread counter behind a Mutex reproduces it with Swift 6.3); `NSCondition` is a pthread mutex and
/// condition variable, which TSan intercepts. A lock per work item (≥ 1 MiB of work) costs nothing measurable,
/// and the condition lets an idle worker sleep until the state it waits for changes, instead of polling.
///
/// `@unchecked Sendable`: `value` is read and written only while `condition`'s lock is held.
package final class Locked<Value>: @unchecked Sendable {
    private let condition = NSCondition()
    private var value: Value

    /// A lock around `value`.
    package init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` with exclusive access to the value.
    package func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        condition.lock()
        defer { condition.unlock() }
        return try body(&value)
    }

    /// Runs `body` with exclusive access to the value, then wakes every thread in `wait(until:)` to look again.
    package func withLockWakingWaiters<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        condition.lock()
        defer {
            condition.broadcast()
            condition.unlock()
        }
        return try body(&value)
    }

    /// Runs `body` under the lock until it returns a result, sleeping between tries until another thread
    /// changes the value through `withLockWakingWaiters`.
    package func wait<Result>(until body: (inout Value) -> Result?) -> Result {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let result = body(&value) { return result }
            condition.wait()
        }
    }
}
