// CompareEngine: the one parallel pass of `compare`. Items (runs of whole rows or blocks of one matched pair) are
// handed out in order; each is dequantized piece by piece into per-thread buffers on both sides and accumulated.
import Dispatch
import Foundation

/// What the pass found for one matched pair.
public struct PairOutcome: Sendable {
    /// The accumulated sums, when the pair was compared.
    public let sums: ErrorAccumulator?
    /// Why it was not compared (shapes disagree, a type that cannot be read, …).
    public let problem: String?
    /// Bytes read for it, both sides.
    public let bytesRead: Int
}

/// Computes the error sums of matched pairs in one parallel pass.
///
/// The candidate and the reference are dequantized block by block into two small per-thread buffers
/// (`bufferElements` floats each), never into whole-tensor arrays; the reference rows are read in the order the
/// pairing says (the llama Q/K permutation, row slices, expert slices) and `referenceOffset` is added (Gemma's +1).
/// Each item has its own `ErrorAccumulator` (double sums); a pair's items are merged in item order, and item
/// boundaries do not depend on the thread count, so every figure is the same on every run and every machine.
/// Pages are released behind each item and each finished pair, so resident memory does not grow with model size.
public struct CompareEngine: Sendable {
    /// Worker threads.
    public let threads: Int
    /// Elements per work item (rounded to whole rows or blocks): about 1 M, 1–2 MB of reference bytes.
    public var itemElements = 1 << 20
    /// Floats per per-thread buffer (a multiple of 256): 64 Ki floats, 256 KiB, so both buffers stay in L2.
    public var bufferElements = 1 << 16

    /// An engine with `threads` workers (default: every core).
    public init(threads: Int? = nil) {
        self.threads = max(1, threads ?? ProcessInfo.processInfo.activeProcessorCount)
    }

    /// Compares every pair; outcomes in `pairs` order.
    ///
    /// - Parameters:
    ///   - reference, candidate: the models the pairs' tensors come from (looked up by name).
    ///   - progress: called from worker threads with (bytes done, bytes total) after each item.
    public func run(_ pairs: [TensorPair], reference: ModelSource, candidate: ModelSource,
                    progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) -> [PairOutcome] {
        let refByName = CompareEngine.index(reference), candByName = CompareEngine.index(candidate)
        let buffer = max(256, bufferElements / 256 * 256)  // whole blocks of every type (block lengths divide 256)
        let plan = ComparePlan(pairs, sides: { i in
            guard let r = refByName[pairs[i].reference.name], let c = candByName[pairs[i].candidate.name] else { return nil }
            return (r, c)
        }, itemElements: itemElements)
        let results = run(plan, bufferElements: buffer, progress: progress)
        var outcomes = (0..<pairs.count).map { PairOutcome(sums: nil, problem: plan.problems[$0], bytesRead: 0) }
        var item = 0
        for (k, p) in plan.pairs.enumerated() {
            var sums = ErrorAccumulator()
            var failure: String?
            var bytes = 0
            while item < plan.items.count && plan.items[item].pair == k {
                bytes += plan.items[item].bytes
                switch results[item] {
                case .success(let a): sums.merge(a)
                case .failure(let e): failure = failure ?? e.description
                }
                item += 1
            }
            outcomes[p.index] = PairOutcome(sums: failure == nil ? sums : nil, problem: failure, bytesRead: bytes)
        }
        return outcomes
    }

    private static func index(_ m: ModelSource) -> [String: ModelSource.Tensor] {
        var out: [String: ModelSource.Tensor] = [:]
        for t in m.tensors where out[t.info.name] == nil { out[t.info.name] = t }
        return out
    }

    /// Runs the plan's items on `threads` workers; results in item order.
    private func run(_ plan: ComparePlan, bufferElements: Int,
                     progress: (@Sendable (Int, Int) -> Void)?) -> [Result<ErrorAccumulator, DequantizeError>] {
        let slots = ResultSlots<Result<ErrorAccumulator, DequantizeError>>(count: plan.items.count)
        let next = Locked(0)
        let total = plan.items.reduce(0) { $0 + $1.bytes }
        let tracker = Locked<(done: Int, reports: Int, left: [Int])>((0, 0, plan.pairs.map { _ in 0 }))
        let inOrder = InOrderReports()
        tracker.withLock { for item in plan.items { $0.left[item.pair] += 1 } }
        var files: [ObjectIdentifier: MappedFile] = [:]
        for p in plan.pairs { for f in [p.reference.file, p.candidate.file] { files[ObjectIdentifier(f)] = f } }
        for f in files.values { f.adviseSequential() }

        DispatchQueue.concurrentPerform(iterations: min(threads, max(1, plan.items.count))) { _ in
            let worker = CompareWorker(bufferElements: bufferElements)
            while true {
                let i = next.withLock { n in defer { n += 1 }; return n }
                guard i < plan.items.count else { break }
                let item = plan.items[i]
                let pair = plan.pairs[item.pair]
                slots.set(i, worker.run(item, pair))
                worker.release(item, pair)
                let (done, report, pairDone) = tracker.withLock { s -> (Int, Int, Bool) in
                    s.done += item.bytes
                    s.reports += 1
                    s.left[item.pair] -= 1
                    return (s.done, s.reports, s.left[item.pair] == 0)
                }
                if pairDone {
                    pair.reference.file.release(pair.reference.byteRange)
                    pair.candidate.file.release(pair.candidate.bytes(elements: pair.candidateBase,
                                                                     count: pair.pairing.rowCount * pair.pairing.rowLength))
                }
                if let progress { inOrder.deliver(report) { progress(done, total) } }
            }
        }
        // Every item was taken and its slot set before concurrentPerform returned.
        return slots.values.map { $0! }
    }
}
