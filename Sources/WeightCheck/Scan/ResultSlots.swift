// ResultSlots: the one way a parallel pass (scan, histograms, compare, file hashing) hands results back — a slot
// per work item, each written once by the worker that ran it, read in item order once the pass has ended.

/// A fixed number of optional results filled from concurrent workers.
final class ResultSlots<Value: Sendable>: Sendable {
    private let slots: Locked<[Value?]>

    /// `count` empty slots.
    init(count: Int) {
        slots = Locked(Array(repeating: nil, count: count))
    }

    /// Stores the result of item `i`.
    func set(_ i: Int, _ value: Value) {
        slots.withLock { $0[i] = value }
    }

    /// Every slot, in item order (nil where no result was stored).
    var values: [Value?] { slots.withLock { $0 } }
}
