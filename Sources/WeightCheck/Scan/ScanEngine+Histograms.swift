// ScanEngine+Histograms: the histogram round of a scan — once the statistics have given each tensor's range,
// the same items, read through the same host-order conversion, are counted into bins over that range.
import Dispatch

extension ScanEngine {
    /// Adds `histogram` to every tensor result whose request asked for one (`ScanRequest.histogramBins`) and
    /// whose statistics found a finite range.
    func countHistograms(_ jobs: [FileJob], into results: inout [ScanResult]) {
        var emptyHistograms: [[TensorHistogram?]] = []
        var workItems: [(job: Int, item: Int)] = []
        for (j, job) in jobs.enumerated() {
            let bins = job.plan.request.histogramBins
            emptyHistograms.append(results[j].tensors.map { tr in
                guard let bins, tr.problem == nil, let lo = tr.statistics?.minimum, let hi = tr.statistics?.maximum else { return nil }
                return TensorHistogram(lowerBound: lo, upperBound: hi, binCount: bins)
            })
            for (i, item) in job.plan.items.enumerated()
            where item.checksumIndex == nil && emptyHistograms[j][item.tensorIndex] != nil { workItems.append((j, i)) }
        }
        let (empty, work) = (emptyHistograms, workItems)
        guard !work.isEmpty else { return }
        let slots = ResultSlots<TensorHistogram>(count: work.count)
        let next = Locked(0)
        DispatchQueue.concurrentPerform(iterations: min(threads, work.count)) { _ in
            let scanner = TensorScanner()
            defer { scanner.deallocate() }
            while true {
                let w = next.withLock { n in defer { n += 1 }; return n }
                guard w < work.count else { return }
                let plan = jobs[work[w].job].plan
                let item = plan.items[work[w].item]
                let tensor = plan.tensors[item.tensorIndex]
                guard var h = empty[work[w].job][item.tensorIndex] else { continue }
                plan.request.file.withBytes(in: item.byteRange) {
                    scanner.count(tensor.type, $0, bigEndian: plan.request.bigEndian, into: &h)
                }
                plan.request.file.release(item.byteRange)  // pages wholly inside the item: memory stays flat
                slots.set(w, h)
            }
        }
        // Counts are integers: merged in item order, the same on every run.
        for (w, h) in slots.values.enumerated() {
            guard let h else { continue }
            let (j, t) = (work[w].job, jobs[work[w].job].plan.items[work[w].item].tensorIndex)
            if results[j].tensors[t].histogram == nil { results[j].tensors[t].histogram = h } else { results[j].tensors[t].histogram!.merge(h) }
        }
    }
}
