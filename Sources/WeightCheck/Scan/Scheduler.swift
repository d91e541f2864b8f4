// Scheduler: hands out the engine's work — digest lanes first (they are the long poles, largest file
// first), then statistics items in file order, never too far ahead of their lane — and releases pages
// once both the lane and every item have passed them. A worker with nothing to do sleeps on its lock's condition.
// Files of one read group (a spinning disk: `ReadPolicy`) are read one at a time; it also counts files done and
// tells the engine the moment a file's lane and every item are done.
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
        /// Some work of the file was handed out.
        var started = false
        /// Its bytes are all handed out (lane done, or every item of a lane-less file taken): its group is free.
        var readThrough = false
        /// Lane and every item done.
        var complete = false
    }

    private struct State {
        var jobs: [JobState]
        var doneBytes = 0
        var filesDone = 0
        /// Snapshots taken so far: the order in which they describe the run.
        var snapshots = 0
        /// Files started and not yet read through, per read group.
        var open: [Int: Int] = [:]
        /// Files started and not complete, in the order they started.
        var reading: [Int] = []
    }

    private let state: Locked<State>
    private let plans: [(size: Int, hasLane: Bool, items: [Range<Int>])]
    private let files: [MappedFile]
    private let names: [String]
    private let laneOrder: [Int]
    /// Per job, its read group (nil: read freely).
    private let groups: [Int?]
    private let maximumLead: Int
    private let totalBytes: Int
    /// The bytes of input: what progress is reported in, however many lanes and items read each byte.
    private let inputBytes: Int
    /// Worker count; with one worker the lane also runs the items it has passed, so bytes are read once.
    let workers: Int
    private let progress: (@Sendable (ScanProgress) -> Void)?
    private let inOrder = InOrderReports()
    private let completed: (@Sendable (Int) -> Void)?
    /// Jobs with nothing to read (no lane, no items): complete from the start.
    let emptyJobs: [Int]
    /// Pages are released in steps of at least this many bytes.
    private let releaseStep = 8 << 20

    init(jobs: [FileJob], workers: Int, maximumLead: Int, groups: [Int?]? = nil,
         progress: (@Sendable (ScanProgress) -> Void)?, completed: (@Sendable (Int) -> Void)? = nil) {
        for (i, j) in jobs.enumerated() { j.index = i }
        plans = jobs.map { ($0.plan.request.file.size, $0.plan.hasDigestLane, $0.plan.items.map(\.byteRange)) }
        files = jobs.map { $0.plan.request.file }
        names = jobs.map { $0.plan.request.displayPath }
        laneOrder = jobs.indices.filter { jobs[$0].plan.hasDigestLane }.sorted { jobs[$0].plan.request.file.size > jobs[$1].plan.request.file.size }
        self.groups = groups ?? jobs.map { _ in nil }
        var initial = State(jobs: jobs.map { JobState(done: Array(repeating: false, count: $0.plan.items.count)) })
        emptyJobs = jobs.indices.filter { !jobs[$0].plan.hasDigestLane && jobs[$0].plan.items.isEmpty }
        for j in emptyJobs {
            initial.jobs[j].complete = true
            initial.filesDone += 1
        }
        state = Locked(initial)
        self.workers = workers
        self.maximumLead = maximumLead
        self.totalBytes = jobs.reduce(0) { $0 + $1.plan.workBytes }
        self.inputBytes = jobs.reduce(0) { $0 + $1.plan.request.file.size }
        self.progress = progress
        self.completed = completed
        for f in files { f.adviseSequential() }
    }

    /// The next task, or nil when all work is handed out. While the only work left is items too far ahead of
    /// their lane, or files waiting for their read group, sleeps until a lane moves on or a file is read through
    /// (no polling: `laneAdvanced`, `laneFinished` and `finish` wake it).
    func next() -> ScanTask? {
        state.wait { s -> ScanTask?? in
            for j in laneOrder where !s.jobs[j].laneClaimed && mayStart(s, j) {
                start(&s, j)
                s.jobs[j].laneClaimed = true
                return .some(.lane(j))
            }
            var waiting = laneOrder.contains { !s.jobs[$0].laneClaimed }
            for j in plans.indices {
                let js = s.jobs[j]
                guard js.nextItem < plans[j].items.count else { continue }
                // A grouped file starts with its lane (or, without one, when its group is free).
                if groups[j] != nil && !js.started && (plans[j].hasLane || !mayStart(s, j)) {
                    waiting = true
                    continue
                }
                let item = plans[j].items[js.nextItem]
                if plans[j].hasLane && !js.laneDone && item.lowerBound > js.laneCursor + maximumLead {
                    waiting = true
                    continue
                }
                start(&s, j)
                s.jobs[j].nextItem += 1
                if !plans[j].hasLane && s.jobs[j].nextItem == plans[j].items.count { readThrough(&s, j) }
                return .some(.item(j, js.nextItem))
            }
            return waiting ? nil : .some(nil)
        }
    }

    /// Whether job j may start now: it has, or it reads freely, or no file of its group is being read.
    private func mayStart(_ s: State, _ j: Int) -> Bool {
        guard let g = groups[j], !s.jobs[j].started else { return true }
        return (s.open[g] ?? 0) == 0
    }

    private func start(_ s: inout State, _ j: Int) {
        guard !s.jobs[j].started else { return }
        s.jobs[j].started = true
        s.reading.append(j)
        if let g = groups[j] { s.open[g, default: 0] += 1 }
    }

    private func readThrough(_ s: inout State, _ j: Int) {
        guard s.jobs[j].started, !s.jobs[j].readThrough else { return }
        s.jobs[j].readThrough = true
        if let g = groups[j] { s.open[g, default: 1] -= 1 }
    }

    /// Marks job j complete once its lane and every item are done; true when it just became so.
    private func completeIfDone(_ s: inout State, _ j: Int) -> Bool {
        let js = s.jobs[j]
        guard !js.complete, !plans[j].hasLane || js.laneDone, js.lowestUndone == plans[j].items.count else { return false }
        readThrough(&s, j)
        s.jobs[j].complete = true
        s.filesDone += 1
        s.reading.removeAll { $0 == j }
        return true
    }

    /// Where the run stands, numbered, for the progress callback (nil when there is none).
    private func snapshot(_ s: inout State) -> (Int, ScanProgress)? {
        guard progress != nil else { return nil }
        s.snapshots += 1
        let done = totalBytes > 0 ? Int(Double(inputBytes) * Double(s.doneBytes) / Double(totalBytes)) : inputBytes
        return (s.snapshots, ScanProgress(bytesDone: done, bytesTotal: inputBytes, filesDone: s.filesDone,
                                          filesTotal: plans.count, current: s.reading.first.map { names[$0] },
                                          reading: s.reading.count))
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

    /// Reports progress in bytes of input (work done, lane and item bytes, scaled to the input's size, so the
    /// total shown is the input's and a byte read by two consumers counts once), then a completed file.
    /// Snapshots arrive in the order they were taken (`InOrderReports`), so the last report is the run's end.
    private func report(_ p: (Int, ScanProgress)?, completed j: Int?) {
        if let (n, p) = p, let progress { inOrder.deliver(n) { progress(p) } }
        if let j, let completed { completed(j) }
    }

    /// The lane of job j has read everything below `cursor`.
    func laneAdvanced(job j: Int, to cursor: Int, bytes: Int) {
        let p = state.withLockWakingWaiters { s in
            s.jobs[j].laneCursor = cursor
            s.doneBytes += bytes
            releaseIfDue(&s, j)
            return snapshot(&s)
        }
        report(p, completed: nil)
    }

    /// The lane of job j is complete.
    func laneFinished(job j: Int) {
        let (p, complete) = state.withLockWakingWaiters { s in
            s.jobs[j].laneDone = true
            s.jobs[j].laneCursor = plans[j].size
            releaseIfDue(&s, j)
            readThrough(&s, j)
            let done = completeIfDone(&s, j)  // before the snapshot, which counts it
            return (snapshot(&s), done)
        }
        report(p, completed: complete ? j : nil)
    }

    /// Item i of job j is complete; it read `bytes` bytes.
    func finish(job j: Int, item i: Int, _ bytes: Int) {
        let (p, complete) = state.withLockWakingWaiters { s in
            s.jobs[j].done[i] = true
            while s.jobs[j].lowestUndone < s.jobs[j].done.count && s.jobs[j].done[s.jobs[j].lowestUndone] {
                s.jobs[j].lowestUndone += 1
            }
            s.doneBytes += bytes
            releaseIfDue(&s, j)
            let done = completeIfDone(&s, j)  // before the snapshot, which counts it
            return (snapshot(&s), done)
        }
        report(p, completed: complete ? j : nil)
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
