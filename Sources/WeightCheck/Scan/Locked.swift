// Locked: a value behind a lock, for the shared state of the parallel passes (scan, compare). It takes the place of
// Synchronization.Mutex so that ThreadSanitizer can check them (see the type's comment); the interface is Mutex's.
import Foundation

/// A value reached only under a lock, with `Mutex`'s `withLock` interface.
///
/// Why not `Synchronization.Mutex`: on Linux its contended path (a futex wait inside the uninstrumented standard
/// library) is invisible to ThreadSanitizer, so TSan reports every contended access to a Mutex-guarded value as a
/// race (a four-thread counter behind a Mutex reproduces it with Swift 6.3). `NSLock` is a pthread mutex, which
/// TSan intercepts, so `swift test --sanitize=thread` checks the scan for real. A lock per scan item or lane
/// step (≥ 1 MiB of work) costs nothing measurable.
///
/// `@unchecked Sendable`: `value` is read and written only inside `withLock`, while `lock` is held.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    /// A lock around `value`.
    init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` with exclusive access to the value.
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
