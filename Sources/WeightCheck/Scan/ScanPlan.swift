// ScanPlan: how one file's work is cut up — the serial digest lane over the whole file in order, and the
// statistics items (whole blocks of one tensor, ≥ 1 MiB where the tensor allows) that any core may take.

/// One piece of parallel work: a run of whole blocks of one tensor to summarize, or a piece of a checksum range.
struct StatisticsItem: Sendable {
    /// Index into the request's selected tensors (-1 for a checksum piece).
    let tensorIndex: Int
    /// Absolute byte range in the file (whole blocks).
    let byteRange: Range<Int>
    /// Index into the request's `checksums`, for a checksum piece.
    var checksumIndex: Int? = nil
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

    /// Types whose statistics kernels run at three times SHA-256's speed or more on one core (4–10 GB/s against
    /// 1.4 GB/s, benchmarks/RESULTS.md's kernel tables); the low-bit K-, IQ- and ternary types run at 1.1–3×.
    static let lightStatisticsTypes: Set<ElementType> = [.f32, .f16, .bf16, .q8_0, .q4_0, .q4_K, .q5_K, .q6_K]

    /// Whether the statistics leave a core's worth of slack beside a SHA-256 lane: 90 % or more of the items'
    /// bytes in `lightStatisticsTypes` (true with no items).
    var hasLightStatistics: Bool {
        var light = 0, all = 0
        for item in items {
            all += item.byteRange.count
            if item.tensorIndex >= 0, Self.lightStatisticsTypes.contains(tensors[item.tensorIndex].type) {
                light += item.byteRange.count
            }
        }
        return light * 10 >= all * 9
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
                if let needed = t.type.byteCount(elements: t.elementCount), needed != UInt64(t.byteCount) {
                    problems[i] = "data cut off by the end of the file: \(t.byteCount) of \(needed) bytes present"
                    continue
                }
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
        for (c, range) in request.checksums.map(\.range).enumerated() {
            var start = range.lowerBound
            while start < range.upperBound {
                let end = min(range.upperBound, start + itemBytes)
                items.append(StatisticsItem(tensorIndex: -1, byteRange: start..<end, checksumIndex: c))
                start = end
            }
        }
        // Stable: pieces of one checksum range stay in order (their CRCs are joined in item order).
        items = items.enumerated().sorted { ($0.element.byteRange.lowerBound, $0.offset) < ($1.element.byteRange.lowerBound, $1.offset) }
            .map(\.element)
        self.items = items
        self.problems = problems
    }

    /// Bytes of statistics work per item: fixed (not derived from the core count) so the merge order, and so
    /// every printed bit, is the same on every machine; 4 MiB gives a 250 MB model about 60 items to spread.
    static let itemBytes = 4 << 20
}
