// ScanPlan: how one file's work is cut up — the serial digest lane over the whole file in order, and the
// statistics items (whole blocks of one tensor, ≥ 1 MiB where the tensor allows) that any core may take.

/// One piece of statistics work: a run of whole blocks of one tensor.
struct StatisticsItem: Sendable {
    /// Index into the request's selected tensors.
    let tensorIndex: Int
    /// Absolute byte range in the file (whole blocks).
    let byteRange: Range<Int>
}

/// The work of one file.
struct ScanPlan: Sendable {
    /// The request.
    let request: ScanRequest
    /// Selected tensors, header order.
    let tensors: [TensorInfo]
    /// Statistics items, sorted by offset.
    let items: [StatisticsItem]
    /// Whether there is serial digest work (whole-file or per-tensor digests).
    let hasDigestLane: Bool
    /// Problems found while planning, by tensor index (type cannot be dequantized).
    let problems: [Int: String]

    /// Bytes the lane reads plus bytes the items read: the unit of progress.
    var workBytes: Int {
        (hasDigestLane ? request.file.size : 0) + items.reduce(0) { $0 + $1.byteRange.count }
    }

    /// Plans `request`, cutting tensors into items of about `itemBytes` (rounded down to whole blocks, at least one block).
    init(_ request: ScanRequest, itemBytes: Int) {
        self.request = request
        tensors = request.selectedTensors
        hasDigestLane = !request.fileDigests.isEmpty || !request.tensorDigests.isEmpty
        var items: [StatisticsItem] = []
        var problems: [Int: String] = [:]
        if request.statistics {
            for (i, t) in tensors.enumerated() {
                guard t.type.canDequantize else {
                    problems[i] = t.type.isKnown ? "values of type \(t.type.name) are not checked"
                                                 : "unknown type: values cannot be checked"
                    continue
                }
                let block = t.type.bytesPerBlock
                guard t.byteCount % block == 0 else {
                    problems[i] = "\(t.byteCount) bytes is not a whole number of \(t.type.name) blocks"
                    continue
                }
                let step = max(block, itemBytes / block * block)
                var start = t.byteRange.lowerBound
                while start < t.byteRange.upperBound {
                    let end = min(t.byteRange.upperBound, start + step)
                    items.append(StatisticsItem(tensorIndex: i, byteRange: start..<end))
                    start = end
                }
            }
        }
        items.sort { $0.byteRange.lowerBound < $1.byteRange.lowerBound }
        self.items = items
        self.problems = problems
    }

    /// The item size for `totalBytes` of statistics work on `workers` cores: about four items per core,
    /// between 1 MiB and 16 MiB.
    static func itemBytes(totalBytes: Int, workers: Int) -> Int {
        min(16 << 20, max(1 << 20, totalBytes / max(1, 4 * workers)))
    }
}
