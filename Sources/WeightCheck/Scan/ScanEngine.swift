// ScanEngine: the one parallel pass. Each file has a serial digest lane (SHA-256 and friends must see
// bytes in order) and statistics items any core may take; lanes run in parallel across files, items fill
// the other cores near the lane's position, and pages behind both are released so memory stays flat.
import Dispatch
import Foundation

/// Runs scan requests over all cores.
public struct ScanEngine: Sendable {
    /// Worker threads.
    public let threads: Int
    /// Bytes the digest lane reads per step (and the release granularity).
    public var laneChunkBytes = 4 << 20
    /// How far statistics items and the digest lane of a file may run apart: both read the same pages while
    /// they are in memory, and resident memory stays within about twice this (plus items in flight).
    public var maximumLead = 32 << 20
    /// Bytes per parallel item (tests make it small to cut checksum ranges into many pieces).
    var itemBytes = ScanPlan.itemBytes
    /// How digest lanes get their bytes (`FileFeed.Mode`, default `FileFeed.preferredMode`: `pread` into one small
    /// buffer per lane, as measured in benchmarks/RESULTS.md); statistics items always read the mapping.
    public var feedMode: FileFeed.Mode = FileFeed.preferredMode
    /// Whether a `.read` lane has its file copied by a thread of its own, a few pieces ahead (`ReadAhead`), where
    /// the engine has more threads than lanes run at once (with as many lanes as cores, a reader per lane made
    /// `hash --algo xxh3` of six files 0.14 s instead of 0.12 s) and the copy is the lane's to lose: a digest
    /// with no statistics beside it (from the page cache the copy is most of the pass), or a SHA-256 lane beside
    /// light statistics (`ScanPlan.hasLightStatistics`). On by default. A lane beside heavy statistics copies for
    /// itself: on two cores the reader then took time from the statistics (verify of IQ1_S 1.03–1.06×
    /// `openssl dgst -sha256` median with it, 0.97–1.04× without; of F16 0.83× with it, 0.94× without;
    /// benchmarks/RESULTS.md).
    public var readAhead = true
    /// Called with (job, true) as a digest lane starts and (job, false) as it ends (tests watch lanes overlap).
    var laneWatch: (@Sendable (Int, Bool) -> Void)? = nil

    /// An engine with `threads` workers (default: every core).
    public init(threads: Int? = nil) {
        self.threads = max(1, threads ?? ProcessInfo.processInfo.activeProcessorCount)
    }

    /// How many files are read at once (`--io`); parallel by default.
    public var readPolicy = ReadPolicy.parallel
    /// Where sysfs is mounted, for `ReadPolicy.auto` (tests pass a fake tree).
    public var sysfsRoot = "/sys"

    /// Scans every request; results in request order. `progress` is called with (bytes done, bytes total)
    /// from worker threads after each step.
    public func run(_ requests: [ScanRequest],
                    progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) -> [ScanResult] {
        run(requests, events: ScanEvents(progress: progress.map { report in { @Sendable p in report(p.bytesDone, p.bytesTotal) } }))
    }

    /// Scans every request; results in request order. `events` hears where the run stands and each file's
    /// result as soon as that file is done, from worker threads.
    public func run(_ requests: [ScanRequest], events: ScanEvents) -> [ScanResult] {
        let jobs = requests.map { FileJob(ScanPlan($0, itemBytes: itemBytes)) }
        let fileDone = events.fileDone
        let groups = readPolicy.groups(requests.map(\.file), sysfs: sysfsRoot)
        let scheduler = Scheduler(jobs: jobs, workers: threads, maximumLead: maximumLead, groups: groups,
                                  progress: events.progress,
                                  completed: fileDone.map { report in { @Sendable j in report(j, jobs[j].result()) } })
        if let fileDone { for j in scheduler.emptyJobs { fileDone(j, jobs[j].result()) } }
        let chunk = laneChunkBytes
        let feedMode = self.feedMode
        // A reader thread only where a core is left over from the lanes (one file, or files read one at a time).
        let lanes = jobs.indices.filter { jobs[$0].plan.hasDigestLane }
        let lanesAtOnce = lanes.filter { groups[$0] == nil }.count + Set(lanes.compactMap { groups[$0] }).count
        let readAhead = self.readAhead && lanesAtOnce < threads
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            let scanner = TensorScanner()
            defer { scanner.deallocate() }
            while let task = scheduler.next() {
                switch task {
                case .lane(let j): runLane(jobs[j], chunkBytes: chunk, feedMode: feedMode, readAhead: readAhead, scheduler: scheduler, scanner: scanner)
                case .item(let j, let i): scheduler.finish(job: j, item: i, jobs[j].runItem(i, scanner))
                }
            }
        }
        var results = jobs.map { $0.result() }
        countHistograms(jobs, into: &results)
        return results
    }

    /// Whether `plan`'s lane leaves its copy to a reader thread (see `readAhead`).
    static func copiesAhead(_ plan: ScanPlan) -> Bool {
        plan.items.isEmpty || (plan.request.fileDigests.contains(.sha256) && plan.hasLightStatistics)
    }

    private func runLane(_ job: FileJob, chunkBytes: Int, feedMode: FileFeed.Mode, readAhead: Bool, scheduler: Scheduler, scanner: TensorScanner) {
        laneWatch?(job.index, true)
        job.markStarted()
        let plan = job.plan
        let file = plan.request.file
        var fileHashers = plan.request.fileDigests.map { $0.makeHasher(totalLength: file.size) }
        // Tensors in offset order for per-tensor digests.
        let order = plan.tensors.indices.sorted { plan.tensors[$0].byteRange.lowerBound < plan.tensors[$1].byteRange.lowerBound }
        var tensorHashers: [[any StreamingDigest]] = plan.tensors.map { t in
            plan.request.tensorDigests.map { $0.makeHasher(totalLength: t.byteCount) }
        }
        var nextTensor = 0
        var offset = 0
        var zeroRuns = plan.request.zeroRuns ? ZeroPageRuns() : nil
        let feed = FileFeed(file, mode: feedMode, readAhead: readAhead && Self.copiesAhead(plan))
        while offset < file.size {
            // Ahead of the statistics by more than the lead: run items behind the lane (or sleep until the
            // workers running them finish), so memory stays bounded and no lane waits on a busy pool forever.
            while let i = scheduler.itemBehindLane(job: job.index, cursor: offset) {
                scheduler.finish(job: job.index, item: i, job.runItem(i, scanner))
            }
            let end = min(file.size, offset + chunkBytes)
            feed.read(offset..<end) { piece, at in
                for k in fileHashers.indices { fileHashers[k].update(piece) }
                zeroRuns?.update(piece, at: at)
                guard !plan.request.tensorDigests.isEmpty else { return }
                // Feed every tensor overlapping the piece [at, pieceEnd).
                let pieceEnd = at + piece.count
                while nextTensor < order.count && plan.tensors[order[nextTensor]].byteRange.upperBound <= at { nextTensor += 1 }
                var t = nextTensor
                while t < order.count {
                    let range = plan.tensors[order[t]].byteRange
                    if range.lowerBound >= pieceEnd { break }
                    let lo = max(range.lowerBound, at), hi = min(range.upperBound, pieceEnd)
                    if lo < hi {
                        let part = UnsafeRawBufferPointer(rebasing: piece[(lo - at)..<(hi - at)])
                        for k in tensorHashers[order[t]].indices { tensorHashers[order[t]][k].update(part) }
                    }
                    t += 1
                }
            }
            scheduler.laneAdvanced(job: job.index, to: end, bytes: end - offset)
            if scheduler.workers == 1 {
                // One core: summarize the blocks just hashed while they are still in cache.
                while let i = scheduler.takeItem(job: job.index, endingBy: end) {
                    scheduler.finish(job: job.index, item: i, job.runItem(i, scanner))
                }
            }
            offset = end
        }
        var digests: [HashAlgorithm: [UInt8]] = [:]
        for (k, algorithm) in plan.request.fileDigests.enumerated() { digests[algorithm] = fileHashers[k].finalize() }
        var perTensor: [[HashAlgorithm: [UInt8]]] = []
        for i in plan.tensors.indices {
            var d: [HashAlgorithm: [UInt8]] = [:]
            for (k, algorithm) in plan.request.tensorDigests.enumerated() { d[algorithm] = tensorHashers[i][k].finalize() }
            perTensor.append(d)
        }
        job.setDigests(digests, perTensor, zeroRuns: zeroRuns?.finish() ?? [])
        laneWatch?(job.index, false)
        scheduler.laneFinished(job: job.index)
    }
}

/// The state of one file's scan. Item results are written once each, by the worker that ran the item.
final class FileJob: @unchecked Sendable {
    // @unchecked Sendable: item results are in `ResultSlots`; digests are written once by the lane and read
    // after the pass.
    let plan: ScanPlan
    var index = 0
    private let itemResults: ResultSlots<TensorStatistics>
    private let checksumParts: ResultSlots<UInt32>
    private var fileDigests: [HashAlgorithm: [UInt8]] = [:]
    private var tensorDigests: [[HashAlgorithm: [UInt8]]] = []
    private var zeroRuns: [Range<Int>] = []
    /// The result, made once: when the file completes (for `ScanEvents.fileDone`) or after the pass.
    private let made = Locked<ScanResult?>(nil)
    let started = Locked<Double?>(nil)
    let finished = Locked<Double>(0)

    init(_ plan: ScanPlan) {
        self.plan = plan
        itemResults = ResultSlots(count: plan.items.count)
        checksumParts = ResultSlots(count: plan.items.count)
    }

    func runItem(_ i: Int, _ scanner: TensorScanner) -> Int {
        started.withLock { if $0 == nil { $0 = Sys.now() } }
        let item = plan.items[i]
        if item.checksumIndex != nil {
            let crc = plan.request.file.withBytes(in: item.byteRange) { crc32($0) }
            checksumParts.set(i, crc)
            finished.withLock { $0 = Sys.now() }
            return item.byteRange.count
        }
        let t = plan.tensors[item.tensorIndex]
        let summary = plan.request.file.withBytes(in: item.byteRange) {
            scanner.summarize(t.type, $0, bigEndian: plan.request.bigEndian)
        }
        itemResults.set(i, summary)
        finished.withLock { $0 = Sys.now() }
        return item.byteRange.count
    }

    func setDigests(_ file: [HashAlgorithm: [UInt8]], _ tensors: [[HashAlgorithm: [UInt8]]], zeroRuns: [Range<Int>]) {
        fileDigests = file
        tensorDigests = tensors
        self.zeroRuns = zeroRuns
        finished.withLock { $0 = max($0, Sys.now()) }
    }

    /// Merges item results in item order (the same on every run) into the result; called once the file is done.
    func result() -> ScanResult {
        made.withLock { made in
            if made == nil { made = makeResult() }
            return made!
        }
    }

    private func makeResult() -> ScanResult {
        let request = plan.request
        var out = ScanResult(displayPath: request.displayPath, size: request.file.size)
        out.digests = fileDigests
        var stats: [TensorStatistics?] = Array(repeating: nil, count: plan.tensors.count)
        let itemResults = self.itemResults.values
        let parts = checksumParts.values
        out.checksums = Array(repeating: 0, count: request.checksums.count)
        for (i, item) in plan.items.enumerated() {
            if let c = item.checksumIndex {
                out.checksums[c] = crc32Combine(out.checksums[c], parts[i] ?? 0, lengthB: item.byteRange.count)
                continue
            }
            guard let r = itemResults[i] else { continue }
            if stats[item.tensorIndex] == nil { stats[item.tensorIndex] = r } else { stats[item.tensorIndex]!.merge(r) }
        }
        for (i, t) in plan.tensors.enumerated() {
            var tr = TensorScanResult(tensor: t)
            if request.statistics {
                tr.statistics = stats[i] ?? (plan.problems[i] == nil ? TensorStatistics() : nil)
                tr.problem = plan.problems[i]
            }
            if i < tensorDigests.count { tr.digests = tensorDigests[i] }
            out.tensors.append(tr)
        }
        out.trailingZeroBytes = TrailingZeros.count(in: request.file)
        out.firstMissingByte = request.file.firstMissingByte
        out.zeroPageRuns = zeroRuns
        let start = started.withLock { $0 } ?? 0
        out.seconds = max(0, finished.withLock { $0 } - start)
        return out
    }

    func markStarted() { started.withLock { if $0 == nil { $0 = Sys.now() } } }
}
