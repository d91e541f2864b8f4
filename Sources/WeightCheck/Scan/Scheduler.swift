// Scheduler: hands out the engine's work — digest lanes first (they are the long poles, largest file
// first), then statistics items in file order, never too far ahead of their lane — and releases pages
// once both the lane and every item have passed them. A worker with nothing to do sleeps on its lock's condition.
import Foundation

/// A unit of work handed to a worker.
enum ScanTask {
    /// Run job j's digest lane to the end.
    case lane(Int)
    /// Run item i of job j.
    case item(Int, Int)
}

final class Scheduler: Sendable {
    private struct JobState {
        var laneClaimed = false
        var laneDone = false
        var laneCursor = 0
        var nextItem = 0
        var done: [Bool]
        var lowestUndone = 0
        var released = 0
    }

    private struct State {
        var jobs: [JobState]
        var doneBytes = 0
    }

    private let state: Locked<State>
    private let plans: [(size: Int, hasLane: Bool, items: [Range<Int>])]
    private let files: [MappedFile]
    private let laneOrder: [Int]
    private let maximumLead: Int
    private let totalBytes: Int
    /// The bytes of input: what progress is reported in, however many lanes and items read each byte.
    private let inputBytes: Int
    /// Worker count; with one worker the lane also runs the items it has passed, so bytes are read once.
    let workers: Int
    private let progress: (@Sendable (Int, Int) -> Void)?
    /// Pages are released in steps of at least this many bytes.
    private let releaseStep = 8 << 20

    init(jobs: [FileJob], workers: Int, maximumLead: Int, progress: (@Sendable (Int, Int) -> Void)?) {
        for (i, j) in jobs.enumerated() { j.index = i }
        plans = jobs.map { ($0.plan.request.file.size, $0.plan.hasDigestLane, $0.plan.items.map(\.byteRange)) }
        files = jobs.map { $0.plan.request.file }
        laneOrder = jobs.indices.filter { jobs[$0].plan.hasDigestLane }.sorted { jobs[$0].plan.request.file.size > jobs[$1].plan.request.file.size }
        state = Locked(State(jobs: jobs.map { JobState(done: Array(repeating: false, count: $0.plan.items.count)) }))
        self.workers = workers
        self.maximumLead = maximumLead
        self.totalBytes = jobs.reduce(0) { $0 + $1.plan.workBytes }
        self.inputBytes = jobs.reduce(0) { $0 + $1.plan.request.file.size }
        self.progress = progress
        for f in files { f.adviseSequential() }
    }

    /// The next task, or nil when all work is handed out. While the only work left is items too far ahead of
    /// their lane, sleeps until a lane moves on (no polling: `laneAdvanced` and `laneFinished` wake it).
    func next() -> ScanTask? {
        state.wait { s -> ScanTask?? in
            for j in laneOrder where !s.jobs[j].laneClaimed {
                s.jobs[j].laneClaimed = true
                return .some(.lane(j))
            }
            var waiting = false
            for j in plans.indices {
                let js = s.jobs[j]
                guard js.nextItem < plans[j].items.count else { continue }
                let item = plans[j].items[js.nextItem]
                if plans[j].hasLane && !js.laneDone && item.lowerBound > js.laneCursor + maximumLead {
                    waiting = true
                    continue
                }
                s.jobs[j].nextItem += 1
                return .some(.item(j, js.nextItem))
            }
            return waiting ? nil : .some(nil)
        }
    }

    /// The next unclaimed item of job j if it ends at or below `limit`.
    func takeItem(job j: Int, endingBy limit: Int) -> Int? {
        state.withLock { s in
            let n = s.jobs[j].nextItem
            guard n < plans[j].items.count, plans[j].items[n].upperBound <= limit else { return nil }
            s.jobs[j].nextItem += 1
            return n
        }
    }

    /// While job j's lane at `cursor` is more than the maximum lead ahead of its lowest unfinished item: the
    /// next unclaimed item starting below the cursor, for the lane to run itself, or — when every such item is
    /// running on another worker — a sleep until one finishes (`finish` wakes it). Nil once the lane may read on.
    func itemBehindLane(job j: Int, cursor: Int) -> Int? {
        state.wait { s -> Int?? in
            let js = s.jobs[j]
            guard js.lowestUndone < plans[j].items.count,
                  plans[j].items[js.lowestUndone].lowerBound + maximumLead < cursor else { return .some(nil) }
            let n = js.nextItem
            guard n < plans[j].items.count, plans[j].items[n].lowerBound < cursor else { return nil }
            s.jobs[j].nextItem += 1
            return .some(n)
        }
    }

    /// Reports progress in bytes of input: work done (lane and item bytes) scaled to the input's size, so the
    /// total shown is the input's and a byte read by two consumers counts once.
    private func report(_ done: Int) {
        guard let progress, totalBytes > 0 else { return }
        progress(Int(Double(inputBytes) * Double(done) / Double(totalBytes)), inputBytes)
    }

    /// The lane of job j has read everything below `cursor`.
    func laneAdvanced(job j: Int, to cursor: Int, bytes: Int) {
        let done = state.withLockWakingWaiters { s in
            s.jobs[j].laneCursor = cursor
            s.doneBytes += bytes
            releaseIfDue(&s, j)
            return s.doneBytes
        }
        report(done)
    }

    /// The lane of job j is complete.
    func laneFinished(job j: Int) {
        state.withLockWakingWaiters { s in
            s.jobs[j].laneDone = true
            s.jobs[j].laneCursor = plans[j].size
            releaseIfDue(&s, j)
        }
    }

    /// Item i of job j is complete; it read `bytes` bytes.
    func finish(job j: Int, item i: Int, _ bytes: Int) {
        let done = state.withLockWakingWaiters { s in
            s.jobs[j].done[i] = true
            while s.jobs[j].lowestUndone < s.jobs[j].done.count && s.jobs[j].done[s.jobs[j].lowestUndone] {
                s.jobs[j].lowestUndone += 1
            }
            s.doneBytes += bytes
            releaseIfDue(&s, j)
            return s.doneBytes
        }
        report(done)
    }

    /// Releases job j's pages below both its lane and its lowest unfinished item, in steps of `releaseStep`.
    private func releaseIfDue(_ s: inout State, _ j: Int) {
        let js = s.jobs[j]
        let size = plans[j].size
        let laneMark = plans[j].hasLane && !js.laneDone ? (js.laneClaimed ? js.laneCursor : 0) : size
        let itemMark = js.lowestUndone < plans[j].items.count ? plans[j].items[js.lowestUndone].lowerBound : size
        let mark = min(laneMark, itemMark, size)
        guard mark > js.released, mark - js.released >= releaseStep || mark == size else { return }
        files[j].release(js.released..<mark)
        s.jobs[j].released = mark
    }
}
